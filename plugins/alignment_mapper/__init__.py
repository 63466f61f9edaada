"""Alignment mapper: partners set their own goals against the shared purpose, mark which goals
of other partners they share, group them into themes and say which themes are essential.

Phases (the facilitator moves the room through them; only "goals" is always on):
goals → shared? → themes → essential or nice to have.
"""
from dataclasses import replace

from flask_babel import lazy_gettext as _l

from app.exercises import ActionSpec, Authorship, Exercise, Phase, anyone, joined_words
from app.exercises.contract import ROLES
from plugins.alignment_mapper import forms, reducer, views


def _grouping(form, label, moderated=False):
    # Participants may group too when the step allows it; the reducer checks that rule.
    return ActionSpec(form=form, roles=frozenset(ROLES), statuses=frozenset({"open"}), label=label,
                      moderated=moderated)


class AlignmentMapperExercise(Exercise):
    key = "alignment_mapper"
    title = _l("Alignment mapper")
    summary = _l("Each partner brings its own goals; the room marks which it shares, groups them into "
                 "themes and maps where the sectors meet and where they differ.")
    idea = _l("Look for where each partner's own goals meet the shared purpose, lead with that common "
              "ground, and keep the differences in view with respect.")
    config_form = forms.AlignmentConfigForm
    plain_prompts = {
        "purpose": _l("Children and families near us get help when they need it."),
    }
    # The respondents' sectors are authorship too: a one-person sector would name its answerer.
    authorship = Authorship(sector_lists=("shared_by", "partly_shared_by"))
    actions = {
        "add_goal": anyone(forms.AddGoalForm, label=_l("add a goal"), moderated=True),
        "edit_goal": anyone(forms.EditGoalForm, label=_l("edit a goal"), moderated=True),
        "delete_goal": anyone(forms.GoalForm, label=_l("delete a goal")),
        "respond": anyone(forms.RespondForm, label=_l("say whether you share a goal")),
        "create_theme": _grouping(forms.ThemeForm, _l("create a theme"), moderated=True),
        "rename_theme": _grouping(forms.RenameThemeForm, _l("rename a theme"), moderated=True),
        "delete_theme": _grouping(forms.ThemeIdForm, _l("delete a theme")),
        "move_goal": _grouping(forms.MoveGoalForm, _l("move a goal into a theme")),
        "merge_goals": _grouping(forms.MergeGoalsForm, _l("merge goals")),
        "rate_theme": anyone(forms.RateThemeForm, label=_l("rate a theme")),
    }

    # What participants may do in each phase (the facilitator tidies up in any); leaving the
    # goals phase shows the goals to the room if the step kept them private ("reveals").
    phases = (
        Phase("goals", reducer.PHASE_NAMES["goals"], actions=frozenset({"add_goal", "edit_goal", "delete_goal"})),
        Phase("shared", reducer.PHASE_NAMES["shared"], actions=frozenset({"respond"}), reveals=True),
        Phase("themes", reducer.PHASE_NAMES["themes"], reveals=True, actions=frozenset(
            {"respond", "create_theme", "rename_theme", "delete_theme", "move_goal", "merge_goals"})),
        Phase("essential", reducer.PHASE_NAMES["essential"], actions=frozenset({"respond", "rate_theme"}),
              reveals=True),
    )

    def phases_for(self, config):
        """Goals, then the optional phases the step switched on; answering whether a goal is
        shared needs the "shared?" phase."""
        keys = reducer.phases_in_use(config)
        return tuple(p if "shared" in keys else replace(p, actions=p.actions - {"respond"})
                     for p in self.phases if p.key in keys)

    def hidden_at_start(self, config):
        """"Think alone first": each person's goals stay private until revealed or the room moves on."""
        return bool(config.get("hide_goals"))

    def partnership_defaults(self, partnership):
        """Hold the goals against the partnership's own purpose when it has one."""
        purpose = " ".join((partnership.get("purpose") or "").split())
        return {"purpose": purpose[:500]} if purpose else {}

    def adopt(self, items, config, text=None):
        """Back in plenary: what a table found — one of its goals, or one of its themes — comes
        in as a *theme* of the room (``create_theme``), named in the table's words or the
        facilitator's, for the whole room to rate essential or nice to have. Not as a goal: goals
        are the partners' own, written from their phones (the reducer refuses the facilitator's).
        Several merged: one theme, the names joined. Not adoptable when the plenary step does not
        group goals into themes, nor the shared purpose (the step's own)."""
        kinds = {str(item.get("ref") or "").partition(":")[0] for item in items}
        if not items or not kinds <= {"goal", "theme"} or "themes" not in reducer.phases_in_use(config or {}):
            return None
        return [{"type": "create_theme", "data": {"name": text or joined_words(items, "title")}}]

    columns = views.SHEET_COLUMNS
    hooks_from = (reducer, views)


exercise = AlignmentMapperExercise()
