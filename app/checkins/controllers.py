"""Request handler of "Plan the check-ins" on the partnership home."""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import format_date, ngettext
from flask_babel import gettext as _
from flask_login import current_user, login_required
from wtforms import SelectChoice

from app.agenda_templates import library
from app.checkins import planning
from app.checkins.forms import CheckinPlanForm
from app.extensions import db
from app.models.base import utcnow
from app.partnerships.access import partnership_or_404


def template_choices(facilitator) -> list[SelectChoice]:
    """Every agenda template the facilitator may use: the built-in ones, theirs, those shared."""
    templates = library.builtin_templates() + library.saved_for(facilitator)
    return [SelectChoice(library.choice_id(t), library.name_of(t)) for t in templates]


@login_required
def plan(partnership_id: int):
    """The form; on a valid post, the planned check-ins, then back to the partnership home."""
    partnership = partnership_or_404(partnership_id)
    form = CheckinPlanForm()
    form.template.choices = template_choices(current_user)
    if form.validate_on_submit():
        series = planning.Series(form.dates, form.start_time.data, form.minutes.data, form.every.data,
                                 form.unit.data, form.template.data)
        planned = planning.plan_series(partnership, series, current_user)
        db.session.commit()
        _flash_planned(planned)
        return redirect(url_for("partnerships.detail", partnership_id=partnership.id, _anchor="workshops-heading"))
    today = utcnow().date()
    upcoming = [day for day in planning.planned_dates(partnership, drafts_only=True) if day >= today]
    return render_template("checkins/plan.html", form=form, partnership=partnership, upcoming=upcoming), \
        (400 if request.method == "POST" else 200)


def _flash_planned(planned: planning.Planned) -> None:
    if planned.created:
        flash(ngettext("Planned %(num)d check-in. Each is a draft workshop below, with its agenda ready.",
                       "Planned %(num)d check-ins. Each is a draft workshop below, with its agenda ready.",
                       len(planned.created)), "success")
    else:
        flash(_("Nothing new was planned: every one of those dates already has a workshop."), "info")
    if planned.skipped and planned.created:
        flash(ngettext("Left out %(num)d date that already had a workshop: %(dates)s.",
                       "Left out %(num)d dates that already had a workshop: %(dates)s.", len(planned.skipped),
                       dates=", ".join(format_date(day, "long") for day in planned.skipped)), "info")
