"""The pulse's rules, pure. Answers are kept per actor id only so a person can change their own
(``sheets[actor_id]``); the sector beside them feeds the per-sector results. Nothing else of a
person is stored, and no view ever sends a sheet (see views.py)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.exercises import DomainError
from app.exercises.forms import lines
from app.exercises.reducers import dispatch, writable
from plugins.trust_pulse.forms import CORE, DEFAULT_COMMENT, HIGH, LOW, MAX_COMMENT, MAX_EXTRA, MAX_QUESTION


def initial_state(config) -> dict:
    questions = {key: {"id": key, "order": n, "core": True} for n, (key, _words) in enumerate(CORE)}
    for n, text in enumerate(lines((config or {}).get("extra_questions"))[:MAX_EXTRA], start=1):
        questions[f"q{n}"] = {"id": f"q{n}", "order": len(CORE) + n - 1, "core": False, "text": text[:MAX_QUESTION]}
    return {"config": dict(config or {}), "questions": questions, "sheets": {}}


def comment_length(config) -> int:
    """The step's longest comment (the config's, within the form's bounds)."""
    try:
        return max(1, min(int(config.get("comment_length") or DEFAULT_COMMENT), MAX_COMMENT))
    except (TypeError, ValueError):
        return DEFAULT_COMMENT


def answer(state, data, actor):
    if actor.is_facilitator:
        raise DomainError(_l("The pulse is for the partners: facilitators do not answer it."))
    question = data.get("question_id")
    if question not in state["questions"]:
        raise DomainError(_l("That question is not part of this pulse."), field="question_id")
    value = data.get("value")
    if not isinstance(value, int) or isinstance(value, bool) or not LOW <= value <= HIGH:
        raise DomainError(_l("Choose a point from 1 to 5."), field="value")
    comment = " ".join(str(data.get("comment") or "").split())
    longest = comment_length(state["config"])
    if len(comment) > longest:
        raise DomainError(_l("Keep your comment under {n} characters."), field="comment", n=longest)
    if actor.id not in state["sheets"]:
        writable(state, "sheets")[actor.id] = {"sector": actor.sector or "", "answers": {}}
    sheet = writable(state, "sheets", actor.id)
    sheet["sector"] = actor.sector or ""
    answers = writable(state, "sheets", actor.id, "answers")
    answers[question] = {"value": value, "comment": comment}


HANDLERS = {"answer": answer}


def apply(state, action, actor):
    return dispatch(HANDLERS, state, action, actor)
