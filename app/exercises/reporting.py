"""Reporting an item (issue 23): the helpers an exercise's :meth:`Exercise.reportable` and
:meth:`Exercise.removal` hooks are made of, for the common case of a collection of items keyed
by id, each with an authorship record (:meth:`Actor.as_author`) and one text field.

An item's key on the wire is ``"<kind>:<id>"`` (``"note:n3"``): the kind says which collection
it is in, so one exercise can offer several (notes and actions, say) without ids colliding.

    def reportable(state, item_key):
        return contributed(state, "notes", "note", item_key)
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def item_id(item_key: str, kind: str) -> str | None:
    """The id in ``item_key`` when it names an item of ``kind``, else None."""
    prefix = f"{kind}:"
    if not isinstance(item_key, str) or not item_key.startswith(prefix):
        return None
    return item_key[len(prefix):] or None


def found(state: Mapping[str, Any], collection: str, kind: str, item_key: str) -> Mapping[str, Any] | None:
    """The item of ``state[collection]`` that ``item_key`` names, or None."""
    key = item_id(item_key, kind)
    return (state.get(collection) or {}).get(key) if key is not None else None


def contributed(state: Mapping[str, Any], collection: str, kind: str, item_key: str,
                text: str = "text") -> dict | None:
    """``{"author", "text"}`` of the item ``item_key`` names, when a participant wrote it
    (an item with no author id, such as a starting note, is nobody's to report)."""
    entry = found(state, collection, kind, item_key)
    author = (entry or {}).get("author") or {}
    if not author.get("id", "").startswith("p:"):
        return None
    return {"author": author["id"], "text": str(entry.get(text) or "")}


def removed_by(action_type: str, field: str, state: Mapping[str, Any], collection: str, kind: str,
               item_key: str) -> tuple[str, dict] | None:
    """``(action_type, {field: id})`` for an item that exists: the exercise's facilitator action
    taking it away (e.g. ``removed_by("delete_note", "note_id", state, "notes", "note", key)``)."""
    if found(state, collection, kind, item_key) is None:
        return None
    return action_type, {field: item_id(item_key, kind)}
