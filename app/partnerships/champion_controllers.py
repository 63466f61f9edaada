"""Request handlers for an organisation's internal champion: its page, a handover, stepping down."""
from flask import abort, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.errors import render_error
from app.extensions import db
from app.models.base import utcnow
from app.partnerships import champions
from app.partnerships.access import partnership_or_404
from app.partnerships.forms import ChampionForm, StepDownForm


def _organisation_or_404(partnership) -> str:
    """The organisation the request names, as the partnership spells it; a 404 page otherwise."""
    organisation = champions.organisation_named(partnership, request.args.get("organisation", ""))
    if organisation is None:
        abort(make_response(render_error(404, _("No such organisation"), _(
            "This partnership has no organisation of that name. Choose one on the partnership's page."))))
    return organisation


def _page(partnership, organisation, hand_over_form=None, step_down_form=None, status=200):
    today = utcnow().date()
    return render_template(
        "partnerships/champion.html", partnership=partnership, organisation=organisation,
        current=champions.current_of(partnership, organisation),
        history=champions.history_of(partnership, organisation),
        hand_over_form=hand_over_form or ChampionForm(formdata=None, day=today),
        step_down_form=step_down_form or StepDownForm(formdata=None, left_on=today),
    ), status


def _back(partnership, organisation):
    return redirect(url_for("partnerships.champion", partnership_id=partnership.id, organisation=organisation))


@login_required
def champion(partnership_id: int):
    """One organisation's champion: who holds the role, the handover form, the history."""
    partnership = partnership_or_404(partnership_id)
    return _page(partnership, _organisation_or_404(partnership))


def _date_refused(field, current) -> bool:
    """Adds the reason to the date field when its day can't be used; True then."""
    problem = champions.handover_problem(current, field.data, utcnow().date())
    if problem:
        field.errors = [*field.errors, problem]
    return bool(problem)


@login_required
def hand_over(partnership_id: int):
    """Name the organisation's champion; a current one hands over to them on that day."""
    partnership = partnership_or_404(partnership_id)
    organisation = _organisation_or_404(partnership)
    form = ChampionForm()
    current = champions.current_of(partnership, organisation)
    if not form.validate_on_submit() or _date_refused(form.day, current):
        return _page(partnership, organisation, hand_over_form=form, status=400)
    person = {"name": form.name.data, "role": form.role.data, "contact": form.contact.data, "note": form.note.data}
    champions.hand_over(partnership, organisation, person, form.day.data, current_user)
    db.session.commit()
    flash(_("%(name)s is now the champion of %(organisation)s. The plan has a proposed action to brief them.",
            name=form.name.data, organisation=organisation), "success")
    return _back(partnership, organisation)


@login_required
def step_down(partnership_id: int):
    """The current champion left the role and no one holds it yet."""
    partnership = partnership_or_404(partnership_id)
    organisation = _organisation_or_404(partnership)
    form = StepDownForm()
    current = champions.current_of(partnership, organisation)
    if current is None:
        form.validate_on_submit()
        form.left_on.errors = [_("No one holds the role now, so no one can step down.")]
        return _page(partnership, organisation, step_down_form=form, status=400)
    if not form.validate_on_submit() or _date_refused(form.left_on, current):
        return _page(partnership, organisation, step_down_form=form, status=400)
    champions.step_down(partnership, organisation, form.left_on.data)
    db.session.commit()
    flash(_("%(name)s stepped down. %(organisation)s has no champion until you name one.",
            name=current.name, organisation=organisation), "info")
    return _back(partnership, organisation)
