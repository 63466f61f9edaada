"""Data-sharing map: who holds which data, who needs it for the shared outcomes and why, what
stands in the way, and which agreement each flow needs."""
from flask_babel import gettext
from flask_babel import lazy_gettext as _l

from app.exercises import Exercise, anyone, facilitator_only
from plugins.data_sharing import forms, reducer, views


class DataSharingExercise(Exercise):
    key = "data_sharing"
    title = _l("Data-sharing map")
    summary = _l("Partners map the data each one holds, who needs it for the shared outcomes and why, "
                 "what stands in the way and which agreement each flow needs.")
    idea = _l("Shared outcomes need shared information: seeing every flow and its obstacles in one "
              "picture turns vague worries about data into a list of agreements to draw up.")
    config_form = forms.DataSharingConfigForm
    plain_prompts = {
        "prompt": _l("What facts does each group keep? Who else needs them to help?"),
    }
    columns = views.SHEET_COLUMNS
    actions = {
        "add_dataset": anyone(forms.AddDatasetForm, label=_l("add a data set"), moderated=True),
        "edit_dataset": anyone(forms.EditDatasetForm, label=_l("edit a data set"), moderated=True),
        "delete_dataset": anyone(forms.DatasetForm, label=_l("remove a data set")),
        "add_flow": anyone(forms.AddFlowForm, label=_l("add a flow"), moderated=True),
        "edit_flow": anyone(forms.EditFlowForm, label=_l("edit a flow"), moderated=True),
        "delete_flow": anyone(forms.FlowForm, label=_l("remove a flow")),
        "add_barrier_note": anyone(forms.BarrierNoteForm, label=_l("note an obstacle"), moderated=True),
        "delete_barrier_note": anyone(forms.DeleteNoteForm, label=_l("take back an obstacle")),
        "add_organisation": facilitator_only(forms.AddOrganisationForm, label=_l("add an organisation")),
        "remove_organisation": facilitator_only(forms.OrganisationForm, label=_l("remove an organisation")),
    }

    def partnership_defaults(self, partnership):
        """The question in the language of whoever adds the step, and the partnership's
        organisations, one per line."""
        names, seen = [], set()
        for name in partnership.get("organisations") or []:
            name = " ".join(str(name).split())[:forms.NAME_MAX]
            if name and name.casefold() not in seen and len(names) < forms.MAX_ORGANISATIONS:
                seen.add(name.casefold())
                names.append(name)
        values = {"prompt": gettext(forms.DEFAULT_PROMPT)}
        if names:
            values["organisations"] = "\n".join(names)
        return values

    hooks_from = (reducer, views)


exercise = DataSharingExercise()
