"""Every blueprint of the core, registered in one place."""
from flask import Flask


def register_blueprints(app: Flask) -> None:
    from app.agenda_templates.blueprint import bp as agenda_templates_bp
    from app.assets.blueprint import bp as assets_bp
    from app.auth.blueprint import bp as auth_bp
    from app.checkins.blueprint import bp as checkins_bp
    from app.join.blueprint import bp as join_bp
    from app.live.blueprint import bp as live_bp
    from app.ops.blueprint import bp as ops_bp
    from app.partnerships.blueprint import bp as partnerships_bp
    from app.plan.blueprint import bp as plan_bp
    from app.workshops.blueprint import bp as workshops_bp

    for blueprint in (assets_bp, live_bp, auth_bp, partnerships_bp, workshops_bp, agenda_templates_bp, join_bp,
                      plan_bp, ops_bp, checkins_bp):
        app.register_blueprint(blueprint)
