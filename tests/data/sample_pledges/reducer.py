"""Pure state transitions: ``apply(state, action, actor) -> new state``."""
from flask_babel import lazy_gettext as _l

from app.exercises import DomainError
from app.exercises.reducers import clean_text, dispatch, item, new_id, owned_item, writable


def initial_state(config):
    return {"config": dict(config), "pledges": {}, "next_id": 1}


def pledge(state, data, actor):
    text = clean_text(data["text"], 300)
    mine = [p for p in state["pledges"].values() if p["author"]["id"] == actor.id]
    if len(mine) >= state["config"]["per_person"]:
        raise DomainError(_l("You have made all your pledges."))
    pledge_id = new_id(state, "p")
    writable(state, "pledges")[pledge_id] = {"id": pledge_id, "text": text, "author": actor.as_author(),
                                             "starred": False}


def withdraw(state, data, actor):
    owned_item(state, "pledges", data["pledge_id"], actor)
    del writable(state, "pledges")[data["pledge_id"]]


def star(state, data, actor):
    found = item(state, "pledges", data["pledge_id"])
    writable(state, "pledges", found["id"])["starred"] = not found["starred"]


HANDLERS = {"pledge": pledge, "withdraw": withdraw, "star": star}


def apply(state, action, actor):
    return dispatch(HANDLERS, state, action, actor)
