"""Helpers for writing pure reducers cheaply: copy-on-write instead of deep copies.

A reducer starts with ``new = dict(state)`` and, before changing anything nested, asks for a
private copy of the path it changes: ``writable(new, "notes", note_id)["text"] = "..."``.
Everything not on a touched path stays shared with the old state (which is never changed),
so a vote on a 1,000-note board copies two small dicts, not the whole board.
"""


def writable(state: dict, *path: str) -> dict:
    """Give ``state`` its own shallow copy of each dict along ``path``; return the last one."""
    node = state
    for key in path:
        child = dict(node[key])
        node[key] = child
        node = child
    return node


def new_id(state: dict, prefix: str) -> str:
    """The next id for a new item (``prefix`` + a counter kept in ``state["next_id"]``); ``state``
    is the reducer's own copy, so counting up in place is safe."""
    ident = f"{prefix}{state['next_id']}"
    state["next_id"] += 1
    return ident


def dispatch(handlers: dict, state: dict, action, actor, prepare=None) -> dict:
    """The usual ``apply``: find the handler for ``action.type``, give it a copy-on-write copy of
    the state to change, return the copy. ``prepare(new_state, actor)`` runs first when given.
    Handlers are ``handler(state, data, actor)`` and raise ``DomainError`` to refuse."""
    from flask_babel import lazy_gettext as _l

    from app.exercises.contract import DomainError

    handler = handlers.get(action.type)
    if handler is None:
        raise DomainError(_l("Unknown action {action}."), action=repr(action.type))
    new = dict(state)
    if prepare is not None:
        prepare(new, actor)
    handler(new, action.data, actor)
    return new
