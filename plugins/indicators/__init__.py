"""Outcome indicators and measurement plan: partners propose how the shared outcomes will be
measured, the room rates each indicator for importance and feasibility, the facilitator adopts a
set for the plan; at a later check-in the same indicators come back with their latest value."""
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext

from app.exercises import Exercise, Phase, anyone, facilitator_only, joined_words
from plugins.indicators import forms, reducer, views


class IndicatorsExercise(Exercise):
    key = "indicators"
    title = _l("Outcome indicators and measurement plan")
    summary = _l("Partners propose how to measure the shared outcomes, the room rates each indicator for "
                 "importance and feasibility, and the partnership adopts a set to track.")
    idea = _l("A partnership knows it is making a difference only if it agrees early what to measure, "
              "who holds the data and how often it looks again.")
    config_form = forms.ConfigForm
    plain_prompts = {
        "outcome": _l("The good changes we want to see"),
    }
    actions = {
        "propose": anyone(forms.ProposeForm, label=_l("propose an indicator"), moderated=True),
        "edit": anyone(forms.EditForm, label=_l("edit an indicator"), moderated=True),
        "withdraw": anyone(forms.IndicatorForm, label=_l("withdraw an indicator")),
        "rate": anyone(forms.RateForm, label=lazy_pgettext("indicators", "rate an indicator")),
        "clear_rating": anyone(forms.IndicatorForm, label=lazy_pgettext("indicators", "take a rating back")),
        "adopt": facilitator_only(forms.IndicatorForm, label=_l("adopt an indicator")),
        "unadopt": facilitator_only(forms.IndicatorForm, label=_l("set an indicator aside")),
        "record_value": facilitator_only(forms.RecordForm, label=_l("record a latest value")),
        "remove_value": facilitator_only(forms.ValueDayForm, label=_l("remove a recorded value")),
    }
    phases = (
        Phase("propose", lazy_pgettext("indicators", "Propose"), actions=frozenset({"propose", "edit", "withdraw"})),
        Phase("rate", lazy_pgettext("indicators", "Rate"), actions=frozenset({"rate", "clear_rating"}),
              reveals=True),
        Phase("adopt", lazy_pgettext("indicators", "Adopt"), actions=frozenset()),
    )

    def hidden_at_start(self, config):
        return bool((config or {}).get("private_proposals"))

    def partnership_defaults(self, partnership):
        purpose = " ".join((partnership.get("purpose") or "").split())
        return {"outcome": purpose[:200]} if purpose else {}

    def adopt(self, items, config, text=None):
        """Back in plenary: an indicator a table adopted comes in as a proposal of the room
        (``propose``: its kind, source, owner, baseline, target, unit, review date, breakdown),
        for the whole room to rate and the facilitator to adopt. Several merged: one proposal,
        the first one's measurement plan, named by the facilitator or the names joined."""
        if not items or any(not str(item.get("ref") or "").startswith("indicator:") for item in items):
            return None
        first = items[0].get("data") or {}
        names = [{"title": (i.get("data") or {}).get("wording", {}).get("name") or i.get("title")} for i in items]
        fields = {"name": text or joined_words(names, "title"), "kind": first.get("indicator_kind"),
                  "source": first.get("source"), "owner": first.get("owner"), "baseline": first.get("baseline"),
                  "target": first.get("target"), "unit": first.get("unit"), "review": first.get("review_date"),
                  "breakdown": bool(first.get("breakdown")), "breakdown_why": first.get("breakdown_why")}
        return [{"type": "propose", "data": {k: v for k, v in fields.items() if v not in (None, "")}}]

    hooks_from = (reducer, views)
    columns = views.SHEET_COLUMNS


exercise = IndicatorsExercise()
