"""Pure state transitions of the Policy window canvas: ``apply(state, action, actor) -> state``.

State (JSON-safe)::

    config   the validated config, plus "columns" (the Ps in use, in order) and "prompts"
    notes    id -> {id, column, text, effect, influence, date, author, order}
    votes    actor id -> {note id: votes}
    ratings  actor id -> {"author": {id, sector}, "levels": {target: level}}
    actions  id -> {id, note_id, kind, text, lead, date, column, note_text, sectors, order}
    next_id  counter for new ids
"""
from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l

from app.exercises import DomainError
from app.exercises.purity import dispatch, new_id, writable
from plugins.policy_window.forms import COLUMNS, LEVELS, OVERALL

LABELS = dict(COLUMNS)
LOOKBACK_MONTHS = 12


def initial_state(config: dict) -> dict:
    columns = [key for key, _ in COLUMNS if config.get(f"use_{key}")]
    prompts = {key: " ".join((config.get(f"{key}_prompt") or "").split()) for key in columns}
    return {
        "config": {**config, "columns": columns, "prompts": prompts},
        "notes": {},
        "votes": {},
        "ratings": {},
        "actions": {},
        "next_id": 1,
    }


def apply(state: dict, action, actor) -> dict:
    return dispatch(HANDLERS, state, action, actor)


# -- dates ----------------------------------------------------------------------------------


def add_months(day: date, months: int) -> date:
    """``day`` moved by ``months`` calendar months, clamped to the month's last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    for last in (31, 30, 29, 28):
        try:
            return date(year, month + 1, min(day.day, last))
        except ValueError:
            continue
    raise ValueError("unreachable")


def horizon(config: dict) -> tuple[date, date]:
    """The first and last day a note or action may be dated."""
    start = date.fromisoformat(config["horizon_start"])
    return add_months(start, -LOOKBACK_MONTHS), add_months(start, config["horizon_months"])


def clean_date(state: dict, value) -> str:
    """A form's date (a ``date``, an ISO string from the log, or empty) as ISO text or ""."""
    if not value:
        return ""
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value)
        except ValueError as exc:
            raise DomainError(_l("Give the date as a calendar day, like 2027-05-14."), field="date") from exc
    first, last = horizon(state["config"])
    if not first <= value <= last:
        raise DomainError(
            _l("Pick a date between {first} and {last}: "
               "further out than that is beyond what the room is planning for."),
            field="date", first=first.isoformat(), last=last.isoformat(),
        )
    return value.isoformat()


# -- helpers ----------------------------------------------------------------------------------


def _note(state: dict, note_id: str) -> dict:
    note = state["notes"].get(note_id)
    if note is None:
        raise DomainError(_l("That note no longer exists."))
    return note


def _own_note(state: dict, note_id: str, actor) -> dict:
    note = _note(state, note_id)
    if not actor.is_facilitator and note["author"]["id"] != actor.id:
        raise DomainError(_l("You can only change your own notes."))
    return note


def _not_on_canvas(key: str, field: str) -> DomainError:
    if key in LABELS:  # the name of the P goes in lazily, so it reads in the reader's language
        return DomainError(_l("{column} is not part of this canvas."), field=field, column=LABELS[key])
    return DomainError(_l("That is not part of this canvas."), field=field)


def _note_fields(state: dict, data: dict) -> dict:
    column = data["column"]
    if column not in state["config"]["columns"]:
        raise _not_on_canvas(column, "column")
    text = " ".join(data["text"].split())
    if not text:
        raise DomainError(_l("Write something first."), field="text")
    if len(text) > 280:
        raise DomainError(_l("Keep a note under {n} characters."), field="text", n=280)
    return {
        "column": column,
        "text": text,
        "effect": data["effect"],
        "influence": data["influence"],
        "date": clean_date(state, data.get("date")),
    }


def votes_used(state: dict, actor_id: str) -> int:
    return sum(state["votes"].get(actor_id, {}).values())


def _drop_votes(state: dict, note_id: str) -> None:
    for voter, votes in list(state["votes"].items()):
        if note_id in votes:
            del writable(state, "votes", voter)[note_id]


def _action(state: dict, action_id: str) -> dict:
    item = state["actions"].get(action_id)
    if item is None:
        raise DomainError(_l("That action no longer exists."))
    return item


def _action_fields(state: dict, data: dict, note: dict) -> dict:
    kind = data["kind"]
    if kind == "use" and note["effect"] != "opens":
        raise DomainError(_l("Only a note that opens the window can be an enabler to use."), field="kind")
    if kind == "shift" and note["effect"] != "closes":
        raise DomainError(_l("Only a note that closes the window can be a barrier to shift."), field="kind")
    if kind == "influence" and note["effect"] != "closes":
        raise DomainError(_l("Only a note that closes the window can be a barrier to influence."), field="kind")
    if kind == "shift" and note["influence"] == "no":
        raise DomainError(
            _l("The room marked this barrier as out of our hands: treat it as a barrier to influence from "
               "outside (advocacy, allies, timing) instead."),
            field="kind",
        )
    text = " ".join(data["text"].split())
    if not text:
        raise DomainError(_l("Say what the room will do."), field="text")
    when = clean_date(state, data.get("date")) or note["date"]
    if kind == "moment" and not when:
        raise DomainError(_l("A moment to aim for needs a date: give one here or on the note."), field="date")
    return {"kind": kind, "text": text, "lead": " ".join((data.get("lead") or "").split()), "date": when}


# -- participants' handlers ------------------------------------------------------------------


def add_note(state, data, actor):
    fields = _note_fields(state, data)
    limit = state["config"]["notes_per_participant"]
    mine = sum(1 for n in state["notes"].values() if n["author"]["id"] == actor.id)
    if not actor.is_facilitator and mine >= limit:
        raise DomainError(_l("You have added all {n} of your notes. Edit or delete one first."), n=limit)
    note_id = new_id(state, "n")
    writable(state, "notes")[note_id] = {"id": note_id, **fields, "author": actor.as_author(),
                                         "order": state["next_id"]}


def edit_note(state, data, actor):
    _own_note(state, data["note_id"], actor)
    fields = _note_fields(state, data)
    writable(state, "notes", data["note_id"]).update(fields)


def delete_note(state, data, actor):
    _own_note(state, data["note_id"], actor)
    del writable(state, "notes")[data["note_id"]]
    _drop_votes(state, data["note_id"])


def vote(state, data, actor):
    note = _note(state, data["note_id"])
    if actor.is_facilitator:
        raise DomainError(_l("Votes are for participants."))
    config = state["config"]
    if not config["votes"]:
        raise DomainError(_l("There is no voting in this step."))
    if votes_used(state, actor.id) >= config["votes"]:
        raise DomainError(_l("You have used all {n} of your votes. Take one back to move it."), n=config["votes"])
    if state["votes"].get(actor.id, {}).get(note["id"]) and not config["allow_stacking"]:
        raise DomainError(_l("One vote per note in this step."))
    votes = writable(state, "votes")
    mine = votes[actor.id] = dict(votes.get(actor.id, {}))
    mine[note["id"]] = mine.get(note["id"], 0) + 1


def unvote(state, data, actor):
    if not state["votes"].get(actor.id, {}).get(data["note_id"]):
        raise DomainError(_l("You have no vote on that note."))
    mine = writable(state, "votes", actor.id)
    mine[data["note_id"]] -= 1
    if not mine[data["note_id"]]:
        del mine[data["note_id"]]


def rate(state, data, actor):
    if actor.is_facilitator:
        raise DomainError(_l("The window is rated by participants."))
    target = data["target"]
    if target != OVERALL and target not in state["config"]["columns"]:
        raise _not_on_canvas(target, "target")
    if data["level"] not in dict(LEVELS):
        raise DomainError(_l("Rate it closed, opening or open."), field="level")
    ratings = writable(state, "ratings")
    mine = dict(ratings.get(actor.id) or {"author": actor.as_author(), "levels": {}})
    mine["levels"] = {**mine["levels"], target: data["level"]}
    ratings[actor.id] = mine


def clear_rating(state, data, actor):
    if data["target"] not in state["ratings"].get(actor.id, {}).get("levels", {}):
        raise DomainError(_l("You have not rated that yet."))
    mine = writable(state, "ratings", actor.id)
    mine["levels"] = {k: v for k, v in mine["levels"].items() if k != data["target"]}
    if not mine["levels"]:
        del state["ratings"][actor.id]


# -- facilitator's handlers ------------------------------------------------------------------


def add_action(state, data, actor):
    note = _note(state, data["note_id"])
    fields = _action_fields(state, data, note)
    action_id = new_id(state, "a")
    writable(state, "actions")[action_id] = {
        "id": action_id,
        "note_id": note["id"],
        **fields,
        # Kept so the plan keeps its provenance even if the note is deleted later.
        "column": note["column"],
        "note_text": note["text"],
        "sectors": [note["author"]["sector"]] if note["author"]["sector"] else [],
        "order": state["next_id"],
    }


def edit_action(state, data, actor):
    item = _action(state, data["action_id"])
    source = state["notes"].get(item["note_id"]) or {
        "effect": "opens" if item["kind"] == "use" else "closes", "influence": "yes", "date": item["date"],
    }
    fields = _action_fields(state, data, source)
    writable(state, "actions", item["id"]).update(fields)


def delete_action(state, data, actor):
    _action(state, data["action_id"])
    del writable(state, "actions")[data["action_id"]]


HANDLERS = {
    "add_note": add_note,
    "edit_note": edit_note,
    "delete_note": delete_note,
    "vote": vote,
    "unvote": unvote,
    "rate": rate,
    "clear_rating": clear_rating,
    "add_action": add_action,
    "edit_action": edit_action,
    "delete_action": delete_action,
}
