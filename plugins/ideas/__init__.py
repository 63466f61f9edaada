"""Ideas & dot voting: sticky notes, clusters, and dots to rank what matters most."""
from flask_babel import gettext
from flask_babel import lazy_gettext as _l

from app.exercises import Exercise, anyone, facilitator_only, joined_words
from plugins.ideas import forms, reducer, views


class IdeasExercise(Exercise):
    key = "ideas"
    title = _l("Ideas & dot voting")
    summary = _l("Everyone posts ideas as notes, the facilitator clusters them, and dots rank them.")
    idea = _l("Start from what every partner brings, then let the whole room choose together.")
    config_form = forms.IdeasConfigForm
    plain_prompts = {
        "prompt": _l("What should we do together this year?"),
    }
    carry_over_field = "starting_notes"
    actions = {
        "add_note": anyone(forms.AddNoteForm, label=_l("add a note"), moderated=True),
        "edit_note": anyone(forms.EditNoteForm, label=_l("edit a note"), moderated=True),
        "delete_note": anyone(forms.NoteForm, label=_l("delete a note")),
        "vote": anyone(forms.NoteForm, label=_l("place a dot")),
        "unvote": anyone(forms.NoteForm, label=_l("take a dot back")),
        "create_cluster": facilitator_only(forms.ClusterForm, label=_l("create a cluster")),
        "rename_cluster": facilitator_only(forms.RenameClusterForm, label=_l("rename a cluster")),
        "delete_cluster": facilitator_only(forms.ClusterIdForm, label=_l("delete a cluster")),
        "move_note": facilitator_only(forms.MoveNoteForm, label=_l("move a note")),
        "merge_notes": facilitator_only(forms.MergeNotesForm, label=_l("merge notes")),
        "unmerge_notes": facilitator_only(forms.UnmergeNoteForm, label=_l("undo a merge")),
    }

    def partnership_defaults(self, partnership):
        """The default question in the language of whoever adds the step."""
        return {"prompt": gettext(forms.DEFAULT_PROMPT)}

    def adopt(self, items, config, text=None):
        """Back in plenary: a table's note comes in as a note of the room (``add_note``), for the
        whole room to cluster and dot; several merged become one note, in the facilitator's
        words or the notes' own joined. The table's dots stay the table's: the room votes anew."""
        if not items or any(not str(item.get("ref") or "").startswith("note:") for item in items):
            return None
        return [{"type": "add_note", "data": {"text": text or joined_words(items, "title")}}]

    columns = views.SHEET_COLUMNS
    hooks_from = (reducer, views)


exercise = IdeasExercise()
