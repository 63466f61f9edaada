"""The three live pages: facilitator console, participant page, room screen.

Each page renders every agenda step's exercise template once (hidden until it is the room's
step), so a phone that loses its connection keeps a working page; the live data arrives over
the socket and the exercise's own JS module draws it.
"""
from urllib.parse import urlsplit

from flask import abort, current_app, g, make_response, render_template, request
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.errors import render_error
from app.exercises import participation
from app.exercises import phases as step_phases
from app.exercises.defaults import LocalizedStep, text_map
from app.exercises.plain import reads_plain
from app.extensions import db
from app.i18n import LANGUAGES, current_language, js_catalog
from app.live import windows, windows_text
from app.live.identity import participant_cookie
from app.live.rooms import personal_doc
from app.models import Participant, Workshop
from app.models.base import utcnow
from app.ops.netinfo import lan_address
from app.origins import external_url, join_link_is_loopback, join_url
from app.security import CSP
from app.tables.live import phone_audience


def _facilitator_workshop(workshop_id: int) -> Workshop:
    workshop = db.session.get(Workshop, workshop_id)
    if workshop is None or not workshop.partnership.can_access(current_user):
        abort(404)
    return workshop


def _step_sections(workshop: Workshop, audience: str) -> list:
    """(step, exercise, forms) for every step, forms built from the exercise's action forms; the
    step's default title and texts in the reader's language (app.exercises.defaults)."""
    exercises = current_app.extensions["exercises"]
    language = current_language()
    sections = []
    for step in workshop.steps:
        exercise = exercises.get(step.exercise_key)
        if exercise is None:
            continue
        forms = {name: spec.form() for name, spec in exercise.actions.items()}
        sections.append({"step": LocalizedStep(step, exercise, language, plain=reads_plain(step, audience)),
                         "exercise": exercise, "forms": forms,
                         "template": exercise.template(audience),
                         "phases": step_phases.phases_of(exercise, step.config)})
    return sections


def _loopback_hint(workshop: Workshop) -> dict:
    """For live/_loopback_warning.html: whether phones can't use the join link, and a better address."""
    if not join_link_is_loopback(workshop):
        return {"join_loopback": False}
    url = urlsplit(join_url(workshop))
    lan = lan_address()
    return {"join_loopback": True, "join_loopback_host": url.hostname,
            "lan_url": f"{url.scheme}://{lan}{f':{url.port}' if url.port else ''}" if lan else None}


def _page(template: str, workshop: Workshop, audience: str, **context):
    language = current_language()
    # The page works before its socket connects (slow venue Wi-Fi): it starts from the
    # same document a ``sync`` would return, and the socket brings it up to date.
    chain = context.pop("chain", audience)  # a seated participant's: their table's (app/tables/live.py)
    version, doc = current_app.extensions["broadcaster"].snapshot(workshop, chain)
    boot = {"workshop": workshop.id, "as": audience, "lang": language, "v": version, "doc": doc,
            "strings": js_catalog(current_app, language), "sector_labels": participation.sector_labels(),
            "defaults": text_map(workshop.steps, current_app.extensions["exercises"], language, audience),
            **context.pop("boot", {})}
    return render_template(template, workshop=workshop, audience=audience,
                           sections=_step_sections(workshop, audience), boot=boot, **context)


@login_required
def console(workshop_id: int):
    workshop = _facilitator_workshop(workshop_id)
    return _page("live/console.html", workshop, "facilitator", **_loopback_hint(workshop))


@login_required
def screen(workshop_id: int):
    workshop = _facilitator_workshop(workshop_id)
    g.locale = _screen_language(workshop)
    plan_url = external_url("plan.my_plan", workshop_id=workshop.id)
    response = make_response(_page("live/screen.html", workshop, "screen", join_url=join_url(workshop),
                                   plan_url=plan_url, **_loopback_hint(workshop)))
    # The console previews this page in a frame; no other site may frame it.
    response.headers["Content-Security-Policy"] = CSP.replace("frame-ancestors 'none'", "frame-ancestors 'self'")
    response.headers["X-Frame-Options"] = "SAMEORIGIN"
    return response


def _screen_language(workshop: Workshop) -> str:
    """The room screen speaks the workshop's language, whoever opened it, unless its address
    asks for one (``?lang=fr``): a facilitator who opens a second screen for the French half of
    the room means that screen, and only it (the console's preview keeps the workshop's)."""
    asked = request.args.get("lang")
    return asked if asked in LANGUAGES else workshop.language


def participant(workshop_id: int):
    participant = Participant.by_token(request.cookies.get(participant_cookie(workshop_id)))
    if participant is None or participant.workshop_id != workshop_id:
        return render_template("live/not_joined.html"), 403
    if participant.removed:
        # A reload after removal: say what happened, not "you're not in this workshop yet".
        g.locale = participant.language or participant.workshop.language
        return render_error(403, _("You've been removed from this workshop"),
                            _("The facilitator removed you from this session. If that's a mistake, ask them."))
    workshop = participant.workshop
    g.locale = participant.language or workshop.language
    me = {"id": f"p:{participant.id}", "name": participant.name, "organisation": participant.organisation,
          "sector": participant.sector}
    personal = personal_doc(workshop, me["id"])
    focus = _focus_step(workshop)
    return _page("live/participant.html", workshop, "participant", participant=participant,
                 chain=phone_audience(workshop.id, participant.id),
                 between=_between(focus), sector_label=participation.sector_label(participant.sector),
                 boot={"me": me, "personal": personal, "focus": focus.id if focus else 0,
                       "community_steps": participation.community_steps(workshop)})


def _focus_step(workshop: Workshop):
    """The step of the link between sessions the person came through (``?step=``), or None. The
    page shows it while the document carries it, i.e. while its window is open (app/live/windows.py)."""
    return workshop.step(request.args.get("step", type=int))


def _between(step) -> dict | None:
    """What the page says of the window it was opened through, while that window is open."""
    if step is None or not windows.is_open(step, utcnow()):
        return None
    return {"title": windows_text.step_title(step), "closes": windows_text.moment(step.closes_at)}
