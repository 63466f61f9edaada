"""Pure state transitions of the partnership agreement: ``apply(state, action, actor) -> state``.

State::

    config           the step's config (organisations as a list)
    clauses          id -> {id, order, status, version, versions, answers, log}
        status       "draft" (never put to the room), "open", "paused" (another clause was
                     opened meanwhile), "closed"
        version      the current version number (1, 2, …)
        versions     "1", "2", … -> {number, heading, text, outcome, outcome_at, outcome_seq}
        answers      version -> actor id -> {id, answer, reason, author, seq, sent_at, changed}
                     (``sent_at``, here and in the log: when the server accepted the action,
                     seconds since 1970, from the core's ``Action.at``)
                     (an answer stays with the version it was given to; an amendment never moves it)
        log          [{event, version, seq, sent_at, outcome?}] what the facilitator did, in order
    representatives  actor id -> {organisation, left, seq}: who speaks for an organisation
    open             the id of the clause the room answers now ("" for none)
    seq              a counter of events (answers, openings…): the decision log's order
    next_id          counter for new ids
"""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.exercises import Action, DomainError
from app.exercises.forms import lines
from app.exercises.reducers import dispatch, item, new_id, writable
from plugins.agreement.forms import (
    ANSWERS,
    CLAUSES_MAX,
    HEADING_MAX,
    NEEDS_REASON,
    OUTCOMES,
    TEXT_MAX,
    parse_clauses,
    tidy_text,
)

AMENDED = _l("This clause was amended; read the new text.")
NOT_OPEN = _l("This clause is not open for answers.")


def initial_state(config: dict) -> dict:
    organisations = lines(config.get("organisations"))[:60]
    state = {
        "config": {**config, "organisations": [o[:120] for o in organisations]},
        "clauses": {},
        "representatives": {},
        "open": "",
        "seq": 0,
        "next_id": 1,
    }
    for heading, text in parse_clauses(config.get("clauses"))[:CLAUSES_MAX]:
        _new_clause(state, heading[:HEADING_MAX], text[:TEXT_MAX])
    return state


def apply(state: dict, action, actor) -> dict:
    # Times in the decision log are the server's (``action.at``, when the core accepted the
    # action), never a device's: a phone with the wrong date cannot misdate a position, and
    # whatever ``sent_at`` a client sends is overwritten. (A unit test without the core, where
    # ``at`` is 0, may pass ``sent_at`` in the data itself.)
    if action.at:
        action = Action(action.type, {**action.data, "sent_at": action.at}, action.at)
    return dispatch(HANDLERS, state, action, actor)


# -- helpers ------------------------------------------------------------------------------


def _clause(state, clause_id):
    return item(state, "clauses", clause_id, gone=_l("That clause no longer exists."))


def _tick(state) -> int:
    state["seq"] = state.get("seq", 0) + 1
    return state["seq"]


def _new_clause(state, heading, text) -> str:
    clause_id = new_id(state, "c")
    writable(state, "clauses")[clause_id] = {
        "id": clause_id, "order": state["next_id"], "status": "draft", "version": 1,
        "versions": {"1": _version(1, heading, text)}, "answers": {"1": {}}, "log": [],
    }
    return clause_id


def _version(number, heading, text) -> dict:
    return {"number": number, "heading": heading, "text": text, "outcome": "", "outcome_seq": 0, "outcome_at": 0}


def _text(data) -> tuple[str, str]:
    heading = " ".join(str(data.get("heading") or "").split())
    text = tidy_text(data.get("text"))
    if not text:
        raise DomainError(_l("Write the clause first."), field="text")
    if len(text) > TEXT_MAX:
        raise DomainError(_l("Keep it under {n} characters."), field="text", n=TEXT_MAX)
    if len(heading) > HEADING_MAX:
        raise DomainError(_l("Keep it under {n} characters."), field="heading", n=HEADING_MAX)
    return heading, text


def _log(state, clause_id, event, data, **extra):
    clause = writable(state, "clauses", clause_id)
    clause["log"] = [*clause["log"], {"event": event, "version": clause["version"], "seq": _tick(state),
                                      "sent_at": data.get("sent_at") or 0, **extra}]


def _pause_open(state, data, keep=""):
    """The clause the room was answering steps back (its answers stay) when another opens."""
    current = state.get("open") or ""
    if current and current != keep and current in state["clauses"]:
        writable(state, "clauses", current)["status"] = "paused"
        _log(state, current, "paused", data)
    state["open"] = ""


# -- handlers -----------------------------------------------------------------------------


def add_clause(state, data, actor):
    if len(state["clauses"]) >= CLAUSES_MAX:
        raise DomainError(_l("At most {n} clauses in one step."), n=CLAUSES_MAX)
    heading, text = _text(data)
    _new_clause(state, heading, text)


def amend_clause(state, data, actor):
    """A clause nobody has answered yet is corrected in place; once answers are attached to its
    current version, the new text is a new version (the answers stay with the old one) and the
    clause is put to the room again."""
    clause = _clause(state, data["clause_id"])
    heading, text = _text(data)
    current = clause["versions"][str(clause["version"])]
    if heading == current["heading"] and text == current["text"]:
        raise DomainError(_l("The text is unchanged: edit it before saving the amendment."), field="text")
    answered = bool(clause["answers"].get(str(clause["version"])))
    if not answered and clause["status"] in ("draft", "paused", "open") and not current["outcome"]:
        version = writable(state, "clauses", clause["id"], "versions", str(clause["version"]))
        version["heading"], version["text"] = heading, text
        _log(state, clause["id"], "edited", data)
        return
    number = clause["version"] + 1
    clause = writable(state, "clauses", clause["id"])
    clause["version"] = number
    clause["versions"] = {**clause["versions"], str(number): _version(number, heading, text)}
    clause["answers"] = {**clause["answers"], str(number): {}}
    _log(state, clause["id"], "amended", data)
    _pause_open(state, data, keep=clause["id"])
    writable(state, "clauses", clause["id"])["status"] = "open"
    state["open"] = clause["id"]
    _log(state, clause["id"], "opened", data)


def remove_clause(state, data, actor):
    clause = _clause(state, data["clause_id"])
    if any(clause["answers"].values()) or clause["version"] > 1:
        raise DomainError(_l("This clause has answers on record: close it as left for future negotiation instead."))
    del writable(state, "clauses")[clause["id"]]
    if state["open"] == clause["id"]:
        state["open"] = ""


def open_clause(state, data, actor):
    clause = _clause(state, data["clause_id"])
    if clause["status"] == "open":
        raise DomainError(_l("This clause is open already."))
    _pause_open(state, data)
    writable(state, "clauses", clause["id"])["status"] = "open"
    state["open"] = clause["id"]
    if clause["versions"][str(clause["version"])]["outcome"]:
        # Reopened after a close: the outcome goes into the log, the version takes answers again.
        version = writable(state, "clauses", clause["id"], "versions", str(clause["version"]))
        version["outcome"], version["outcome_seq"], version["outcome_at"] = "", 0, 0
        _log(state, clause["id"], "reopened", data)
    else:
        _log(state, clause["id"], "opened", data)


def close_clause(state, data, actor):
    clause = _clause(state, data["clause_id"])
    if data["outcome"] not in OUTCOMES:
        raise DomainError(_l("Pick one of the outcomes."), field="outcome")
    if clause["status"] == "closed":
        raise DomainError(_l("This clause is closed already; open it again to change its outcome."))
    if clause["status"] == "draft":
        raise DomainError(_l("Put the clause to the room before closing it."))
    writable(state, "clauses", clause["id"])["status"] = "closed"
    if state["open"] == clause["id"]:
        state["open"] = ""
    _log(state, clause["id"], "closed", data, outcome=data["outcome"])
    version = writable(state, "clauses", clause["id"], "versions", str(clause["version"]))
    version["outcome"], version["outcome_seq"] = data["outcome"], state["seq"]
    version["outcome_at"] = data.get("sent_at") or 0


def answer(state, data, actor):
    if actor.is_facilitator:
        raise DomainError(_l("Answers are for participants."))
    clause = _clause(state, data["clause_id"])
    if clause["status"] != "open" or state.get("open") != clause["id"]:
        raise DomainError(NOT_OPEN)
    if data["version"] != clause["version"]:
        raise DomainError(AMENDED, field="version")
    if data["answer"] not in ANSWERS:
        raise DomainError(_l("Pick one of the four answers."), field="answer")
    reason = tidy_text(data.get("reason"))
    longest = int(state["config"].get("reason_max") or 1000)
    if len(reason) > longest:
        raise DomainError(_l("Keep it under {n} characters."), field="reason", n=longest)
    if data["answer"] in NEEDS_REASON and not reason:
        raise DomainError(_l("Say why: this answer needs a reason."), field="reason")
    key = str(clause["version"])
    before = clause["answers"].get(key, {}).get(actor.id)
    if before and before["answer"] == data["answer"] and before["reason"] == reason:
        raise DomainError(_l("That is your answer already."))
    seq = _tick(state)
    answers = writable(state, "clauses", clause["id"], "answers", key)
    answers[actor.id] = {
        "id": before["id"] if before else f"a{seq}", "answer": data["answer"], "reason": reason,
        "author": actor.as_author(), "seq": seq, "sent_at": data.get("sent_at") or 0, "changed": bool(before),
    }


def set_representative(state, data, actor):
    organisation = " ".join(str(data.get("organisation") or "").split())
    if not organisation:
        raise DomainError(_l("Name the organisation."), field="organisation")
    if len(organisation) > 120:
        raise DomainError(_l("Keep it under {n} characters."), field="organisation", n=120)
    before = state["representatives"].get(data["actor_id"])
    if before and not before["left"] and before["organisation"] == organisation:
        raise DomainError(_l("They already represent this organisation."))
    writable(state, "representatives")[data["actor_id"]] = {
        "organisation": organisation, "left": False, "seq": _tick(state)}


def unset_representative(state, data, actor):
    """The person no longer speaks for their organisation (they left, or someone else does now);
    the positions they recorded stay in the log, marked."""
    before = state["representatives"].get(data["actor_id"])
    if not before or before["left"]:
        raise DomainError(_l("That person is not a representative."))
    writable(state, "representatives", data["actor_id"])["left"] = True
    _tick(state)


HANDLERS = {
    "add_clause": add_clause,
    "amend_clause": amend_clause,
    "remove_clause": remove_clause,
    "open_clause": open_clause,
    "close_clause": close_clause,
    "answer": answer,
    "set_representative": set_representative,
    "unset_representative": unset_representative,
}
