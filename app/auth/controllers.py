"""Request handlers for facilitator accounts and the home page."""
from urllib.parse import urlsplit

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from app.auth import throttle
from app.auth.forms import ChangePasswordForm, LoginForm, RegisterForm
from app.auth.passwords import verify_password
from app.extensions import db
from app.live import revocation
from app.models import Facilitator


def home():
    """Facilitators go to their partnerships; everyone else sees the landing page."""
    if current_user.is_authenticated:
        return redirect(url_for("partnerships.index"))
    return render_template("auth/home.html")


def register():
    """Create a facilitator account and log it in (unless registration is invite-only)."""
    if not current_app.config["OPEN_REGISTRATION"]:
        return render_template("auth/registration_closed.html"), 403
    form = RegisterForm()
    if form.validate_on_submit():
        if throttle.register_limited(form.email.data):
            return throttle.refused()
        throttle.register_attempted(form.email.data)
        if _find(form.email.data):
            form.email.errors.append(_("There is already an account with this email. Try logging in."))
        else:
            facilitator = Facilitator(email=form.email.data, name=form.name.data or "")
            facilitator.set_password(form.password.data)
            db.session.add(facilitator)
            db.session.commit()
            login_user(facilitator)
            flash(_("Welcome to Common Ground. Start by creating a partnership."), "success")
            return redirect(url_for("partnerships.index"))
    return render_template("auth/register.html", form=form)


def login():
    """Check the email and password; the same message for an unknown email and a wrong password."""
    form = LoginForm()
    if form.validate_on_submit():
        if throttle.login_limited(form.email.data):
            return throttle.refused()
        facilitator = _find(form.email.data)
        # An unknown email is checked against a dummy hash: the same time as a wrong password.
        if verify_password(facilitator and facilitator.password_hash, form.password.data):
            login_user(facilitator)
            return redirect(_safe_next(request.args.get("next")) or url_for("partnerships.index"))
        throttle.login_failed(form.email.data)
        # Saying which of the two was wrong would tell strangers who has an account.
        form.password.errors.append(_("That email and password don't match an account."))
    return render_template("auth/login.html", form=form)


def logout():
    """Log out (POST only, so a link on another site can't log people out). Every session of
    the account ends, so a copied session cookie stops working too, and open consoles close."""
    if current_user.is_authenticated:
        facilitator_id = current_user.id
        current_user.end_sessions()
        db.session.commit()
        logout_user()
        revocation.end_facilitator(facilitator_id, revocation.signed_out_message())
    flash(_("You are logged out."), "info")
    return redirect(url_for("auth.home"))


@login_required
def account():
    """Show the account and let the facilitator change their password."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        if not current_user.check_password(form.current.data):
            form.current.errors.append(_("That isn't your current password."))
        else:
            current_user.set_password(form.password.data)
            current_user.end_sessions()  # every other session, and any copied cookie, ends here
            db.session.commit()
            login_user(current_user._get_current_object())  # ...but this browser stays in
            revocation.end_facilitator(current_user.id, revocation.signed_out_message())
            flash(_("Your password has been changed."), "success")
            return redirect(url_for("auth.account"))
    return render_template("auth/account.html", form=form)


@login_required
def add_facilitator():
    """A facilitator adds a colleague's account (how accounts are made when registration is
    invite-only). The colleague logs in with the password given and changes it under Account."""
    form = RegisterForm()
    if form.validate_on_submit():
        if _find(form.email.data):
            form.email.errors.append(_("There is already an account with this email."))
        else:
            facilitator = Facilitator(email=form.email.data, name=form.name.data or "")
            facilitator.set_password(form.password.data)
            db.session.add(facilitator)
            db.session.commit()
            flash(_("Account created for %(email)s. Give them the password; they can change it under Account.",
                    email=facilitator.email), "success")
            return redirect(url_for("auth.account"))
    return render_template("auth/add_facilitator.html", form=form)


def _find(email: str):
    return db.session.execute(db.select(Facilitator).filter_by(email=email)).scalar_one_or_none()


def _safe_next(target: str | None) -> str | None:
    """Only follow ``next`` to a path on this site, never to another host (open redirect)."""
    if not target or "\\" in target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target
