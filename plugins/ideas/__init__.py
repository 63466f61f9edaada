"""Ideas & dot voting: sticky notes, clusters, and dots to rank what matters most."""
from flask_babel import gettext, ngettext
from flask_babel import lazy_gettext as _l

from app.exercises import Exercise, anyone, author_cells, facilitator_only, plan_item
from plugins.ideas import forms, reducer


class IdeasExercise(Exercise):
    key = "ideas"
    title = _l("Ideas & dot voting")
    summary = _l("Everyone posts ideas as notes, the facilitator clusters them, and dots rank them.")
    idea = _l("Start from what every partner brings, then let the whole room choose together.")
    config_form = forms.IdeasConfigForm
    actions = {
        "add_note": anyone(forms.AddNoteForm, label=_l("add a note")),
        "edit_note": anyone(forms.EditNoteForm, label=_l("edit a note")),
        "delete_note": anyone(forms.NoteForm, label=_l("delete a note")),
        "vote": anyone(forms.NoteForm, label=_l("place a dot")),
        "unvote": anyone(forms.NoteForm, label=_l("take a dot back")),
        "create_cluster": facilitator_only(forms.ClusterForm, label=_l("create a cluster")),
        "rename_cluster": facilitator_only(forms.RenameClusterForm, label=_l("rename a cluster")),
        "delete_cluster": facilitator_only(forms.ClusterIdForm, label=_l("delete a cluster")),
        "move_note": facilitator_only(forms.MoveNoteForm, label=_l("move a note")),
        "merge_notes": facilitator_only(forms.MergeNotesForm, label=_l("merge notes")),
    }

    def partnership_defaults(self, partnership):
        """The default question in the language of whoever adds the step."""
        return {"prompt": gettext(forms.DEFAULT_PROMPT)}

    def initial_state(self, config):
        return reducer.initial_state(config)

    def apply(self, state, action, actor):
        return reducer.apply(state, action, actor)

    def view(self, state, audience):
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
                "cluster": note["cluster"],
                "merged": len(note["merged"]),
                "dots": tallies.get(note["id"], 0),
                "author": audience.author(note["author"]),
                "order": note["order"],
            }
        voters = sum(1 for votes in state["votes"].values() if votes)
        return {
            "prompt": state["config"]["prompt"],
            "categories": state["config"]["categories"],
            "dots": state["config"]["dots"],
            "notes": notes,
            "hidden_count": hidden_count,
            "clusters": state["clusters"],
            "ranking": [] if hidden_count else _ranking(state, tallies),
            "voters": voters,
            "total": len(state["notes"]),
        }

    def personal(self, state, audience):
        me = audience.participant_id
        mine = {n["id"]: {"id": n["id"], "text": n["text"], "category": n["category"]}
                for n in state["notes"].values() if n["author"]["id"] == me}
        votes = dict(state["votes"].get(me, {}))
        return {"notes": mine, "votes": votes, "dots_left": state["config"]["dots"] - sum(votes.values())}

    def plan(self, state, config):
        tallies = _tallies(state)
        items = []
        for rank, note_id in enumerate(_ranking(state, tallies)[:10], start=1):
            note = state["notes"][note_id]
            sectors = {note["author"]["sector"]} | {m["author"]["sector"] for m in note["merged"]}
            cluster = state["clusters"].get(note["cluster"], {}).get("name", "")
            items.append(
                plan_item(
                    "ideas",
                    note["text"],
                    _dots_text(tallies.get(note_id, 0), cluster),
                    data={"rank": rank, "dots": tallies.get(note_id, 0), "cluster": cluster},
                    sectors=[s for s in sectors if s],
                    ref=f"note:{note_id}",
                )
            )
        return items

    def contributions(self, state):
        tallies = _tallies(state)
        clusters = state["clusters"]
        return [
            {
                "note": n["text"],
                "category": n["category"],
                "cluster": clusters.get(n["cluster"], {}).get("name", ""),
                "dots": tallies.get(n["id"], 0),
                "merged_notes": len(n["merged"]),
                **author_cells(n["author"]),
            }
            for n in state["notes"].values()
        ]


def _dots_text(dots: int, cluster: str) -> str:
    """"3 dots · Cluster" for the plan, in the language the plan is harvested in."""
    text = ngettext("%(num)d dot", "%(num)d dots", dots)
    return f"{text} · {cluster}" if cluster else text


def _tallies(state) -> dict:
    tallies: dict = {}
    for votes in state["votes"].values():
        for note_id, count in votes.items():
            tallies[note_id] = tallies.get(note_id, 0) + count
    return tallies


def _ranking(state, tallies) -> list:
    return sorted(state["notes"], key=lambda nid: (-tallies.get(nid, 0), state["notes"][nid]["order"]))


exercise = IdeasExercise()
