"""Request handlers for workshops: creation, the agenda editor, settings, deletion, QR code."""
from flask import Response, current_app, flash, redirect, render_template, request, url_for
from flask_babel import force_locale, ngettext
from flask_babel import gettext as _
from flask_login import current_user, login_required
from wtforms import SelectChoice

from app.agenda_templates import library
from app.checkins import carry_over
from app.exercises.defaults import LocalizedStep, localize
from app.extensions import db
from app.forms_common import bind
from app.i18n import current_language
from app.live import windows_text
from app.models import Workshop
from app.origins import external_url, join_url
from app.partnerships.access import partnership_or_404
from app.tables.instances import inherit
from app.workshops import agenda, between
from app.workshops.access import step_or_404, workshop_or_404
from app.workshops.codes import new_join_code
from app.workshops.forms import (
    AddStepForm,
    ConfirmForm,
    MoveStepForm,
    ReorderForm,
    SettingsForm,
    StepForm,
    WorkshopForm,
)
from app.workshops.qr import qr_svg
from app.workshops.window_forms import WindowForm


@login_required
def create(partnership_id: int):
    """Create a draft workshop with a fresh join code: a blank agenda, or one from a template."""
    partnership = partnership_or_404(partnership_id)
    form = WorkshopForm()
    if request.method == "GET" and request.args.get("template"):
        form.template.data = request.args["template"]
    if form.validate_on_submit():
        template = library.resolve(form.template.data, current_user)
        # A new workshop speaks its facilitator's language until the settings say otherwise.
        workshop = Workshop(partnership=partnership, title=form.title.data, join_code=new_join_code(),
                            status="draft", language=current_language())
        db.session.add(workshop)
        applied = library.apply_template(workshop, template) if template is not None else None
        carried = carry_over.carry_into(workshop) if carry_over.is_check_in(template) else None
        db.session.commit()
        _flash_created(template, applied)
        if carried:
            flash(ngettext("Carried over %(num)d open item from “%(title)s”.",
                           "Carried over %(num)d open items from “%(title)s”.", carried["count"],
                           title=carried["from_title"]), "info")
        return redirect(url_for("workshops.detail", workshop_id=workshop.id))
    return render_template("workshops/create.html", form=form, partnership=partnership,
                           offer=library.offer(current_user))


def _flash_created(template, applied) -> None:
    if template is None:
        flash(_("Workshop created. Add the steps of your agenda."), "success")
        return
    count = len(applied.steps)
    flash(ngettext("Workshop created from “%(name)s” with %(num)d step.",
                   "Workshop created from “%(name)s” with %(num)d steps.", count, name=library.name_of(template)),
          "success")
    if applied.skipped:
        flash(_("Left out because their exercise isn't enabled on this server: %(steps)s.",
                steps=", ".join(applied.skipped)), "info")
    if applied.reset:
        flash(_("The saved configuration no longer fits the exercise, so these steps start from its defaults: "
                "%(steps)s.", steps=", ".join(applied.reset)), "info")


@login_required
def detail(workshop_id: int):
    """The agenda editor: the steps in order, with forms to add, move, edit and remove them."""
    workshop = workshop_or_404(workshop_id)
    add_form = AddStepForm()
    add_form.exercise.choices = [SelectChoice(key, ex.title) for key, ex in agenda.enabled_exercises().items()]
    exercises = agenda.enabled_exercises()
    language = current_language()
    # Default and template texts (titles, notes) in the editor's language, the rest as written.
    steps = [LocalizedStep(step, exercises[step.exercise_key], language) if step.exercise_key in exercises else step
             for step in workshop.steps]
    return render_template(
        "workshops/detail.html",
        workshop=workshop,
        steps=steps,
        add_form=add_form,
        exercises=exercises,
        total_minutes=agenda.total_minutes(workshop),
        join_url=join_url(workshop),
        windows={s.id: between.window_facts(workshop, s) for s in workshop.steps if s.opens_at is not None},
    )


@login_required
def settings(workshop_id: int):
    workshop = workshop_or_404(workshop_id)
    form = SettingsForm(obj=workshop)
    if form.validate_on_submit():
        form.populate_obj(workshop)
        db.session.commit()
        flash(_("Settings saved."), "success")
        return redirect(url_for("workshops.detail", workshop_id=workshop.id))
    return render_template("workshops/settings.html", form=form, workshop=workshop)


@login_required
def delete(workshop_id: int):
    """Ask first; on confirmation delete the workshop, its participants and their contributions."""
    workshop = workshop_or_404(workshop_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        partnership_id = workshop.partnership_id
        agenda.delete_workshop(workshop)
        db.session.commit()
        flash(_("The workshop and everything people contributed to it have been deleted."), "info")
        return redirect(url_for("partnerships.detail", partnership_id=partnership_id))
    return render_template("workshops/delete.html", form=form, workshop=workshop,
                           participant_count=len(workshop.participants))


@login_required
def add_step(workshop_id: int):
    workshop = workshop_or_404(workshop_id)
    form = AddStepForm()
    if form.validate_on_submit():
        try:
            step = agenda.add_step(workshop, form.exercise.data)
        except agenda.AgendaError as error:
            flash(error.message, "error")
        else:
            db.session.commit()
            flash(_("Added “%(title)s”. Set it up for your room here.", title=step.title), "success")
            # A new step starts from defaults: its configuration is the next thing to look at.
            return redirect(url_for("workshops.edit_step", workshop_id=workshop.id, step_id=step.id))
    return redirect(url_for("workshops.detail", workshop_id=workshop.id, _anchor="agenda"))


@login_required
def reorder_steps(workshop_id: int):
    """The whole new order in one request (the editor's drag or keyboard move sends it)."""
    workshop = workshop_or_404(workshop_id)
    form = ReorderForm()
    ids = form.step_ids() if form.validate_on_submit() else None
    try:
        if ids is None:
            raise agenda.AgendaError(_("That order could not be read. Reload the page and try again."))
        agenda.reorder_steps(workshop, ids)
    except agenda.AgendaError as error:
        db.session.rollback()
        if request.accept_mimetypes.best == "application/json":
            return {"ok": False, "error": error.message}, 409
        flash(error.message, "error")
    else:
        db.session.commit()
        if request.accept_mimetypes.best == "application/json":
            return {"ok": True, "order": [s.id for s in workshop.steps]}
    return redirect(url_for("workshops.detail", workshop_id=workshop.id, _anchor="agenda"))


@login_required
def duplicate(workshop_id: int):
    """Copy the workshop's agenda and settings into a new draft, and open it."""
    workshop = workshop_or_404(workshop_id)
    if not ConfirmForm().validate_on_submit():
        flash(_("That request expired. Try again."), "error")
        return redirect(url_for("workshops.detail", workshop_id=workshop.id))
    title = _("%(title)s (copy)", title=workshop.title)[:160]
    copy = agenda.duplicate_workshop(workshop, title, new_join_code())
    db.session.commit()
    flash(_("Duplicated: this is the new workshop “%(title)s”, with its own join code.", title=copy.title), "success")
    return redirect(url_for("workshops.detail", workshop_id=copy.id))


@login_required
def move_step(workshop_id: int, step_id: int):
    workshop, step = step_or_404(workshop_id, step_id)
    form = MoveStepForm()
    if form.validate_on_submit():
        agenda.move_step(workshop, step, form.direction.data)
        db.session.commit()
    return redirect(url_for("workshops.detail", workshop_id=workshop.id, _anchor=f"step-{step.id}"))


@login_required
def remove_step(workshop_id: int, step_id: int):
    """Remove at once when nobody contributed; otherwise ask on a page of its own first."""
    workshop, step = step_or_404(workshop_id, step_id)
    form = ConfirmForm()
    contributions = agenda.contribution_count(step)
    if form.validate_on_submit() and (not contributions or request.form.get("confirm") == "yes"):
        agenda.remove_step(workshop, step)
        db.session.commit()
        flash(_("Removed “%(title)s”.", title=step.title), "info")
        return redirect(url_for("workshops.detail", workshop_id=workshop.id, _anchor="agenda"))
    return render_template("workshops/remove_step.html", form=form, workshop=workshop, step=step,
                           contributions=contributions)


@login_required
def edit_step(workshop_id: int, step_id: int):
    """Edit the step's title, notes and duration (its configuration has its own form below)."""
    workshop, step = step_or_404(workshop_id, step_id)
    form = StepForm(obj=step)
    if form.validate_on_submit():
        form.populate_obj(step)
        inherit(step)  # a step run in tables: each table's instance shows the same title and duration
        db.session.commit()
        flash(_("Step saved."), "success")
        return redirect(url_for("workshops.edit_step", workshop_id=workshop.id, step_id=step.id))
    return _render_step(workshop, step, form, _config_form(step))


@login_required
def configure_step(workshop_id: int, step_id: int):
    """Validate the exercise's own config form; save it and restart the step's state."""
    workshop, step = step_or_404(workshop_id, step_id)
    exercise = agenda.enabled_exercises().get(step.exercise_key)
    if exercise is None:
        flash(_("This exercise isn't enabled on this server, so its configuration can't be changed."), "error")
        return redirect(url_for("workshops.edit_step", workshop_id=workshop.id, step_id=step.id))
    config_form = bind(exercise.config_form, formdata=request.form)
    if config_form.validate():
        try:
            agenda.configure_step(step, dict(config_form.data))
        except agenda.AgendaError as error:
            flash(error.message, "error")
            return _render_step(workshop, step, StepForm(obj=step), config_form, status=409)
        db.session.commit()
        flash(_("Configuration saved."), "success")
        return redirect(url_for("workshops.edit_step", workshop_id=workshop.id, step_id=step.id))
    return _render_step(workshop, step, StepForm(obj=step), config_form, status=400)


@login_required
def step_window(workshop_id: int, step_id: int):
    """Open the step between sessions for a period, or (``clear``) close that window."""
    workshop, step = step_or_404(workshop_id, step_id)
    form = WindowForm(step=step)
    if request.form.get("clear") and ConfirmForm().validate_on_submit():
        step.opens_at = step.closes_at = None
        inherit(step)
        db.session.commit()
        flash(_("This step is no longer open between sessions."), "info")
    elif not form.validate_on_submit():
        return _render_step(workshop, step, StepForm(obj=step), _config_form(step), status=400, window_form=form)
    else:
        step.opens_at, step.closes_at = form.utc_window()
        inherit(step)  # the tables' instances are open between sessions in the same window
        db.session.commit()
        flash(_("Saved: this step is open for contributions from %(opens)s until %(closes)s.",
                opens=windows_text.moment(step.opens_at), closes=windows_text.moment(step.closes_at)), "success")
    return redirect(url_for("workshops.edit_step", workshop_id=workshop.id, step_id=step.id, _anchor="between"))


@login_required
def step_qr(workshop_id: int, step_id: int):
    """The QR code of a step's link between sessions, to send to partners or print."""
    workshop, step = step_or_404(workshop_id, step_id)
    title = _("Scan to contribute to “%(title)s”", title=windows_text.step_title(step))
    svg = qr_svg(between.link(workshop, step), title=title)
    response = Response(svg, mimetype="image/svg+xml")
    response.headers["Cache-Control"] = "private, max-age=300"
    return response


@login_required
def qr(workshop_id: int):
    """The QR code of the workshop's short join link, for the room screen."""
    workshop = workshop_or_404(workshop_id)
    with force_locale(workshop.language or "en"):  # shown on the room screen, in the workshop's language
        svg = qr_svg(join_url(workshop))
    response = Response(svg, mimetype="image/svg+xml")
    response.headers["Cache-Control"] = "private, max-age=300"
    return response


def plan_qr(workshop_id: int):
    """The QR code of participants' "my plan" page, shown on the room screen after the end."""
    workshop = workshop_or_404(workshop_id)
    with force_locale(workshop.language or "en"):
        svg = qr_svg(external_url("plan.my_plan", workshop_id=workshop.id),
                     title=_("Scan to read the shared plan"))
    response = Response(svg, mimetype="image/svg+xml")
    response.headers["Cache-Control"] = "private, max-age=300"
    return response


def _config_form(step):
    exercise = agenda.enabled_exercises().get(step.exercise_key)
    if exercise is None:
        return None
    # Default texts in the editor's language; saved unchanged they are still the default.
    return bind(exercise.config_form, data=localize(exercise, step.config or {}, current_language()))


def _render_step(workshop, step, form, config_form, status=200, window_form=None):
    return render_template(
        "workshops/step.html",
        workshop=workshop,
        step=step,
        form=form,
        config_form=config_form,
        window_form=window_form or WindowForm(step=step),
        window=between.window_facts(workshop, step),
        exercise=current_app.extensions["exercises"].get(step.exercise_key),
        config_locked=agenda.contribution_count(step) > 0,
    ), status
