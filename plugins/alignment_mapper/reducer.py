"""Pure state transitions of the Alignment mapper: ``apply(state, action, actor) -> state``.

State::

    config     the step's configuration (plus ``phases``, the phases in use, in order; the
               core keeps the phase the room is in and gates participants' actions by it)
    cards      id -> {id, text, author, theme, merged: [{text, author}], order}
    responses  card id -> {actor id -> {level: "shared"|"partly", sector}}
    themes     id -> {id, name, order}
    ratings    theme id -> {actor id -> {value: "essential"|"nice", sector}}
    next_id    counter for new ids (no clock, no randomness)
"""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext

from app.exercises import DomainError
from app.exercises.purity import dispatch, new_id, writable

PHASES = ("goals", "shared", "themes", "essential")
#: Phase names for messages (lazy: rendered in the reader's language). Views send only the keys.
PHASE_NAMES = {"goals": _l("Goals"), "shared": _l("Shared?"), "themes": _l("Themes"),
               "essential": _l("Essential or nice to have")}
_OPTIONAL = {"shared": "use_shared", "themes": "use_themes", "essential": "use_essential"}


def phases_in_use(config: dict) -> list[str]:
    """The phases this step runs, in order; goals always come first."""
    return ["goals"] + [p for p in PHASES[1:] if config.get(_OPTIONAL[p])]


def initial_state(config: dict) -> dict:
    config = {**config, "purpose": " ".join((config.get("purpose") or "").split())}
    config["phases"] = phases_in_use(config)
    return {"config": config, "cards": {}, "responses": {}, "themes": {}, "ratings": {}, "next_id": 1}


def apply(state: dict, action, actor) -> dict:
    return dispatch(HANDLERS, state, action, actor)


# -- rules shared by the handlers ---------------------------------------------------------


def _card(state: dict, card_id: str) -> dict:
    card = state["cards"].get(card_id)
    if card is None:
        raise DomainError(_l("That goal is not on this board any more."))
    return card


def _theme(state: dict, theme_id: str) -> dict:
    theme = state["themes"].get(theme_id)
    if theme is None:
        raise DomainError(_l("That theme is not part of this step."), field="theme_id")
    return theme


def _participant_only(actor, message) -> None:
    """``message``: a whole (lazy) sentence saying who the contribution comes from."""
    if actor.is_facilitator:
        raise DomainError(message)


def _clean_text(state: dict, text: str) -> str:
    text = " ".join((text or "").split())
    limit = state["config"]["max_length"]
    if not text:
        raise DomainError(_l("Write your goal first."), field="text")
    if len(text) > limit:
        raise DomainError(_l("Keep a goal under {limit} characters; it has {length}."), field="text", limit=limit,
                          length=len(text))
    return text


def _may_group(state: dict, actor) -> None:
    if "themes" not in state["config"]["phases"]:
        raise DomainError(_l("This step does not group goals into themes."))
    if actor.is_facilitator:
        return
    if not state["config"].get("participants_group"):
        raise DomainError(_l("In this step only the facilitator groups and merges goals."))


# -- phase 1: goals -----------------------------------------------------------------------


def add_goal(state, data, actor):
    _participant_only(actor, _l("Goals come from the partners in the room, not the facilitator."))
    text = _clean_text(state, data["text"])
    mine = sum(1 for c in state["cards"].values() if c["author"]["id"] == actor.id)
    limit = state["config"]["cards_per_participant"]
    if mine >= limit:
        raise DomainError(lazy_ngettext("You have written your {n} goal. Edit or delete it to add another.",
                                        "You have written all {n} of your goals. Edit or delete one to add another.",
                                        limit), n=limit)
    card_id = new_id(state, "g")
    writable(state, "cards")[card_id] = {"id": card_id, "text": text, "author": actor.as_author(), "theme": "",
                                         "merged": [], "order": state["next_id"]}


#: "Not your goal", for each change a participant makes to a goal.
OWN_CARD_RULES = {
    "edit": _l("You can only edit your own goals."),
    "delete": _l("You can only delete your own goals."),
}


def _own_card(state, data, actor, verb: str) -> dict:
    card = _card(state, data["card_id"])
    if actor.is_facilitator:
        return card
    if card["author"]["id"] != actor.id:
        raise DomainError(OWN_CARD_RULES[verb])
    return card


def edit_goal(state, data, actor):
    _own_card(state, data, actor, "edit")
    text = _clean_text(state, data["text"])
    writable(state, "cards", data["card_id"])["text"] = text


def delete_goal(state, data, actor):
    _own_card(state, data, actor, "delete")
    del writable(state, "cards")[data["card_id"]]
    if data["card_id"] in state["responses"]:
        del writable(state, "responses")[data["card_id"]]


# -- phase 2: shared? ----------------------------------------------------------------------


def respond(state, data, actor):
    _participant_only(actor, _l("Answers come from the partners in the room, not the facilitator."))
    card = _card(state, data["card_id"])
    holders = [card["author"]] + [m["author"] for m in card["merged"]]
    if any(h["id"] == actor.id for h in holders):
        raise DomainError(_l("This is your own goal; answer for the goals of other partners."))
    mine = state["responses"].get(card["id"], {})
    if data["response"] == "none":
        if actor.id in mine:
            del writable(state, "responses", card["id"])[actor.id]
        return
    responses = writable(state, "responses")
    answers = responses[card["id"]] = dict(mine)
    answers[actor.id] = {"level": data["response"], "sector": actor.sector}


# -- phase 3: themes -----------------------------------------------------------------------


def _check_theme_name(state, name, keep_id=""):
    name = " ".join(name.split())
    if not name:
        raise DomainError(_l("Give the theme a name."), field="name")
    if any(t["name"].casefold() == name.casefold() and t["id"] != keep_id for t in state["themes"].values()):
        raise DomainError(_l("A theme with that name exists already."), field="name")
    return name


def create_theme(state, data, actor):
    _may_group(state, actor)
    name = _check_theme_name(state, data["name"])
    theme_id = new_id(state, "t")
    writable(state, "themes")[theme_id] = {"id": theme_id, "name": name, "order": state["next_id"]}


def rename_theme(state, data, actor):
    _may_group(state, actor)
    _theme(state, data["theme_id"])
    writable(state, "themes", data["theme_id"])["name"] = _check_theme_name(state, data["name"], data["theme_id"])


def delete_theme(state, data, actor):
    _may_group(state, actor)
    _theme(state, data["theme_id"])
    del writable(state, "themes")[data["theme_id"]]
    if data["theme_id"] in state["ratings"]:
        del writable(state, "ratings")[data["theme_id"]]
    for card in list(state["cards"].values()):  # its goals go back to "not yet grouped"
        if card["theme"] == data["theme_id"]:
            writable(state, "cards", card["id"])["theme"] = ""


def move_goal(state, data, actor):
    _may_group(state, actor)
    card = _card(state, data["card_id"])
    theme_id = data.get("theme_id") or ""
    if theme_id:
        _theme(state, theme_id)
    if card["theme"] != theme_id:
        writable(state, "cards", card["id"])["theme"] = theme_id


def merge_goals(state, data, actor):
    """Fold a duplicate into the goal kept: its text and author stay on record, and every
    answer moves over (the stronger one wins), so nobody loses what they said."""
    _may_group(state, actor)
    keep, dup = _card(state, data["card_id"]), _card(state, data["duplicate_id"])
    if keep["id"] == dup["id"]:
        raise DomainError(_l("Pick two different goals to merge."), field="duplicate_id")
    kept = writable(state, "cards", keep["id"])
    kept["merged"] = [*keep["merged"], {"text": dup["text"], "author": dup["author"]}, *dup["merged"]]
    if not kept["theme"]:
        kept["theme"] = dup["theme"]
    del writable(state, "cards")[dup["id"]]
    _merge_responses(state, kept, dup["id"])


def _merge_responses(state, kept, dup_id):
    moved = state["responses"].get(dup_id, {})
    if dup_id in state["responses"]:
        del writable(state, "responses")[dup_id]
    holders = {kept["author"]["id"]} | {m["author"]["id"] for m in kept["merged"]}
    answers = dict(state["responses"].get(kept["id"], {}))
    for actor_id, answer in moved.items():
        if actor_id in holders:
            continue  # an author of the merged goal holds it; they do not "share" it
        if answer["level"] == "shared" or actor_id not in answers:
            answers[actor_id] = answer
    for actor_id in holders & set(answers):
        del answers[actor_id]
    if answers or kept["id"] in state["responses"]:
        writable(state, "responses")[kept["id"]] = answers


# -- phase 4: essential or nice to have ----------------------------------------------------


def rate_theme(state, data, actor):
    _participant_only(actor, _l("Ratings come from the partners in the room, not the facilitator."))
    theme = _theme(state, data["theme_id"])
    mine = state["ratings"].get(theme["id"], {})
    if data["rating"] == "none":
        if actor.id in mine:
            del writable(state, "ratings", theme["id"])[actor.id]
        return
    ratings = writable(state, "ratings")
    votes = ratings[theme["id"]] = dict(mine)
    votes[actor.id] = {"value": data["rating"], "sector": actor.sector}


HANDLERS = {
    "add_goal": add_goal,
    "edit_goal": edit_goal,
    "delete_goal": delete_goal,
    "respond": respond,
    "create_theme": create_theme,
    "rename_theme": rename_theme,
    "delete_theme": delete_theme,
    "move_goal": move_goal,
    "merge_goals": merge_goals,
    "rate_theme": rate_theme,
}
