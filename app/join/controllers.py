"""Request handlers for joining, resuming and rejoining a workshop.

Every way of not getting in (unknown code, draft or ended workshop, locked room, late join
off, wrong rejoin code) gets the *same* answer, so the page can't be used to probe which codes
exist. Each such answer counts against the client's address; past the limit, every join
request from it gets a 429 until the window moves on. Only failures count: a whole room
behind one venue Wi-Fi address must be able to join at once.
"""
from flask import abort, current_app, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _

from app.errors import render_error
from app.extensions import db
from app.i18n import LANGUAGES
from app.join import participants
from app.join.forms import CodeForm, JoinForm, RejoinForm
from app.workshops.codes import normalize_code


def lookup():
    """The landing page's code box: go to the workshop's short link."""
    _refuse_if_limited()
    form = CodeForm()
    code = normalize_code(form.code.data) if form.validate_on_submit() else None
    if code is None:
        return _not_found()
    return redirect(url_for("join.code", code=code))


def join(code: str):
    """Show and handle the join form; a browser that joined before goes straight back in."""
    _refuse_if_limited()
    canonical = normalize_code(code)
    if canonical and canonical != code:
        return redirect(url_for("join.code", code=canonical))
    workshop = participants.find_workshop(canonical)
    if workshop is not None:
        returning = participants.from_cookie(workshop)
        if returning is not None:
            return _resume(workshop, returning)
    if workshop is None or not workshop.is_open_to_join:
        return _not_found()
    g.locale = _join_page_language(workshop)
    form = JoinForm(language=g.locale)
    form.set_choices(workshop.partnership)
    if form.validate_on_submit():
        participant, token = participants.create(workshop, form.data)
        db.session.commit()
        return _enter(workshop, token)
    return render_template("join/join.html", form=form, workshop=workshop), 400 if form.errors else 200


def rejoin():
    """Come back as the same participant on another device, with the personal rejoin code."""
    _refuse_if_limited()
    form = RejoinForm(code=request.args.get("code", ""))
    if form.validate_on_submit():
        workshop = participants.find_workshop(form.code.data)
        participant = participants.by_rejoin_code(workshop, form.rejoin_code.data) if workshop else None
        if participant is None:
            return _not_found()
        token = participants.reissue_token(participant)
        db.session.commit()
        return _enter(workshop, token)
    return render_template("join/rejoin.html", form=form)


def _join_page_language(workshop) -> str:
    """The join page speaks the language chosen in the form being sent, else the one picked
    with ``?lang=`` (remembered in the session), else the phone's own (Accept-Language) when we
    speak it — a French phone reads French before choosing — else the workshop's."""
    phone = request.accept_languages.best_match(list(LANGUAGES)) if request.accept_languages else None
    for chosen in (request.form.get("language"), request.args.get("lang"), session.get("lang"), phone):
        if chosen in LANGUAGES:
            return chosen
    return workshop.language if workshop.language in LANGUAGES else "en"


def _resume(workshop, participant):
    if participant.removed:
        g.locale = participant.language or workshop.language
        return render_error(403, _("You've been removed from this workshop"),
                            _("The facilitator removed you from this session. If that's a mistake, ask them."))
    return redirect(url_for("live.participant", workshop_id=workshop.id))


def _enter(workshop, token: str):
    response = redirect(url_for("live.participant", workshop_id=workshop.id))
    participants.set_cookie(response, workshop, token)
    return response


def _limiter():
    return current_app.extensions["join_limiter"]


def _refuse_if_limited() -> None:
    if _limiter().is_limited(request.remote_addr or "unknown"):
        abort(429)


def _not_found():
    """The one neutral answer for every failed attempt; it also counts against the address."""
    _limiter().hit(request.remote_addr or "unknown")
    return render_template("join/not_found.html"), 404
