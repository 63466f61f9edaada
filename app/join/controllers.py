"""Request handlers for joining, resuming and rejoining a workshop.

Every way of not getting in (unknown code, draft or ended workshop, wrong rejoin code, a step
link without a window) gets
the *same* answer, so the page can't be used to probe which codes exist. A running room that
takes no newcomers (locked, or late join off) says so instead: docs/joining.md says why.
Each such answer counts against the client's address; past the limit, every join request
from it gets a 429 until the window moves on. Only failures count: a whole room
behind one venue Wi-Fi address must be able to join at once.
"""
import logging

from flask import abort, current_app, g, make_response, redirect, render_template, request, session, url_for
from flask_babel import force_locale
from flask_babel import gettext as _

from app.errors import render_error
from app.exercises import participation
from app.extensions import db
from app.i18n import LANGUAGES
from app.join import devices, participants
from app.join.community import CommunityJoinForm
from app.join.forms import CodeForm, JoinForm, RejoinForm
from app.live import revocation, windows, windows_text
from app.live.broadcast import changed
from app.models.base import utcnow
from app.tables import setup as table_setup
from app.workshops.codes import normalize_code

log = logging.getLogger(__name__)


def lookup():
    """The landing page's code box: go to the workshop's short link."""
    form = CodeForm()
    code = normalize_code(form.code.data) if form.validate_on_submit() else None
    if not _returning(code):
        _refuse_if_limited()
    if code is None:
        return _not_found()
    return redirect(url_for("join.code", code=code))


def join(code: str):
    """Show and handle the join form; a browser that joined before goes straight back in."""
    canonical = normalize_code(code)
    workshop = participants.find_workshop(canonical)
    # Someone already in this workshop (a valid cookie for it) knows its code: let them back in
    # even while a guesser behind the same venue address has the address limited.
    returning = participants.from_cookie(workshop) if workshop is not None else None
    if returning is None:
        _refuse_if_limited()
    if canonical and canonical != code:
        return redirect(url_for("join.code", code=canonical))
    if returning is not None:
        return _resume(workshop, returning)
    if workshop is not None and workshop.is_running and not workshop.is_open_to_join:
        return _room_closed(workshop)
    if workshop is None or not workshop.is_open_to_join:
        return _not_found()
    return _join_form(workshop)


def between(code: str, step_id: int):
    """A step's link between sessions (app/live/windows.py): join, or come back as oneself, and
    land on that step, whatever the room is doing. Outside the window a page says when it opens
    or that it closed. A code or step that does not exist, or a step without a window, gets the
    neutral answer of every failed attempt."""
    canonical = normalize_code(code)
    workshop = participants.find_workshop(canonical)
    step = workshop.step(step_id) if workshop is not None else None
    returning = participants.from_cookie(workshop) if workshop is not None else None
    if returning is None:
        _refuse_if_limited()
    if step is None or step.opens_at is None:
        return _not_found()
    if canonical != code:
        return redirect(url_for("join.between", code=canonical, step_id=step.id))
    state = windows.window_state(step.opens_at, step.closes_at, utcnow())
    if state != windows.OPEN:
        return _window_shut(workshop, step, state, returning)
    if returning is not None:
        return _resume(workshop, returning, step)
    return _join_form(workshop, step)


def _window_shut(workshop, step, state: str, returning):
    """Before or after a step's window: a sentence saying when it opens, or that it closed."""
    g.locale = (returning and returning.language) or _join_page_language(workshop)
    return render_template("join/window_shut.html", workshop=workshop, title=windows_text.step_title(step),
                           state=state, opens=windows_text.moment(step.opens_at),
                           closes=windows_text.moment(step.closes_at))


def _join_form(workshop, step=None):
    """The join form, for the room (``step`` None) or for one step open between sessions."""
    g.locale = _join_page_language(workshop)
    device = devices.current()
    if devices.over_limit(workshop, device):
        return _device_limit(workshop)
    community = participation.mode_for(workshop, step) == participation.COMMUNITY
    form = (CommunityJoinForm if community else JoinForm)(language=g.locale)
    form.set_choices(workshop.partnership)
    if form.validate_on_submit():
        participant, token = participants.create(workshop, form.participant_data(),
                                                 device_hash=devices.digest(device))
        db.session.commit()
        table_setup.place_arrival(workshop, participant)  # seated at once by the table plan's rule
        log.info("workshop %s: participant p:%s joined", workshop.id, participant.id)  # no names in logs
        return devices.remember(_enter(workshop, token, step))
    here = ({"endpoint": "join.between", "code": workshop.join_code, "step_id": step.id} if step is not None
            else {"endpoint": "join.code", "code": workshop.join_code})
    between = ({"title": windows_text.step_title(step), "closes": windows_text.moment(step.closes_at)}
               if step is not None else None)
    page = render_template("join/join.html", form=form, workshop=workshop, here=here, between=between,
                           community=community)
    return devices.remember(make_response(page, 400 if form.errors else 200))


def rejoin():
    """Come back as the same participant on another device, with the personal rejoin code."""
    _refuse_if_limited()
    form = RejoinForm(code=request.args.get("code", ""))
    if form.validate_on_submit():
        workshop = participants.find_workshop(form.code.data)
        if workshop is not None:
            _refuse_if_limited("code:" + workshop.join_code)
        participant = participants.by_rejoin_code(workshop, form.rejoin_code.data) if workshop else None
        if participant is None:
            return _not_found(workshop)
        token = participants.reissue_token(participant)
        participant.device_hash = devices.digest(devices.current())  # the person now uses this device
        db.session.commit()
        log.info("workshop %s: participant p:%s rejoined on another device", workshop.id, participant.id)
        # The old device's cookie no longer works; its open page is told why and closed.
        with force_locale(participant.language or workshop.language or "en"):
            revocation.end_participant(workshop.id, participant.id, revocation.rejoined_message())
        return devices.remember(_enter(workshop, token))
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


def _resume(workshop, participant, step=None):
    if participant.removed:
        g.locale = participant.language or workshop.language
        return render_error(403, _("You've been removed from this workshop"),
                            _("The facilitator removed you from this session. If that's a mistake, ask them."))
    return redirect(_landing(workshop, step))


def _landing(workshop, step=None) -> str:
    """The participant page; on one step when they came through that step's link."""
    return url_for("live.participant", workshop_id=workshop.id, **({"step": step.id} if step is not None else {}))


def _enter(workshop, token: str, step=None):
    response = redirect(_landing(workshop, step))
    participants.set_cookie(response, workshop, token)
    return response


def _returning(code: str | None) -> bool:
    """True when this browser's cookie is a valid participant of the workshop with ``code``."""
    workshop = participants.find_workshop(code) if code else None
    return workshop is not None and participants.from_cookie(workshop) is not None


def _limiter():
    return current_app.extensions["join_limiter"]


def _refuse_if_limited(key: str | None = None) -> None:
    """429 when the address (or, with ``key``, one workshop's rejoin codes) has used up its failures."""
    if key is not None:
        if current_app.extensions["join_code_limiter"].is_limited(key):
            abort(429)
    elif _limiter().is_limited(request.remote_addr or "unknown"):
        abort(429)


def _room_closed(workshop):
    """A running workshop that takes no newcomers (room locked, or late join off once live):
    a latecomer is told so, rather than "no open workshop". It says only that the code belongs
    to a running room that cannot be joined; it still counts as a failure, so guessing costs
    the same (docs/joining.md)."""
    _limiter().hit(request.remote_addr or "unknown")
    g.locale = _join_page_language(workshop)
    return render_template("join/room_closed.html"), 403


def _device_limit(workshop):
    """This browser has joined the workshop as many people as the facilitator allows per device.
    The code is right and this browser has been in, so the answer tells nothing new and does not
    count as a failure; the console counts it (someone may be making up people)."""
    devices.refused(workshop)
    changed(workshop.id)
    log.info("workshop %s: join refused by the per-device limit", workshop.id)
    return render_template("join/device_limit.html", limit=workshop.joins_per_device), 403


def _not_found(workshop=None):
    """The one neutral answer for every failed attempt. It counts against the address and, for a
    wrong rejoin code, against the workshop too: guessing one room's rejoin codes from many
    addresses is bounded as well (docs/joining.md)."""
    _limiter().hit(request.remote_addr or "unknown")
    if workshop is not None:
        current_app.extensions["join_code_limiter"].hit("code:" + workshop.join_code)
        changed(workshop.id)  # the console's "someone is guessing" notice (app/live/rooms.py)
    return render_template("join/not_found.html"), 404
