"""Pure state transitions of Reframing prompts: ``apply(state, action, actor) -> state``.

State::

    config      the step's config, with ``sectors`` and ``prompts`` as lists
    priorities  id -> {id, sector, text, author, insider, order}
    reframes    id -> {id, sector, text, prompt, author, insider, links, original, order}
    ratings     reframe id -> {rater id -> {score, insider, sector}}
    chosen      target sector -> reframe id (one framing per sector)
    next_id     counter for new ids
"""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.exercises import DomainError
from app.exercises.purity import dispatch, new_id, writable
from plugins.reframing.forms import SCALE, lines


def initial_state(config: dict) -> dict:
    return {
        "config": {**config, "sectors": lines(config.get("sectors")), "prompts": lines(config.get("prompts"))},
        "priorities": {},
        "reframes": {},
        "ratings": {},
        "chosen": {},
        "next_id": 1,
    }


def apply(state: dict, action, actor) -> dict:
    return dispatch(HANDLERS, state, action, actor)


# -- helpers ------------------------------------------------------------------------------


def same_sector(a: str, b: str) -> bool:
    return (a or "").strip().casefold() == (b or "").strip().casefold() and bool((a or "").strip())


def target_sector(state: dict, sector: str) -> str:
    """The configured spelling of ``sector``, or a :class:`DomainError` if it is not a target."""
    for configured in state["config"]["sectors"]:
        if same_sector(configured, sector):
            return configured
    raise DomainError(_l("That sector is not one this step reframes for."), field="sector")


def _clean_text(state: dict, data: dict) -> str:
    text = " ".join((data.get("text") or "").split())
    if not text:
        raise DomainError(_l("Write something first."), field="text")
    limit = state["config"]["max_length"]
    if len(text) > limit:
        raise DomainError(_l("Keep it under {limit} characters."), field="text", limit=limit)
    return text


def _item(state: dict, kind: str, item_id: str) -> dict:
    item = state[kind].get(item_id)
    if item is None:
        if kind == "priorities":
            raise DomainError(_l("That priority no longer exists."))
        raise DomainError(_l("That reframe no longer exists."))
    return item


def _own(state: dict, kind: str, item_id: str, actor) -> dict:
    item = _item(state, kind, item_id)
    if not actor.is_facilitator and item["author"]["id"] != actor.id:
        raise DomainError(_l("You can only change what you wrote yourself."))
    return item


LIMIT_REACHED = {
    "priorities": _l("You have written all {n} of your priorities for {sector}. Edit or delete one first."),
    "reframes": _l("You have written all {n} of your reframes for {sector}. Edit or delete one first."),
}


def _check_limit(state: dict, kind: str, sector: str, actor, limit_key: str) -> None:
    if actor.is_facilitator:
        return
    limit = state["config"][limit_key]
    mine = sum(1 for i in state[kind].values() if i["author"]["id"] == actor.id and i["sector"] == sector)
    if mine >= limit:
        raise DomainError(LIMIT_REACHED[kind], n=limit, sector=sector)


def _prompt(state: dict, value) -> str:
    """The prompt text chosen by number (1-based), or "" when none was picked."""
    if value in (None, ""):
        return ""
    prompts = state["config"]["prompts"]
    if not str(value).isdigit() or not 1 <= int(value) <= len(prompts):
        raise DomainError(_l("Pick one of the listed prompts."), field="prompt")
    return prompts[int(value) - 1]


def _rated_by_others(state: dict, reframe: dict) -> bool:
    return any(rater != reframe["author"]["id"] for rater in state["ratings"].get(reframe["id"], {}))


# -- their priorities ---------------------------------------------------------------------


def add_priority(state, data, actor):
    sector = target_sector(state, data["sector"])
    text = _clean_text(state, data)
    _check_limit(state, "priorities", sector, actor, "priorities_per_person")
    priority_id = new_id(state, "p")
    writable(state, "priorities")[priority_id] = {
        "id": priority_id,
        "sector": sector,
        "text": text,
        "author": actor.as_author(),
        "insider": same_sector(actor.sector, sector),
        "order": state["next_id"],
    }


def edit_priority(state, data, actor):
    _own(state, "priorities", data["priority_id"], actor)
    text = _clean_text(state, data)
    writable(state, "priorities", data["priority_id"])["text"] = text


def delete_priority(state, data, actor):
    _own(state, "priorities", data["priority_id"], actor)
    del writable(state, "priorities")[data["priority_id"]]
    for reframe in list(state["reframes"].values()):
        if data["priority_id"] in reframe["links"]:
            links = [p for p in reframe["links"] if p != data["priority_id"]]
            writable(state, "reframes", reframe["id"])["links"] = links


# -- reframes -----------------------------------------------------------------------------


def add_reframe(state, data, actor):
    sector = target_sector(state, data["sector"])
    prompt = _prompt(state, data.get("prompt"))
    text = _clean_text(state, data)
    _check_limit(state, "reframes", sector, actor, "reframes_per_person")
    reframe_id = new_id(state, "r")
    writable(state, "reframes")[reframe_id] = {
        "id": reframe_id,
        "sector": sector,
        "text": text,
        "prompt": prompt,
        "author": actor.as_author(),
        "insider": same_sector(actor.sector, sector),
        "links": [],
        "original": "",  # the author's wording, kept when the facilitator rewords it
        "order": state["next_id"],
    }


def edit_reframe(state, data, actor):
    reframe = _own(state, "reframes", data["reframe_id"], actor)
    if _rated_by_others(state, reframe):
        raise DomainError(_l("People have rated this wording already; the facilitator can reword it with the room."))
    text = _clean_text(state, data)
    writable(state, "reframes", reframe["id"])["text"] = text


def reword_reframe(state, data, actor):
    reframe = _item(state, "reframes", data["reframe_id"])
    text = _clean_text(state, data)
    new = writable(state, "reframes", reframe["id"])
    new["original"] = reframe["original"] or reframe["text"]
    new["text"] = text


def delete_reframe(state, data, actor):
    reframe = _own(state, "reframes", data["reframe_id"], actor)
    del writable(state, "reframes")[reframe["id"]]
    if reframe["id"] in state["ratings"]:
        del writable(state, "ratings")[reframe["id"]]
    if state["chosen"].get(reframe["sector"]) == reframe["id"]:
        del writable(state, "chosen")[reframe["sector"]]


def connect_priority(state, data, actor):
    reframe = _own(state, "reframes", data["reframe_id"], actor)
    priority = _item(state, "priorities", data["priority_id"])
    if priority["sector"] != reframe["sector"]:
        raise DomainError(_l("Connect it to one of {sector}'s priorities."), sector=reframe["sector"])
    links = [p for p in reframe["links"] if p != priority["id"]]
    if data.get("connected"):
        links.append(priority["id"])
    writable(state, "reframes", reframe["id"])["links"] = links


# -- would it land? -----------------------------------------------------------------------


def rate(state, data, actor):
    reframe = _item(state, "reframes", data["reframe_id"])
    if actor.is_facilitator:
        raise DomainError(_l("Ratings are for participants."))
    if reframe["author"]["id"] == actor.id:
        raise DomainError(_l("You can't rate your own reframe — let the others judge it."))
    score = data.get("score")
    if not isinstance(score, int) or isinstance(score, bool) or not SCALE[0] <= score <= SCALE[1]:
        raise DomainError(_l("Ratings go from 1 to 5."), field="score")
    ratings = writable(state, "ratings")
    mine = ratings[reframe["id"]] = dict(ratings.get(reframe["id"], {}))
    mine[actor.id] = {"score": score, "insider": same_sector(actor.sector, reframe["sector"]), "sector": actor.sector}


def unrate(state, data, actor):
    if actor.id not in state["ratings"].get(data["reframe_id"], {}):
        raise DomainError(_l("You have not rated that reframe."))
    del writable(state, "ratings", data["reframe_id"])[actor.id]


# -- choose -------------------------------------------------------------------------------


def choose_framing(state, data, actor):
    reframe = _item(state, "reframes", data["reframe_id"])
    writable(state, "chosen")[reframe["sector"]] = reframe["id"]


def clear_choice(state, data, actor):
    sector = target_sector(state, data["sector"])
    if sector not in state["chosen"]:
        raise DomainError(_l("No framing is chosen for {sector} yet."), sector=sector)
    del writable(state, "chosen")[sector]


HANDLERS = {
    "add_priority": add_priority,
    "edit_priority": edit_priority,
    "delete_priority": delete_priority,
    "add_reframe": add_reframe,
    "edit_reframe": edit_reframe,
    "reword_reframe": reword_reframe,
    "delete_reframe": delete_reframe,
    "connect_priority": connect_priority,
    "rate": rate,
    "unrate": unrate,
    "choose_framing": choose_framing,
    "clear_choice": clear_choice,
}
