"""Commitments and resources ledger: each organisation records what it brings to the shared
work (staff time, funds, people, spaces, data, in-kind help), the facilitator confirms it, and
the console shows the totals against what the work needs, the gaps and who carries the load."""
from flask_babel import gettext
from flask_babel import lazy_gettext as _l

from app.exercises import Authorship, Exercise, Phase, anyone, facilitator_only
from plugins.commitments import forms, reducer, views

PARTICIPANT_ACTIONS = frozenset({"commit", "edit", "withdraw"})


class CommitmentsExercise(Exercise):
    key = "commitments"
    title = _l("Commitments and resources ledger")
    summary = _l("Each organisation records what it brings to the shared work; the facilitator confirms it "
                 "and the room sees the totals against what the work needs.")
    idea = _l("A partnership runs on what its members actually put in: saying it out loud, in amounts, shows "
              "the gaps and who carries the load before anyone is relied on.")
    config_form = forms.CommitmentsConfigForm
    plain_prompts = {
        "prompt": _l("What can your group give to help?"),
    }
    content_config_fields = ("currency",)
    # "committing_organisation" is the organisation a commitment belongs to: content in a named
    # workshop, but in an anonymous one it points at who wrote the row, so it is blanked too.
    authorship = Authorship(names=("author", "organisation", "committing_organisation"))
    actions = {
        "commit": anyone(forms.CommitForm, label=_l("record a commitment"), moderated=True),
        "edit": anyone(forms.EditForm, label=_l("edit a commitment"), moderated=True),
        "withdraw": anyone(forms.CommitmentForm, label=_l("withdraw a commitment")),
        "confirm": facilitator_only(forms.CommitmentForm, label=_l("confirm a commitment")),
        "unconfirm": facilitator_only(forms.CommitmentForm, label=_l("take back a confirmation")),
        "set_needs": facilitator_only(forms.NeedsForm, label=_l("change what the work needs")),
        "carry_in": facilitator_only(forms.CarryInForm, label=_l("bring in a table's commitment")),
    }
    # The room records, then reviews the ledger together while the facilitator confirms.
    phases = (
        Phase("record", _l("Record commitments"), actions=PARTICIPANT_ACTIONS),
        Phase("review", _l("Review and confirm"), actions=frozenset()),
    )

    def partnership_defaults(self, partnership):
        """The default question in the language of whoever adds the step."""
        return {"prompt": gettext(forms.DEFAULT_PROMPT)}

    def adopt(self, items, config, text=None):
        """Back in plenary: a commitment a table confirmed comes into the room's ledger as that
        organisation's (``carry_in``, confirmed), so the room's totals and gaps count it. A
        commitment is one organisation's: several items are each carried in, never merged into
        one, and the facilitator's words replace the description of a single one only. A gap is
        the table's arithmetic, not adoptable: the room's ledger works out its own."""
        if not items or any(not str(item.get("ref") or "").startswith("commitment:") for item in items):
            return None
        actions = []
        for item in items:
            data = item.get("data") or {}
            fields = {"organisation": data.get("owner"), "kind": data.get("kind"), "amount": data.get("amount"),
                      "until": data.get("due"), "essential": bool(data.get("essential")),
                      "description": (text if len(items) == 1 and text else None) or item.get("title")}
            actions.append({"type": "carry_in", "data": {k: v for k, v in fields.items() if v not in (None, "")}})
        return actions

    hooks_from = (reducer, views)
    columns = views.SHEET_COLUMNS


exercise = CommitmentsExercise()
