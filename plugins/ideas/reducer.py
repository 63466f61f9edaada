"""Pure state transitions of Ideas & dot voting: ``apply(state, action, actor) -> state``."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext

from app.exercises import DomainError
from app.exercises.answers import check_feeling
from app.exercises.reducers import clean_text, dispatch, item, new_id, owned_item, writable
from plugins.ideas.forms import MAX_STARTING_NOTES

#: The authorship of a starting note: nobody in the room wrote it.
NO_AUTHOR = {"id": "", "sector": ""}


def initial_state(config: dict) -> dict:
    categories = [c.strip() for c in (config.get("categories") or "").splitlines() if c.strip()]
    state = {
        "config": {**config, "categories": categories},
        "notes": {},  # id -> {id, text, category, author, cluster, order, merged: [merged notes]}
        "clusters": {},  # id -> {id, name}
        "votes": {},  # actor id -> {note id: dots}
        "next_id": 1,
    }
    for text in starting_notes(config):
        note_id = new_id(state, "n")
        state["notes"][note_id] = {"id": note_id, "text": text, "category": "", "author": dict(NO_AUTHOR),
                                   "cluster": "", "merged": [], "order": state["next_id"], "starting": True}
    return state


def starting_notes(config: dict) -> list[str]:
    """The non-empty lines of ``starting_notes``, each cut to the longest note allowed."""
    longest = int(config.get("max_length") or 280)
    lines = [" ".join(line.split()) for line in (config.get("starting_notes") or "").splitlines()]
    return [line[:longest] for line in lines if line][:MAX_STARTING_NOTES]


def apply(state: dict, action, actor) -> dict:
    return dispatch(HANDLERS, state, action, actor)


# -- helpers ------------------------------------------------------------------------------


def _note(state: dict, note_id: str) -> dict:
    return item(state, "notes", note_id, gone=_l("That note no longer exists."))


def _own_note(state: dict, note_id: str, actor) -> dict:
    return owned_item(state, "notes", note_id, actor, not_yours=_l("You can only change your own notes."),
                      gone=_l("That note no longer exists."))


def _cluster(state: dict, cluster_id: str) -> dict:
    return item(state, "clusters", cluster_id, gone=_l("That cluster no longer exists."))


def _clean_text(state: dict, data: dict) -> tuple[str, str]:
    text = clean_text(data["text"], state["config"]["max_length"])
    category = (data.get("category") or "").strip()
    categories = state["config"]["categories"]
    if category and categories and category not in categories:
        raise DomainError(_l("Pick one of the listed categories."), field="category")
    return text, category


def _drop_votes(state: dict, note_id: str) -> None:
    for voter, votes in list(state["votes"].items()):
        if note_id in votes:
            del writable(state, "votes", voter)[note_id]


def dots_used(state: dict, actor_id: str) -> int:
    return sum(state["votes"].get(actor_id, {}).values())


# -- handlers -----------------------------------------------------------------------------


def add_note(state, data, actor):
    text, category = _clean_text(state, data)
    mine = sum(1 for n in state["notes"].values() if n["author"]["id"] == actor.id)
    if not actor.is_facilitator and mine >= state["config"]["notes_per_participant"]:
        raise DomainError(lazy_ngettext("You have used your {n} note. Edit or delete it first.",
                                        "You have used all {n} of your notes. Edit or delete one first.", mine), n=mine)
    feeling = check_feeling(data.get("feeling"))
    note_id = new_id(state, "n")
    writable(state, "notes")[note_id] = {
        "id": note_id,
        "text": text,
        "category": category,
        "feeling": feeling,
        "author": actor.as_author(),
        "cluster": "",
        "merged": [],
        "order": state["next_id"],
    }


def edit_note(state, data, actor):
    _own_note(state, data["note_id"], actor)
    text, category = _clean_text(state, data)
    note = writable(state, "notes", data["note_id"])
    note["text"], note["category"] = text, category


def delete_note(state, data, actor):
    _own_note(state, data["note_id"], actor)
    del writable(state, "notes")[data["note_id"]]
    _drop_votes(state, data["note_id"])


def vote(state, data, actor):
    note = _note(state, data["note_id"])
    if actor.is_facilitator:
        raise DomainError(_l("Dots are for participants."))
    config = state["config"]
    if dots_used(state, actor.id) >= config["dots"]:
        raise DomainError(lazy_ngettext("You have placed your {n} dot. Take it back to move it.",
                                        "You have placed all {n} of your dots. Take one back to move it.",
                                        config["dots"]), n=config["dots"])
    if state["votes"].get(actor.id, {}).get(note["id"]) and not config["allow_stacking"]:
        raise DomainError(_l("One dot per note in this step."))
    votes = writable(state, "votes")
    mine = votes[actor.id] = dict(votes.get(actor.id, {}))
    mine[note["id"]] = mine.get(note["id"], 0) + 1


def unvote(state, data, actor):
    if not state["votes"].get(actor.id, {}).get(data["note_id"]):
        raise DomainError(_l("You have no dot on that note."))
    mine = writable(state, "votes", actor.id)
    mine[data["note_id"]] -= 1
    if not mine[data["note_id"]]:
        del mine[data["note_id"]]


def create_cluster(state, data, actor):
    name = data["name"].strip()
    if any(c["name"].lower() == name.lower() for c in state["clusters"].values()):
        raise DomainError(_l("A cluster with that name exists already."), field="name")
    cluster_id = new_id(state, "c")
    writable(state, "clusters")[cluster_id] = {"id": cluster_id, "name": name, "order": state["next_id"]}


def rename_cluster(state, data, actor):
    _cluster(state, data["cluster_id"])
    writable(state, "clusters", data["cluster_id"])["name"] = data["name"].strip()


def delete_cluster(state, data, actor):
    _cluster(state, data["cluster_id"])
    del writable(state, "clusters")[data["cluster_id"]]
    for note in list(state["notes"].values()):
        if note["cluster"] == data["cluster_id"]:
            writable(state, "notes", note["id"])["cluster"] = ""


def move_note(state, data, actor):
    _note(state, data["note_id"])
    cluster_id = data.get("cluster_id") or ""
    if cluster_id:
        _cluster(state, cluster_id)
    writable(state, "notes", data["note_id"])["cluster"] = cluster_id


def merge_notes(state, data, actor):
    keep, dup = _note(state, data["note_id"]), _note(state, data["duplicate_id"])
    if keep["id"] == dup["id"]:
        raise DomainError(_l("Pick two different notes to merge."))
    # Dots follow the merged note, so nobody loses a vote by the merge; the entry remembers
    # whose dots moved, so an undo (unmerge_notes) can give them back.
    moved = {voter: votes[dup["id"]] for voter, votes in state["votes"].items() if votes.get(dup["id"])}
    for voter, count in moved.items():
        mine = writable(state, "votes", voter)
        del mine[dup["id"]]
        mine[keep["id"]] = mine.get(keep["id"], 0) + count
    # The merged note is kept whole, followed by the notes merged into it before ("carried"):
    # one block of the list, which an undo takes out again as it was.
    entry = {key: dup[key] for key in ("id", "text", "author", "category", "cluster", "order")}
    entry["feeling"] = dup.get("feeling", "")
    entry.update(carried=len(dup["merged"]), votes=moved)
    writable(state, "notes", keep["id"])["merged"] = [*keep["merged"], entry, *dup["merged"]]
    del writable(state, "notes")[dup["id"]]


def merged_blocks(note: dict) -> list[tuple[int, int]]:
    """``(start, end)`` of each note merged straight into ``note`` (its slice of
    ``note["merged"]``, with what it carried along); notes merged before undo existed have no id
    and no block."""
    blocks, index = [], 0
    while index < len(note["merged"]):
        entry = note["merged"][index]
        end = index + 1 + entry.get("carried", 0)
        if entry.get("id"):
            blocks.append((index, end))
        index = end
    return blocks


def unmerge_notes(state, data, actor):
    keep = _note(state, data["note_id"])
    found = [(start, end) for start, end in merged_blocks(keep) if keep["merged"][start]["id"] == data["merged_id"]]
    if not found:
        raise DomainError(_l("That note was not merged into this one (or its merge can no longer be undone)."))
    start, end = found[0]
    entry, carried = keep["merged"][start], keep["merged"][start + 1:end]
    if entry["id"] in state["notes"]:
        raise DomainError(_l("That note is on the wall already."))
    writable(state, "notes", keep["id"])["merged"] = [*keep["merged"][:start], *keep["merged"][end:]]
    cluster = entry["cluster"] if entry["cluster"] in state["clusters"] else ""
    writable(state, "notes")[entry["id"]] = {
        "id": entry["id"], "text": entry["text"], "category": entry["category"], "feeling": entry.get("feeling", ""),
        "author": entry["author"],
        "cluster": cluster, "merged": carried, "order": entry["order"],
    }
    # Each voter's dots go back, as far as they are still on the kept note.
    for voter, count in entry["votes"].items():
        back = min(count, state["votes"].get(voter, {}).get(keep["id"], 0))
        if back:
            mine = writable(state, "votes", voter)
            mine[keep["id"]] -= back
            if not mine[keep["id"]]:
                del mine[keep["id"]]
            mine[entry["id"]] = back


HANDLERS = {
    "add_note": add_note,
    "edit_note": edit_note,
    "delete_note": delete_note,
    "vote": vote,
    "unvote": unvote,
    "create_cluster": create_cluster,
    "rename_cluster": rename_cluster,
    "delete_cluster": delete_cluster,
    "move_note": move_note,
    "merge_notes": merge_notes,
    "unmerge_notes": unmerge_notes,
}
