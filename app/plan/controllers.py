"""Request handlers of the plan: the page, curation, history, snapshots and exports."""
from __future__ import annotations

from flask import Response, abort, current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from app.exercises.contract import PLAN_SECTIONS
from app.exports import PLAN_FORMATS, WORKSHOP_FORMATS, ExportFailed, export_plan, export_workshop, model
from app.exports import html as html_export
from app.exports.formats import AGREEMENT_FORMATS, COMPARISON_FORMATS, export_agreement, export_comparison
from app.extensions import db
from app.models import PlanItem, PlanSnapshot
from app.partnerships.access import partnership_or_404
from app.plan import curate
from app.plan.collect import refresh_partnership
from app.plan.comparison import UnknownMoment, comparison
from app.plan.figures import group_name
from app.plan.forms import (
    ACTION_STATUSES,
    CHANGES,
    FACILITATOR_SECTIONS,
    BulkForm,
    ButtonForm,
    MoveForm,
    data_labels,
    form_for,
)
from app.plan.history import ACTIONS, revisions
from app.plan.items import by_section, plan_items, provenance_line, section_title, worded
from app.plan.snapshot import snapshots
from app.workshops.access import workshop_or_404


def _item_or_404(partnership, item_id: int) -> PlanItem:
    item = db.session.get(PlanItem, item_id)
    if item is None or item.partnership_id != partnership.id:
        abort(404)
    return item


def _back(partnership, item=None):
    anchor = f"#item-{item.id}" if item is not None and item.id else ""
    return redirect(url_for("plan.page", partnership_id=partnership.id) + anchor)


@login_required
def page(partnership_id: int, add_forms: dict | None = None, status: int = 200):
    """The living plan: every section in plan order, with its items and curation buttons."""
    partnership = partnership_or_404(partnership_id)
    forms = {key: form_cls(prefix=key) for key, form_cls in FACILITATOR_SECTIONS.items()}
    forms.update(add_forms or {})
    items = plan_items(partnership.id)
    return render_template(
        "plan/page.html", partnership=partnership, sections=by_section(items), add_forms=forms,
        button_form=ButtonForm(), provenance_line=provenance_line, formats=PLAN_FORMATS,
        data_labels=data_labels(), action_statuses=ACTION_STATUSES, agreement_formats=AGREEMENT_FORMATS,
        counts={s: sum(1 for i in items if i.status == s) for s in ("proposed", "promoted", "dropped")},
    ), status


@login_required
def refresh(partnership_id: int):
    partnership = partnership_or_404(partnership_id)
    if not ButtonForm().validate_on_submit():
        abort(400)
    result = refresh_partnership(partnership, current_user)
    flash(ngettext("Collected from %(num)d workshop: %(added)s new, %(updated)s updated.",
                   "Collected from %(num)d workshops: %(added)s new, %(updated)s updated.",
                   len(partnership.workshops), added=result.added, updated=result.updated), "success")
    return _back(partnership)


@login_required
def add(partnership_id: int, section: str):
    partnership = partnership_or_404(partnership_id)
    if section not in FACILITATOR_SECTIONS:
        abort(404)
    form = FACILITATOR_SECTIONS[section](prefix=section)
    if not form.validate_on_submit():
        flash(_("Check the form under “%(section)s”.", section=section_title(section)), "error")
        return page(partnership_id, add_forms={section: form}, status=400)
    title, text, data = form.values()
    item = curate.add(partnership, section, title, text, data, current_user)
    db.session.commit()
    flash(_("Added to “%(section)s”.", section=section_title(section)), "success")
    return _back(partnership, item)


@login_required
def edit(partnership_id: int, item_id: int):
    partnership = partnership_or_404(partnership_id)
    item = _item_or_404(partnership, item_id)
    form = form_for(item)
    if form.validate_on_submit():
        title, text, data = form.values()
        if (title, text) == tuple(worded(item).values()):
            # The words as shown in this reader's language, untouched: the item keeps its wording.
            title, text = item.title, item.text
        changed = curate.edit(item, title, text, data if item.origin == "facilitator" else None, current_user)
        db.session.commit()
        flash(_("Saved.") if changed else _("Nothing changed."), "success")
        return _back(partnership, item)
    if not form.is_submitted():
        form.load(item)
    return render_template("plan/edit.html", partnership=partnership, item=item, form=form,
                           section_title=section_title(item.section),
                           provenance=provenance_line(item.provenance)), 400 if form.errors else 200


@login_required
def change_status(partnership_id: int, item_id: int, change: str):
    partnership = partnership_or_404(partnership_id)
    item = _item_or_404(partnership, item_id)
    if not ButtonForm().validate_on_submit():
        abort(400)
    curate.set_status(item, CHANGES[change], current_user)
    db.session.commit()
    if _wants_json():
        return _curated(partnership, [item], 1)
    return _back(partnership, item)


@login_required
def bulk(partnership_id: int):
    """Several items at once (ticked, or a section's proposed ones); JSON for the page's script,
    a redirect with a message without it."""
    partnership = partnership_or_404(partnership_id)
    form = BulkForm()
    if not form.validate_on_submit():
        abort(400)
    items = _bulk_items(partnership, form)
    changed = sum(curate.set_status(item, CHANGES[form.change.data], current_user) for item in items)
    db.session.commit()
    if _wants_json():
        return _curated(partnership, items, changed)
    flash(ngettext("%(num)d item changed.", "%(num)d items changed.", changed) if changed
          else _("Nothing to change: tick some items first."), "success" if changed else "error")
    return _back(partnership)


def _bulk_items(partnership, form) -> list[PlanItem]:
    query = db.select(PlanItem).filter_by(partnership_id=partnership.id)
    if form.item_ids.data:
        query = query.where(PlanItem.id.in_(form.item_ids.data))
    elif form.section.data in PLAN_SECTIONS:
        query = query.filter_by(section=form.section.data, status="proposed")
    else:
        return []
    return db.session.execute(query.order_by(PlanItem.position, PlanItem.id)).scalars().all()


def _wants_json() -> bool:
    return request.accept_mimetypes.best == "application/json"


def _curated(partnership, items, changed: int):
    """What the page's script needs after a change: the items' new statuses and the counts."""
    counts = dict(db.session.execute(
        db.select(PlanItem.status, db.func.count()).filter_by(partnership_id=partnership.id)
        .group_by(PlanItem.status)).all())
    message = ngettext("%(num)d item changed.", "%(num)d items changed.", changed) if changed \
        else _("Nothing changed.")
    return jsonify(ok=True, changed=changed, message=message, items={item.id: item.status for item in items},
                   counts={s: counts.get(s, 0) for s in ("proposed", "promoted", "dropped")})


@login_required
def move(partnership_id: int, item_id: int):
    partnership = partnership_or_404(partnership_id)
    item = _item_or_404(partnership, item_id)
    form = MoveForm()
    if not form.validate_on_submit():
        abort(400)
    curate.move(item, form.direction.data, current_user)
    db.session.commit()
    return _back(partnership, item)


@login_required
def history_page(partnership_id: int):
    partnership = partnership_or_404(partnership_id)
    return render_template("plan/history.html", partnership=partnership, revisions=revisions(partnership.id),
                           actions=ACTIONS, sections={key: section_title(key) for key in PLAN_SECTIONS})


@login_required
def snapshots_page(partnership_id: int):
    partnership = partnership_or_404(partnership_id)
    return render_template("plan/snapshots.html", partnership=partnership, snapshots=snapshots(partnership.id))


@login_required
def snapshot_page(partnership_id: int, snapshot_id: int):
    partnership = partnership_or_404(partnership_id)
    snapshot = db.session.get(PlanSnapshot, snapshot_id)
    if snapshot is None or snapshot.partnership_id != partnership.id:
        abort(404)
    return render_template("plan/snapshot.html", partnership=partnership, snapshot=snapshot,
                           sections=by_section(snapshot.items or []), provenance_line=provenance_line)


@login_required
def compare_page(partnership_id: int):
    """What changed between a snapshot (default: the latest) and a later one or the plan now."""
    partnership = partnership_or_404(partnership_id)
    try:
        found = comparison(partnership, request.args.get("from"), request.args.get("to"))
    except UnknownMoment:
        return render_template("plan/compare.html", partnership=partnership, snapshots=snapshots(partnership.id),
                               before=None, after=None, changes=None, unknown=True), 404
    return render_template("plan/compare.html", partnership=partnership, snapshots=found.snapshots,
                           before=found.before, after=found.after, changes=found.changes, room=found.room,
                           figures=found.figures, comparison=found, unknown=False, labels=data_labels(),
                           provenance_line=provenance_line, formats=COMPARISON_FORMATS,
                           group_name=group_name)


@login_required
def compare_export(partnership_id: int, fmt: str):
    """The comparison as a file (Markdown, Word, PDF), for the same ``?from=&to=`` as the page."""
    partnership = partnership_or_404(partnership_id)
    if fmt not in COMPARISON_FORMATS:
        abort(404)
    try:
        found = comparison(partnership, request.args.get("from"), request.args.get("to"))
    except UnknownMoment:
        return render_template("plan/compare.html", partnership=partnership, snapshots=snapshots(partnership.id),
                               before=None, after=None, changes=None, unknown=True), 404
    back = url_for("plan.compare", partnership_id=partnership.id)
    if found.before is None:
        return render_template("plan/compare.html", partnership=partnership, snapshots=found.snapshots,
                               before=None, after=None, changes=None, unknown=False), 400
    try:
        return _download(*export_comparison(partnership, found, fmt))
    except ExportFailed as failure:
        return _export_failed(failure, back, _("What changed"))


@login_required
def print_view(partnership_id: int):
    """The print view: the plan as HTML for the browser's own Print (the PDF has the same content)."""
    partnership = partnership_or_404(partnership_id)
    return html_export.render(model.plan_document(partnership),
                              stylesheet_url=url_for("static", filename="css/print.css"))


@login_required
def export(partnership_id: int, fmt: str):
    partnership = partnership_or_404(partnership_id)
    if fmt not in PLAN_FORMATS:
        abort(404)
    try:
        return _download(*export_plan(partnership, fmt))
    except ExportFailed as failure:
        return _export_failed(failure, url_for("plan.page", partnership_id=partnership.id), _("The plan"))


@login_required
def agreement_export(partnership_id: int, fmt: str):
    """The agreement document (DOCX or PDF) from the plan's agreements section."""
    partnership = partnership_or_404(partnership_id)
    if fmt not in AGREEMENT_FORMATS:
        abort(404)
    try:
        return _download(*export_agreement(partnership, fmt))
    except ExportFailed as failure:
        return _export_failed(failure, url_for("plan.page", partnership_id=partnership.id), _("The plan"))


@login_required
def workshop_export(workshop_id: int, fmt: str):
    workshop = workshop_or_404(workshop_id)
    if fmt not in WORKSHOP_FORMATS:
        abort(404)
    if fmt == "summary":
        return html_export.render_summary(model.workshop_document(workshop),
                                          stylesheet_url=url_for("static", filename="css/print.css"))
    try:
        return _download(*export_workshop(workshop, fmt))
    except ExportFailed as failure:
        return _export_failed(failure, url_for("workshops.detail", workshop_id=workshop.id), workshop.title)


def _export_failed(failure: ExportFailed, back_url: str, back_label: str):
    """A page that says which file could not be made (the downloads script shows the same words)."""
    current_app.logger.error("an export failed: %s", failure.reason, exc_info=failure.__cause__)
    return render_template("plan/export_failed.html", message=str(failure), back_url=back_url,
                           back_label=back_label), 503


def _download(content: bytes, mimetype: str, filename: str) -> Response:
    response = Response(content, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response
