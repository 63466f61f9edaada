"""Request handlers for partnerships."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.errors import render_error
from app.exports.formats import BRIEF_FORMATS, ExportFailed, export_brief
from app.extensions import db
from app.live import revocation
from app.models import Invitation, Partnership
from app.partnerships import brief, champions, charts, home, invitations
from app.partnerships import trends as trend_data
from app.partnerships.access import partnership_or_404
from app.partnerships.forms import ConfirmForm, PartnershipForm, ShareForm


@login_required
def index():
    """The partnerships the facilitator owns or co-facilitates."""
    partnerships = db.session.execute(Partnership.visible_to(current_user)).scalars().all()
    return render_template("partnerships/index.html", partnerships=partnerships,
                           invitations=invitations.pending_for(current_user), answer_form=ConfirmForm())


@login_required
def create():
    form = PartnershipForm()
    if form.validate_on_submit():
        partnership = Partnership(owner_id=current_user.id)
        form.populate_obj(partnership)
        db.session.add(partnership)
        db.session.commit()
        flash(_("Partnership created. Now plan its first workshop."), "success")
        return redirect(url_for("partnerships.detail", partnership_id=partnership.id))
    return render_template("partnerships/form.html", form=form, partnership=None)


@login_required
def detail(partnership_id: int):
    """The partnership home: its workshops, the plan's state, what is still open, its team."""
    partnership = partnership_or_404(partnership_id)
    is_owner = partnership.owner_id == current_user.id
    return render_template(
        "partnerships/detail.html",
        partnership=partnership,
        home=home.build(partnership),
        share_form=ShareForm(),
        is_owner=is_owner,
        invited=invitations.pending_of(partnership) if is_owner else [],
    )


@login_required
def trends(partnership_id: int):
    """The partnership's trends: one chart (and its table) per figure measured in two held
    workshops or more, and the figures measured once so far."""
    partnership = partnership_or_404(partnership_id)
    return render_template("partnerships/trends.html", partnership=partnership, trends=trend_data.build(partnership),
                           charts=charts)


@login_required
def trends_screen(partnership_id: int):
    """The trends on the room screen, one chart at a time (``?chart=2``: the second)."""
    partnership = partnership_or_404(partnership_id)
    drawn = trend_data.build(partnership).charts
    number = request.args.get("chart", "1")
    if not number.isdigit() or (drawn and not 1 <= int(number) <= len(drawn)):
        return render_error(404, _("There is no such chart"), _(
            "That chart is not one of this partnership's trends. Go back to the trends page and open the room "
            "screen from there."))
    return render_template("partnerships/trends_screen.html", partnership=partnership, drawn=drawn,
                           number=int(number), charts=charts)


@login_required
def edit(partnership_id: int):
    partnership = partnership_or_404(partnership_id)
    form = PartnershipForm(obj=partnership)
    if form.validate_on_submit():
        form.populate_obj(partnership)
        db.session.commit()
        flash(_("Changes saved."), "success")
        return redirect(url_for("partnerships.detail", partnership_id=partnership.id))
    return render_template("partnerships/form.html", form=form, partnership=partnership)


@login_required
def share(partnership_id: int):
    """Invite a co-facilitator by email (owner only). The answer is the same whether or not
    there is an account for that email, so it can't be used to find out who has one."""
    partnership = _owned_or_abort(partnership_id)
    form = ShareForm()
    if form.validate_on_submit():
        invitations.invite(partnership, form.email.data)
        db.session.commit()
        flash(_("Invitation saved for %(email)s. They'll see it when they log in with that email (after "
                "registering, if they're new here) and can accept or decline.", email=form.email.data), "success")
    else:
        for errors in form.errors.values():
            flash(errors[0], "error")
    return redirect(url_for("partnerships.detail", partnership_id=partnership.id))


@login_required
def unshare(partnership_id: int, facilitator_id: int):
    """Remove a co-facilitator (owner only)."""
    partnership = _owned_or_abort(partnership_id)
    if ConfirmForm().validate_on_submit():
        partnership.co_facilitators = [f for f in partnership.co_facilitators if f.id != facilitator_id]
        db.session.commit()
        # Their open consoles and screens of this partnership lose sync, control and act now.
        revocation.end_facilitator(facilitator_id, revocation.unshared_message(), partnership.id)
        flash(_("Co-facilitator removed."), "info")
    return redirect(url_for("partnerships.detail", partnership_id=partnership.id))


def _owned_or_abort(partnership_id: int) -> Partnership:
    partnership = partnership_or_404(partnership_id)
    if partnership.owner_id != current_user.id:
        abort(403)
    return partnership


@login_required
def cancel_invitation(partnership_id: int, invitation_id: int):
    """Withdraw an invitation not yet answered (owner only)."""
    partnership = _owned_or_abort(partnership_id)
    invitation = db.session.get(Invitation, invitation_id)
    if ConfirmForm().validate_on_submit() and invitation and invitation.partnership_id == partnership.id:
        db.session.delete(invitation)
        db.session.commit()
        flash(_("Invitation withdrawn."), "info")
    return redirect(url_for("partnerships.detail", partnership_id=partnership.id))


@login_required
def answer_invitation(invitation_id: int, answer: str):
    """Accept or decline an invitation sent to the logged-in facilitator's email."""
    invitation = db.session.get(Invitation, invitation_id)
    if invitation is None or invitation.email != current_user.email or answer not in ("accept", "decline"):
        abort(404)
    if ConfirmForm().validate_on_submit():
        partnership = invitation.partnership
        invitations.answer(invitation, current_user, accept=answer == "accept")
        db.session.commit()
        if answer == "accept":
            flash(_("You now co-facilitate %(name)s.", name=partnership.name), "success")
            return redirect(url_for("partnerships.detail", partnership_id=partnership.id))
        flash(_("Invitation declined."), "info")
    return redirect(url_for("partnerships.index"))


@login_required
def delete(partnership_id: int):
    """Ask first; on confirmation delete the partnership with its workshops, participants and
    plan (owner only). Its open consoles and rooms are closed."""
    partnership = _owned_or_abort(partnership_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        from app.workshops import agenda

        for workshop in list(partnership.workshops):
            agenda.delete_workshop(workshop)
        db.session.delete(partnership)
        db.session.commit()
        flash(_("The partnership, its workshops and its plan have been deleted."), "info")
        return redirect(url_for("partnerships.index"))
    participants = sum(len(w.participants) for w in partnership.workshops)
    return render_template("partnerships/delete.html", form=form, partnership=partnership,
                           participant_count=participants)


def _chosen_organisation(partnership) -> tuple[str | None, list[str]]:
    """The organisation the request names (as the partnership spells it), and all of them."""
    names = brief.organisations_of(partnership)
    asked = " ".join((request.args.get("organisation") or "").split()).casefold()
    return next((name for name in names if " ".join(name.split()).casefold() == asked), None), names


@login_required
def newcomer_brief(partnership_id: int):
    """One organisation's brief, or the choice of organisation (404 for a name it does not know)."""
    partnership = partnership_or_404(partnership_id)
    organisation, names = _chosen_organisation(partnership)
    asked = bool(request.args.get("organisation"))
    return render_template(
        "partnerships/brief.html", partnership=partnership, organisations=names, unknown=asked and not organisation,
        brief=brief.build(partnership, organisation) if organisation else None, part_titles=brief.part_titles(),
        detail_line=brief.detail_line, formats=BRIEF_FORMATS, champion_heading=brief.CHAMPION_HEADING,
        champion_line=brief.champion_line, handover_heading=brief.handover_heading,
        has_champion_page=bool(organisation and champions.organisation_named(partnership, organisation)),
    ), (404 if asked and not organisation else 200)


@login_required
def newcomer_brief_file(partnership_id: int, fmt: str):
    from app.plan.controllers import _download, _export_failed

    partnership = partnership_or_404(partnership_id)
    organisation, _names = _chosen_organisation(partnership)
    if fmt not in BRIEF_FORMATS or organisation is None:
        abort(404)
    try:
        return _download(*export_brief(brief.build(partnership, organisation), fmt))
    except ExportFailed as failure:
        back = url_for("partnerships.newcomer_brief", partnership_id=partnership.id, organisation=organisation)
        return _export_failed(failure, back, _("Newcomer brief"))
