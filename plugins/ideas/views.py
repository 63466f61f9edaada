"""What each audience sees of Ideas & dot voting, the participant's own part, the plan and the
export rows. Privacy is enforced here: no note text while hidden, authors through
``audience.author``.

Views carry no ranking array: a merge patch replaces an array whole, so a ranking would re-send
every note id to every phone on every vote. Each note carries its ``dots`` and ``order``; the
page ranks by most dots, then by ``order`` (what :func:`_ranking` does for the plan)."""
from flask_babel import lazy_pgettext, ngettext

from app.exercises import Column, author_cells, plan_item
from app.exercises.answers import FEELINGS
from app.exercises.reporting import contributed, removed_by
from plugins.ideas.reducer import merged_blocks

#: The spreadsheets' words for the keys of this exercise's rows and plan items (Exercise.columns).
SHEET_COLUMNS = {
    "note": lazy_pgettext("ideas column", "note"),
    "category": lazy_pgettext("ideas column", "category"),
    "feeling": Column(lazy_pgettext("ideas column", "feeling"), {key: words for key, _face, words in FEELINGS}),
    "cluster": lazy_pgettext("ideas column", "cluster"),
    "dots": lazy_pgettext("ideas column", "dots"),
    "merged_notes": lazy_pgettext("ideas column", "notes merged into it"),
    "rank": lazy_pgettext("ideas column", "rank"),
}


def view(state, audience):
    tallies = _tallies(state)
    notes = {}
    hidden_count = 0
    for note in state["notes"].values():
        if not audience.sees_hidden:
            hidden_count += 1
            continue
        notes[note["id"]] = {
            "id": note["id"],
            "text": note["text"],
            "category": note["category"],
            "feeling": note.get("feeling", ""),
            "cluster": note["cluster"],
            "merged": len(note["merged"]),
            "dots": tallies.get(note["id"], 0),
            "author": audience.author(note["author"]),
            "order": note["order"],
        }
        if audience.is_facilitator:  # what the console can take out again (unmerge_notes)
            notes[note["id"]]["merged_from"] = _merged_from(note)
    voters = sum(1 for votes in state["votes"].values() if votes)
    return {
        "prompt": state["config"]["prompt"],
        "categories": state["config"]["categories"],
        "dots": state["config"]["dots"],
        "notes": notes,
        "hidden_count": hidden_count,
        "clusters": state["clusters"],
        "voters": voters,
        "total": len(state["notes"]),
    }


def personal(state, audience):
    me = audience.participant_id
    mine = {n["id"]: {"id": n["id"], "text": n["text"], "category": n["category"], "feeling": n.get("feeling", "")}
            for n in state["notes"].values() if n["author"]["id"] == me}
    votes = dict(state["votes"].get(me, {}))
    return {"notes": mine, "votes": votes, "dots_left": state["config"]["dots"] - sum(votes.values())}


def plan(state, config):
    tallies = _tallies(state)
    items = []
    # Starting notes are already in the plan (a check-in carries them over from it): not again.
    ranked = [nid for nid in _ranking(state, tallies) if not state["notes"][nid].get("starting")]
    for rank, note_id in enumerate(ranked[:10], start=1):
        note = state["notes"][note_id]
        sectors = {note["author"]["sector"]} | {m["author"]["sector"] for m in note["merged"]}
        cluster = state["clusters"].get(note["cluster"], {}).get("name", "")
        wording = {"kind": "dots", "dots": tallies.get(note_id, 0), "cluster": cluster}
        items.append(
            plan_item(
                "ideas",
                note["text"],
                plan_wording(wording)["text"],
                data={"rank": rank, "dots": tallies.get(note_id, 0), "cluster": cluster},
                sectors=[s for s in sectors if s],
                ref=f"note:{note_id}",
                wording=wording,
            )
        )
    return items


def contributions(state):
    tallies = _tallies(state)
    clusters = state["clusters"]
    return [
        {
            "note": n["text"],
            "category": n["category"],
            "feeling": n.get("feeling", ""),
            "cluster": clusters.get(n["cluster"], {}).get("name", ""),
            "dots": tallies.get(n["id"], 0),
            "merged_notes": len(n["merged"]),
            **author_cells(n["author"]),
        }
        for n in state["notes"].values()
    ]


def _merged_from(note) -> dict:
    """The notes merged straight into ``note`` that an undo can take out: id -> {id, text}."""
    entries = [note["merged"][start] for start, _end in merged_blocks(note)]
    return {m["id"]: {"id": m["id"], "text": m["text"]} for m in entries}


def plan_wording(wording) -> dict:
    """"3 dots · Cluster" in the current language (the core asks for it for every reader)."""
    if wording.get("kind") != "dots":
        return {}
    dots = int(wording.get("dots") or 0)
    text = ngettext("%(num)d dot", "%(num)d dots", dots)
    cluster = wording.get("cluster") or ""
    return {"text": f"{text} · {cluster}" if cluster else text}


def _tallies(state) -> dict:
    tallies: dict = {}
    for votes in state["votes"].values():
        for note_id, count in votes.items():
            tallies[note_id] = tallies.get(note_id, 0) + count
    return tallies


def _ranking(state, tallies) -> list:
    return sorted(state["notes"], key=lambda nid: (-tallies.get(nid, 0), state["notes"][nid]["order"]))


def reportable(state, item_key):
    """A participant's note (issue 23: the room can report one): ``"note:<id>"``."""
    return contributed(state, "notes", "note", item_key)


def removal(state, item_key):
    """A reported note is taken away by deleting it, as the facilitator's Delete does."""
    return removed_by("delete_note", "note_id", state, "notes", "note", item_key)
