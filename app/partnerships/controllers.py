"""Request handlers for partnerships."""
from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.extensions import db
from app.live import revocation
from app.models import Facilitator, Partnership
from app.partnerships.access import partnership_or_404
from app.partnerships.forms import ConfirmForm, PartnershipForm, ShareForm


@login_required
def index():
    """The partnerships the facilitator owns or co-facilitates."""
    partnerships = db.session.execute(Partnership.visible_to(current_user)).scalars().all()
    return render_template("partnerships/index.html", partnerships=partnerships)


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
    """The partnership, its workshops and who co-facilitates it."""
    partnership = partnership_or_404(partnership_id)
    return render_template(
        "partnerships/detail.html",
        partnership=partnership,
        share_form=ShareForm(),
        is_owner=partnership.owner_id == current_user.id,
    )


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
    """Add a co-facilitator by the email of their existing account (owner only)."""
    partnership = _owned_or_abort(partnership_id)
    form = ShareForm()
    if form.validate_on_submit():
        message, category = _add_co_facilitator(partnership, form.email.data)
        flash(message, category)
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


def _add_co_facilitator(partnership: Partnership, email: str) -> tuple[str, str]:
    """Share ``partnership`` with the account for ``email``; returns a flash message and category."""
    facilitator = db.session.execute(db.select(Facilitator).filter_by(email=email)).scalar_one_or_none()
    if facilitator is None:
        return (_("There's no account for %(email)s on this server. Ask them to register first, "
                  "then share again.", email=email), "error")
    if partnership.can_access(facilitator):
        return _("%(name)s can already work on this partnership.", name=facilitator.display_name), "info"
    partnership.co_facilitators.append(facilitator)
    db.session.commit()
    return _("%(name)s can now co-facilitate this partnership.", name=facilitator.display_name), "success"
