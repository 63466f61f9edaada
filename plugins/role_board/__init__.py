"""Role assignment board: who leads, who supports, who sits on which group — with the gaps,
overload and sector balance made visible while the room decides."""
from flask_babel import lazy_gettext as _l

from app.exercises import Authorship, Exercise, anyone, facilitator_only
from plugins.role_board import forms, reducer, views
from plugins.role_board.forms import MAX_ORGANISATIONS, NAME_MAX

SETUP = ("pending", "open", "locked")  # the facilitator can prepare the board before opening it


class RoleBoardExercise(Exercise):
    key = "role_board"
    title = _l("Role assignment board")
    summary = _l("Partners volunteer or nominate organisations for the partnership's roles and groups; "
                 "the facilitator confirms who leads, who supports and who sits where.")
    idea = _l("Naming a lead, clear roles and a balanced structure in the open, with gaps and power "
              "imbalances in view, is what makes a partnership agreement possible.")
    config_form = forms.RoleBoardConfigForm
    plain_prompts = {
        "intro": _l("There are jobs to share. Which group should do each job? Pick your group, or pick "
                    "another group and say why."),
    }
    content_config_fields = ("roles", "bodies")
    # "nominee" and "nominee_sector" are the organisation a place is assigned to: content, kept.
    authorship = Authorship(sector="author_sector")
    actions = {
        "volunteer": anyone(forms.VolunteerForm, label=_l("volunteer your organisation"), moderated=True),
        "nominate": anyone(forms.NominateForm, label=_l("nominate an organisation"), moderated=True),
        "second": anyone(forms.NominationForm, label=_l("second a nomination")),
        "unsecond": anyone(forms.NominationForm, label=_l("take back a second")),
        "withdraw": anyone(forms.NominationForm, label=_l("withdraw a nomination")),
        "assign": facilitator_only(forms.AssignForm, statuses=SETUP, label=_l("confirm an organisation")),
        "unassign": facilitator_only(forms.UnassignForm, statuses=SETUP, label=_l("take an organisation off")),
        "confirm_nomination": facilitator_only(forms.ConfirmNominationForm, label=_l("confirm a nomination")),
        "add_role": facilitator_only(forms.AddItemForm, statuses=SETUP, label=_l("add a role")),
        "edit_role": facilitator_only(forms.EditRoleForm, statuses=SETUP, label=_l("edit a role")),
        "remove_role": facilitator_only(forms.TargetForm, statuses=SETUP, label=_l("remove a role")),
        "add_body": facilitator_only(forms.AddItemForm, statuses=SETUP, label=_l("add a group")),
        "edit_body": facilitator_only(forms.EditBodyForm, statuses=SETUP, label=_l("edit a group")),
        "remove_body": facilitator_only(forms.TargetForm, statuses=SETUP, label=_l("remove a group")),
        "add_organisation": facilitator_only(forms.AddOrganisationForm, statuses=SETUP,
                                             label=_l("add an organisation")),
        "remove_organisation": facilitator_only(forms.OrganisationForm, statuses=SETUP,
                                                label=_l("remove an organisation")),
        "set_limit": facilitator_only(forms.LimitForm, statuses=SETUP, label=_l("change the overload limit")),
    }

    def hidden_at_start(self, config):
        """Nominations kept private by the config start behind the core's hide switch; the
        facilitator shows them to the room with the console's one reveal control."""
        return bool(config.get("hide_nominations"))

    def partnership_defaults(self, partnership):
        """The partnership's organisations, one per line, seed the board."""
        names, seen = [], set()
        for name in partnership.get("organisations") or []:
            name = " ".join(str(name).replace("|", "/").split())[:NAME_MAX]
            if name and name.casefold() not in seen and len(names) < MAX_ORGANISATIONS:
                seen.add(name.casefold())
                names.append(name)
        return {"organisations": "\n".join(names)} if names else {}

    columns = views.SHEET_COLUMNS
    hooks_from = (reducer, views)


exercise = RoleBoardExercise()
