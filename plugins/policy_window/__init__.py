"""Policy window canvas: map Politics, People and Power, read how open the window is, act on it."""
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext

from app.exercises import Exercise, Phase, anyone, facilitator_only
from plugins.policy_window import forms, reducer, views


class PolicyWindowExercise(Exercise):
    key = "policy_window"
    dated_config_fields = ("horizon_start",)

    title = _l("Policy window canvas")
    summary = _l("The room maps what in Politics, People and Power opens or closes the window, "
                 "judges how open it is, and picks what to act on and when.")
    idea = _l("A partnership gets going when the wider climate lets it, so read that climate together "
              "and move when the window opens.")

    config_form = forms.PolicyWindowConfigForm
    plain_prompts = {
        "focus": _l("Starting this work together"),
        "politics_prompt": _l("What are leaders and the money people doing? Does it help us or stop us?"),
        "people_prompt": _l("Who decides things here? What do they want?"),
        "power_prompt": _l("Who is pushing for change, and which way? Think of news, friends and groups."),
    }
    actions = {
        "add_note": anyone(forms.AddNoteForm, label=_l("add a note"), moderated=True),
        "edit_note": anyone(forms.EditNoteForm, label=_l("edit a note"), moderated=True),
        "delete_note": anyone(forms.NoteForm, label=_l("delete a note")),
        "vote": anyone(forms.NoteForm, label=_l("vote for a note")),
        "unvote": anyone(forms.NoteForm, label=_l("take a vote back")),
        "rate": anyone(forms.RateForm, label=_l("rate the window")),
        "clear_rating": anyone(forms.TargetForm, label=lazy_pgettext("policy_window", "take a rating back")),
        "add_action": facilitator_only(forms.AddActionForm, label=_l("turn a note into an action")),
        "edit_action": facilitator_only(forms.EditActionForm, label=_l("edit an action")),
        "delete_action": facilitator_only(forms.ActionIdForm, label=_l("remove an action")),
    }

    # Each phase overlaps the next, so nobody is cut off mid-thought; the core refuses the rest
    # to participants (the facilitator tidies up in any phase). With "ratings_hidden" the room
    # sees the ratings once it decides how to act (views.RATINGS_SHOWN_IN).
    phases = (
        Phase("map", forms.PHASE_LABELS["map"], actions=frozenset({"add_note", "edit_note", "delete_note"})),
        Phase("weigh", forms.PHASE_LABELS["weigh"],
              actions=frozenset({"add_note", "edit_note", "delete_note", "vote", "unvote"})),
        Phase("read", forms.PHASE_LABELS["read"], actions=frozenset({"vote", "unvote", "rate", "clear_rating"})),
        Phase("act", forms.PHASE_LABELS["act"], actions=frozenset({"rate", "clear_rating"})),
    )

    def partnership_defaults(self, partnership):
        """Use the partnership's shared purpose as what the window is for."""
        purpose = " ".join((partnership.get("purpose") or "").split())
        return {"focus": purpose[:200]} if purpose else {}

    columns = views.SHEET_COLUMNS
    hooks_from = (reducer, views)


exercise = PolicyWindowExercise()
