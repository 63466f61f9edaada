"""Serve each exercise's templates and static files under its own namespace."""
from flask import Blueprint, Flask
from jinja2 import ChoiceLoader, FileSystemLoader, PrefixLoader


def install_exercises(app: Flask) -> None:
    """Templates as ``x/<key>/<name>.html``; static files at ``/x/<key>/static/<file>``."""
    loaders = {}
    for key, exercise in app.extensions["exercises"].items():
        loaders[key] = FileSystemLoader(str(exercise.template_folder))
        blueprint = Blueprint(
            f"x_{key}",
            __name__,
            static_folder=str(exercise.static_folder),
            static_url_path=f"/x/{key}/static",
        )
        app.register_blueprint(blueprint)
    app.jinja_loader = ChoiceLoader([app.jinja_loader, PrefixLoader({"x": PrefixLoader(loaders)})])
