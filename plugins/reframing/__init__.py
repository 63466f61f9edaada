"""Reframing prompts: our issue restated in each partner sector's priorities, judged by the room."""
from flask_babel import LazyString, gettext, lazy_pgettext
from flask_babel import lazy_gettext as _l

from app.exercises import Authorship, Exercise, Phase, anyone, facilitator_only
from plugins.reframing import forms, reducer, views


class ReframingExercise(Exercise):
    key = "reframing"

    title = _l("Reframing prompts")
    summary = _l("The room lists what each partner sector cares about now, restates our issue in those "
                 "terms, and rates which framing would land.")
    idea = _l("A partner takes on shared work when it is put in that partner's own priorities and "
              "language, and people from that sector are the best judges of whether it does.")

    config_form = forms.ReframingConfigForm
    plain_prompts = {
        "issue": _l("Some families near us find it hard to keep a safe home"),
        # One line per default prompt, as many as the standard ones (the room maps them by line).
        "prompts": LazyString(lambda: "\n".join([
            gettext("What job could this make easier for them?"),
            gettext("How would they say this problem in their own words?"),
            gettext("Why does this matter to them now?"),
            gettext("Which of their own hopes would this help?"),
            gettext("What could they stop doing if this worked?"),
        ])),
    }
    # The target sectors are names people and items are matched by: the same for every reader.
    named_config_fields = ("sectors",)
    # "sector" is the sector a framing is for (content); "insider" says the author is from it.
    authorship = Authorship(sector="author_sector", sector_flags={"insider": "sector"})
    actions = {
        "add_priority": anyone(forms.AddPriorityForm, label=_l("add a priority"), moderated=True),
        "edit_priority": anyone(forms.EditPriorityForm, label=_l("edit a priority"), moderated=True),
        "delete_priority": anyone(forms.PriorityIdForm, label=_l("delete a priority")),
        "add_reframe": anyone(forms.AddReframeForm, label=_l("add a reframe"), moderated=True),
        "edit_reframe": anyone(forms.EditReframeForm, label=_l("edit a reframe"), moderated=True),
        "delete_reframe": anyone(forms.ReframeIdForm, label=_l("delete a reframe")),
        "connect_priority": anyone(forms.ConnectForm, label=_l("connect a reframe to a priority")),
        "rate": anyone(forms.RateForm, label=_l("rate a reframe")),
        "unrate": anyone(forms.ReframeIdForm, label=lazy_pgettext("reframing", "take a rating back")),
        "reword_reframe": facilitator_only(forms.EditReframeForm, label=_l("reword a reframe")),
        "choose_framing": facilitator_only(forms.ReframeIdForm, label=_l("choose a framing")),
        "clear_choice": facilitator_only(forms.SectorForm, label=_l("clear a chosen framing")),
    }

    # The phases guide what phones and the screen show first; none holds an action back. With
    # "ratings_hidden" the ratings reach the room in the last phase (views.RATINGS_SHOWN_IN).
    phases = tuple(Phase(key, label) for key, label in forms.PHASES)

    def partnership_defaults(self, partnership):
        """The partnership's purpose as the issue and its sectors as the targets."""
        defaults = {}
        if (partnership.get("purpose") or "").strip():
            defaults["issue"] = partnership["purpose"].strip()[:300]
        sectors = forms.lines("\n".join(partnership.get("sectors") or []))[: forms.MAX_SECTORS]
        if sectors:
            defaults["sectors"] = "\n".join(sectors)
        return defaults

    columns = views.SHEET_COLUMNS
    hooks_from = (reducer, views)

    def also_affects(self, state, action, actor):
        """A rating changes the author's "others have rated it" mark on their own reframe."""
        if action.type in ("rate", "unrate"):
            reframe = state["reframes"].get(action.data.get("reframe_id"))
            if reframe:
                return {reframe["author"]["id"]}
        return set()

    # -- used by the templates -------------------------------------------------------------

    def target_sectors(self, config) -> list:
        """The configured target sectors of a step's (raw) config."""
        return forms.lines(config.get("sectors"))

    def prompt_list(self, config) -> list:
        """The configured prompts of a step's (raw) config."""
        return forms.lines(config.get("prompts"))


exercise = ReframingExercise()
