"""Pledges: a sample exercise written from docs/plugins.md alone, installed as a distribution in
tests (tests/test_installed_exercise.py). Each participant pledges what their organisation will
do; the pledges become actions in the shared plan."""
from flask_babel import lazy_gettext as _l

from app.exercises import Exercise, Phase, anyone, facilitator_only

from . import forms, reducer, views


class PledgesExercise(Exercise):
    key = "pledges"
    title = _l("Pledges")
    summary = _l("Each partner pledges one thing their organisation will do next.")
    idea = _l("Commitments made in the room, in each partner's own words.")
    config_form = forms.ConfigForm
    actions = {
        "pledge": anyone(forms.PledgeForm, label=_l("make a pledge")),
        "withdraw": anyone(forms.PledgeIdForm, label=_l("withdraw a pledge")),
        "star": facilitator_only(forms.PledgeIdForm, label=_l("star a pledge")),
    }
    # The room pledges, then reviews the pledges together: the core moves and shows the phases.
    phases = (
        Phase("pledge", _l("Pledge"), actions=frozenset({"pledge", "withdraw"})),
        Phase("review", _l("Review"), actions=frozenset()),
    )
    initial_state = staticmethod(reducer.initial_state)
    apply = staticmethod(reducer.apply)
    view = staticmethod(views.view)
    personal = staticmethod(views.personal)
    plan = staticmethod(views.plan)
    contributions = staticmethod(views.contributions)


exercise = PledgesExercise()
