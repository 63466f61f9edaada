"""The helpers every reducer needs, once: copy-on-write (from :mod:`app.exercises.purity`),
get-or-refuse, owned items and clean text. Each refuses with a :class:`DomainError` a person can
read, so an exercise's handlers stay a few lines of its own rules.

    def edit_note(state, data, actor):
        owned_item(state, "notes", data["note_id"], actor)
        writable(state, "notes", data["note_id"])["text"] = clean_text(data["text"], 280)
"""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.exercises.contract import DomainError
from app.exercises.purity import dispatch, new_id, writable

__all__ = ["clean_text", "dispatch", "item", "new_id", "owned_item", "writable"]


def item(state: dict, collection: str, item_id: str, gone=None) -> dict:
    """``state[collection][item_id]``, or a refusal (``gone``, default "That item no longer
    exists.") when someone acts on an item deleted or merged meanwhile."""
    found = state[collection].get(item_id)
    if found is None:
        raise DomainError(gone or _l("That item no longer exists."))
    return found


def owned_item(state: dict, collection: str, item_id: str, actor, not_yours=None, gone=None) -> dict:
    """:func:`item`, refused (``not_yours``) unless ``actor`` wrote it or is a facilitator; the
    item's authorship record is ``item["author"]`` (:meth:`Actor.as_author`)."""
    found = item(state, collection, item_id, gone)
    if not actor.is_facilitator and found["author"]["id"] != actor.id:
        raise DomainError(not_yours or _l("You can only change your own contributions."))
    return found


def clean_text(text, max_length: int, field: str = "text", empty=None) -> str:
    """``text`` with its runs of white space made single spaces; refused when nothing is left
    (``empty``) or it is longer than ``max_length`` characters."""
    cleaned = " ".join(str(text or "").split())
    if not cleaned:
        raise DomainError(empty or _l("Write something first."), field=field)
    if len(cleaned) > max_length:
        raise DomainError(_l("Keep it under {n} characters."), field=field, n=max_length)
    return cleaned
