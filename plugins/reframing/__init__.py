"""Reframing prompts: our issue restated in each partner sector's priorities, judged by the room."""
from flask_babel import format_decimal, gettext
from flask_babel import lazy_gettext as _l

from app.exercises import Exercise, anyone, author_cells, facilitator_only, plan_item
from plugins.reframing import forms, reducer, views

RUNNERS_UP = 3
AGREES = 4  # a rating of 4 or 5 counts as agreeing that the framing lands


class ReframingExercise(Exercise):
    key = "reframing"

    title = _l("Reframing prompts")
    summary = _l("The room lists what each partner sector cares about now, restates our issue in those "
                 "terms, and rates which framing would land.")
    idea = _l("A partner takes on shared work when it is put in that partner's own priorities and "
              "language, and people from that sector are the best judges of whether it does.")

    config_form = forms.ReframingConfigForm
    actions = {
        "add_priority": anyone(forms.AddPriorityForm, label=_l("add a priority")),
        "edit_priority": anyone(forms.EditPriorityForm, label=_l("edit a priority")),
        "delete_priority": anyone(forms.PriorityIdForm, label=_l("delete a priority")),
        "add_reframe": anyone(forms.AddReframeForm, label=_l("add a reframe")),
        "edit_reframe": anyone(forms.EditReframeForm, label=_l("edit a reframe")),
        "delete_reframe": anyone(forms.ReframeIdForm, label=_l("delete a reframe")),
        "connect_priority": anyone(forms.ConnectForm, label=_l("connect a reframe to a priority")),
        "rate": anyone(forms.RateForm, label=_l("rate a reframe")),
        "unrate": anyone(forms.ReframeIdForm, label=_l("take a rating back")),
        "reword_reframe": facilitator_only(forms.EditReframeForm, label=_l("reword a reframe")),
        "reveal_ratings": facilitator_only(forms.RevealRatingsForm, label=_l("show or hide the ratings")),
        "set_phase": facilitator_only(forms.PhaseForm, label=_l("move the room to another phase")),
        "choose_framing": facilitator_only(forms.ReframeIdForm, label=_l("choose a framing")),
        "clear_choice": facilitator_only(forms.SectorForm, label=_l("clear a chosen framing")),
    }

    def partnership_defaults(self, partnership):
        """The partnership's purpose as the issue and its sectors as the targets."""
        defaults = {}
        if (partnership.get("purpose") or "").strip():
            defaults["issue"] = partnership["purpose"].strip()[:300]
        sectors = forms.lines("\n".join(partnership.get("sectors") or []))[: forms.MAX_SECTORS]
        if sectors:
            defaults["sectors"] = "\n".join(sectors)
        return defaults

    def initial_state(self, config):
        """The config (sectors and prompts as lists), phase one, nothing written yet."""
        return reducer.initial_state(config)

    def apply(self, state, action, actor):
        """One action; see :mod:`plugins.reframing.reducer` for the rules."""
        return reducer.apply(state, action, actor)

    def view(self, state, audience):
        """Priorities, reframes with ratings and the ranking per target sector; counts only while hidden."""
        return views.shared_view(state, audience)

    def personal(self, state, audience):
        """The participant's own priorities and reframes, their ratings and what they have left."""
        return views.personal_view(state, audience)

    def also_affects(self, state, action, actor):
        """A rating changes the author's "others have rated it" mark on their own reframe."""
        if action.type in ("rate", "unrate"):
            reframe = state["reframes"].get(action.data.get("reframe_id"))
            if reframe:
                return {reframe["author"]["id"]}
        return set()

    def plan(self, state, config):
        """One "framing" item per target sector that has reframes: the chosen (or leading) framing."""
        return [item for sector in state["config"]["sectors"] if (item := _framing_item(state, sector))]

    def contributions(self, state):
        """One row per priority, reframe and rating."""
        return [*_priority_rows(state), *_reframe_rows(state), *_rating_rows(state)]

    # -- used by the templates -------------------------------------------------------------

    def target_sectors(self, config) -> list:
        """The configured target sectors of a step's (raw) config."""
        return forms.lines(config.get("sectors"))

    def prompt_list(self, config) -> list:
        """The configured prompts of a step's (raw) config."""
        return forms.lines(config.get("prompts"))


def _framing_item(state, sector):
    ranked = views.ranking(state, sector)
    if not ranked:
        return None
    chosen_id = state["chosen"].get(sector, "")
    lead_id = chosen_id or ranked[0]
    lead = state["reframes"][lead_id]
    rating = views.rating_summary(state, lead_id)
    priorities = [state["priorities"][p]["text"] for p in lead["links"] if p in state["priorities"]]
    runners_up = [
        {"text": state["reframes"][rid]["text"], **views.rating_summary(state, rid)}
        for rid in ranked if rid != lead_id
    ][:RUNNERS_UP]
    agreed = {r["sector"] for r in state["ratings"].get(lead_id, {}).values() if r["score"] >= AGREES}
    return plan_item(
        "framing",
        f"{sector}: {lead['text']}",
        _framing_text(sector, bool(chosen_id), rating, priorities, runners_up),
        data={
            "sector": sector,
            "framing": lead["text"],
            "chosen": bool(chosen_id),
            "original": lead["original"],
            "prompt": lead["prompt"],
            "priorities": priorities,
            "ratings": rating,
            "runners_up": runners_up,
            "issue": state["config"]["issue"],
        },
        sectors=[s for s in {lead["author"]["sector"], *agreed} if s],
        ref=f"framing:{sector}",
    )


def _rating_text(rating) -> str:
    if not rating["count"]:
        return gettext("not rated yet")
    overall = gettext("overall {average}/5 from {count}").format(average=format_decimal(rating["average"]),
                                                                  count=rating["count"])
    if not rating["insider_count"]:
        return overall
    return gettext("insiders {average}/5 from {count}, {overall}").format(
        average=format_decimal(rating["insider_average"]), count=rating["insider_count"], overall=overall)


def _framing_text(sector, chosen, rating, priorities, runners_up) -> str:
    rated = _rating_text(rating)
    if chosen:
        parts = [gettext("Chosen framing for {sector}; {rating}.").format(sector=sector, rating=rated)]
    else:
        parts = [gettext("Leading (not yet chosen) framing for {sector}; {rating}.").format(
            sector=sector, rating=rated)]
    if priorities:
        parts.append(gettext("Connects to their priorities: {priorities}.").format(priorities="; ".join(priorities)))
    if runners_up:
        listed = "; ".join(f"{r['text']} ({_rating_text(r)})" for r in runners_up)
        parts.append(gettext("Runners-up: {runners_up}.").format(runners_up=listed))
    return " ".join(parts)


def _priority_rows(state):
    for p in state["priorities"].values():
        yield {"kind": "priority", "sector": p["sector"], "text": p["text"], "prompt": "", "insider": p["insider"],
               "score": "", "chosen": False, **author_cells(p["author"], "author_sector")}


def _reframe_rows(state):
    for r in state["reframes"].values():
        rating = views.rating_summary(state, r["id"])
        yield {"kind": "reframe", "sector": r["sector"], "text": r["text"], "prompt": r["prompt"],
               "insider": r["insider"], "score": rating["average"] if rating["count"] else "",
               "chosen": state["chosen"].get(r["sector"]) == r["id"], **author_cells(r["author"], "author_sector")}


def _rating_rows(state):
    for reframe_id, by in state["ratings"].items():
        reframe = state["reframes"].get(reframe_id)
        if reframe is None:
            continue
        for rater, rating in by.items():
            yield {"kind": "rating", "sector": reframe["sector"], "text": reframe["text"], "prompt": "",
                   "insider": rating["insider"], "score": rating["score"], "chosen": False,
                   **author_cells({"id": rater, "sector": rating["sector"]}, "author_sector")}


exercise = ReframingExercise()
