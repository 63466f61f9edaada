"""Request handlers for agenda templates: save a workshop's agenda, list mine, delete."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.agenda_templates import library
from app.agenda_templates.forms import SaveTemplateForm
from app.extensions import db
from app.models import AgendaTemplate
from app.workshops.access import workshop_or_404
from app.workshops.forms import ConfirmForm


@login_required
def save(workshop_id: int):
    """Keep the workshop's agenda (titles, notes, durations, changed settings) as a template."""
    workshop = workshop_or_404(workshop_id)
    form = SaveTemplateForm()
    if request.method == "GET":
        form.name.data = workshop.title
    if not workshop.steps:
        flash(_("Add at least one step before saving the agenda as a template."), "error")
        return redirect(url_for("workshops.detail", workshop_id=workshop.id, _anchor="agenda"))
    if len(workshop.steps) > library.MAX_STEPS:
        form.name.errors = [_("A template holds at most %(n)s steps.", n=library.MAX_STEPS)]
    elif form.validate_on_submit():
        template = AgendaTemplate(owner_id=current_user.id, name=form.name.data, description=form.description.data,
                                  shared=form.shared.data, steps=library.template_steps(workshop))
        db.session.add(template)
        db.session.commit()
        flash(_("Saved the agenda as “%(name)s”. It's offered when you create a workshop.", name=template.name),
              "success")
        return redirect(url_for("agenda_templates.index"))
    return render_template("agenda_templates/save.html", form=form, workshop=workshop)


@login_required
def index():
    """My templates (with delete) and the ones co-facilitators share with me."""
    templates = library.saved_for(current_user)
    return render_template(
        "agenda_templates/index.html",
        own=[t for t in templates if t.owner_id == current_user.id],
        shared=[t for t in templates if t.owner_id != current_user.id],
        builtin=library.builtin_templates(),
    )


@login_required
def delete(template_id: int):
    """Only the owner may delete; anyone else gets the same 404 as for a template that doesn't exist."""
    template = db.session.get(AgendaTemplate, template_id)
    if template is None or template.owner_id != current_user.id:
        abort(404)
    if ConfirmForm().validate_on_submit():
        db.session.delete(template)
        db.session.commit()
        flash(_("Deleted the template “%(name)s”. Workshops made from it keep their steps.", name=template.name),
              "info")
    return redirect(url_for("agenda_templates.index"))
