"""Pure rules of the outcome indicators step: proposals, numbers, ratings, adoption, carried
indicators and latest values. No app: the reducer alone, with the core's phase check where the
phase matters (tests/phase_helpers.py)."""
from datetime import date

import pytest

from app.exercises import Action, Actor, DomainError
from app.exercises.registry import default_config
from plugins.indicators import exercise
from plugins.indicators.reducer import apply, initial_state, parse_number
from tests import phase_helpers

ANA = Actor(role="participant", id="p:1", name="Ana", organisation="North School", sector="Education")
BEN = Actor(role="participant", id="p:2", name="Ben", organisation="City Clinic", sector="Health")
FAC = Actor(role="facilitator", id="f:1", name="Fran")
MEASURE = {"name": "Children ready for school at five", "kind": "quantitative", "baseline": "62", "target": "75",
           "unit": "%", "source": "School entry checks"}
MILESTONE = {"name": "Families know where to get help", "kind": "milestone", "baseline": "No directory",
             "target": "A directory in every clinic"}


def fresh(**config):
    return initial_state({**default_config(exercise), **config})


def act(state, kind, data, actor=ANA):
    return apply(state, Action(kind, data), actor)


def refused(state, kind, data, actor=ANA, field=None, match=""):
    with pytest.raises(DomainError) as caught:
        act(state, kind, data, actor)
    if field:
        assert caught.value.field == field
    assert match in caught.value.message
    return caught.value


@pytest.fixture
def two():
    state = act(fresh(), "propose", MEASURE)
    return act(state, "propose", MILESTONE, BEN)


@pytest.mark.parametrize(("text", "number"), [("12", 12), ("12.5", 12.5), ("12,5", 12.5), (" -3 ", -3),
                                              ("1 200", 1200), ("0,75", 0.75), (".5", 0.5), ("40.", 40)])
def test_numbers_people_write_are_read(text, number):
    assert parse_number(text) == number


@pytest.mark.parametrize("text", ["abc", "12%", "1.2.3", "12,5,1", "", "-", "1e5", "twelve"])
def test_what_is_not_a_number_is_not(text):
    assert parse_number(text) is None


def test_a_proposal_keeps_its_fields_and_the_author_record_only():
    state = act(fresh(), "propose", {**MEASURE, "baseline": "62,5", "review": date(2027, 6, 30), "breakdown": True,
                                     "breakdown_why": "By  neighbourhood", "owner": " North   School "})
    (found,) = state["indicators"].values()
    assert found["baseline"] == 62.5 and found["target"] == 75 and found["unit"] == "%"
    assert found["review"] == "2027-06-30" and found["breakdown"] is True
    assert found["breakdown_why"] == "By neighbourhood" and found["owner"] == "North School"
    assert found["author"] == {"id": "p:1", "sector": "Education"}
    assert "Ana" not in str(found)
    assert found["adopted"] is False and found["values"] == {} and state["ratings"][found["id"]] == {}


def test_a_milestone_keeps_words_for_baseline_and_target(two):
    found = two["indicators"]["k2"]
    assert (found["kind"], found["baseline"], found["target"]) == ("milestone", "No directory",
                                                                   "A directory in every clinic")


@pytest.mark.parametrize("field", ["baseline", "target"])
def test_a_measure_refuses_words_where_a_number_goes(field):
    state = fresh()
    error = refused(state, "propose", {**MEASURE, field: "abc"}, field=field, match="needs a number")
    assert "12.5" in error.message
    assert state["indicators"] == {}


def test_a_measure_may_leave_baseline_and_target_blank_at_proposal():
    state = act(fresh(), "propose", {**MEASURE, "baseline": "", "target": ""})
    found = state["indicators"]["k1"]
    assert found["baseline"] is None and found["target"] is None


@pytest.mark.parametrize(("data", "field"), [
    ({**MEASURE, "name": "   "}, "name"),
    ({**MEASURE, "name": "x" * 161}, "name"),
    ({**MEASURE, "source": "x" * 301}, "source"),
    ({**MEASURE, "owner": "x" * 81}, "owner"),
    ({**MEASURE, "unit": "x" * 81}, "unit"),
    ({**MEASURE, "breakdown_why": "x" * 301}, "breakdown_why"),
    ({**MEASURE, "kind": "vibes"}, "kind"),
])
def test_bad_fields_are_refused_with_their_field(data, field):
    refused(fresh(), "propose", data, field=field)


def test_markup_is_kept_as_text_not_refused():
    state = act(fresh(), "propose", {**MILESTONE, "name": "<script>alert(1)</script>"})
    assert state["indicators"]["k1"]["name"] == "<script>alert(1)</script>"


def test_each_participant_proposes_up_to_the_limit_the_facilitator_has_none():
    state = fresh(per_person=2)
    state = act(act(state, "propose", MEASURE), "propose", MILESTONE)
    refused(state, "propose", MEASURE, match="all 2")
    state = act(state, "propose", MEASURE, FAC)
    assert len(state["indicators"]) == 3


def test_only_the_author_or_the_facilitator_edits_or_withdraws(two):
    refused(two, "edit", {**MEASURE, "indicator_id": "k1", "name": "Mine now"}, BEN, match="you proposed")
    refused(two, "withdraw", {"indicator_id": "k1"}, BEN, match="you proposed")
    edited = act(two, "edit", {**MEASURE, "indicator_id": "k1", "owner": "North School"}, FAC)
    assert edited["indicators"]["k1"]["owner"] == "North School"
    assert edited["indicators"]["k1"]["author"]["id"] == "p:1"  # the facilitator's edit keeps the author
    gone = act(two, "withdraw", {"indicator_id": "k1"})
    assert "k1" not in gone["indicators"] and "k1" not in gone["ratings"]


def test_an_edit_to_a_measure_checks_the_numbers_and_saves_nothing_when_refused(two):
    refused(two, "edit", {**MILESTONE, "indicator_id": "k2", "kind": "quantitative"}, BEN, field="baseline")
    assert two["indicators"]["k2"]["kind"] == "milestone"


def test_acting_on_an_unknown_or_removed_indicator_is_refused(two):
    gone = act(two, "withdraw", {"indicator_id": "k1"})
    for kind, data, actor in (("edit", {**MEASURE, "indicator_id": "k1"}, ANA),
                              ("withdraw", {"indicator_id": "k1"}, ANA),
                              ("rate", {"indicator_id": "k1", "importance": 3}, BEN),
                              ("adopt", {"indicator_id": "k1"}, FAC),
                              ("record_value", {"indicator_id": "k1", "value": "3", "date": "2027-01-01"}, FAC),
                              ("rate", {"indicator_id": "zz9", "importance": 3}, BEN)):
        refused(gone, kind, data, actor, match="no longer exists")


def test_one_rating_per_person_per_indicator_changeable_one_score_at_a_time(two):
    state = act(two, "rate", {"indicator_id": "k1", "importance": 4})
    assert state["ratings"]["k1"] == {"p:1": {"importance": 4, "feasibility": None}}
    state = act(state, "rate", {"indicator_id": "k1", "feasibility": 2})
    state = act(state, "rate", {"indicator_id": "k1", "importance": 5})
    assert state["ratings"]["k1"] == {"p:1": {"importance": 5, "feasibility": 2}}
    state = act(state, "rate", {"indicator_id": "k1", "importance": 1, "feasibility": 1}, BEN)
    assert len(state["ratings"]["k1"]) == 2
    cleared = act(state, "clear_rating", {"indicator_id": "k1"})
    assert list(cleared["ratings"]["k1"]) == ["p:2"]
    refused(cleared, "clear_rating", {"indicator_id": "k1"}, match="not rated")


@pytest.mark.parametrize("score", [0, 6, -1, 99, "4", 2.5])
def test_scores_out_of_range_are_refused(two, score):
    refused(two, "rate", {"indicator_id": "k1", "importance": score}, field="importance")
    refused(two, "rate", {"indicator_id": "k1", "feasibility": score}, field="feasibility")


def test_a_rating_needs_a_score(two):
    refused(two, "rate", {"indicator_id": "k1", "importance": None, "feasibility": None}, match="Give a score")


def test_adopt_and_set_aside(two):
    state = act(two, "adopt", {"indicator_id": "k1"}, FAC)
    assert state["indicators"]["k1"]["adopted"] is True
    refused(state, "adopt", {"indicator_id": "k1"}, FAC, match="already")
    state = act(state, "unadopt", {"indicator_id": "k1"}, FAC)
    assert state["indicators"]["k1"]["adopted"] is False
    refused(state, "unadopt", {"indicator_id": "k1"}, FAC, match="not adopted")


def test_latest_values_by_day_numbers_for_a_measure_words_for_a_milestone(two):
    state = act(two, "record_value", {"indicator_id": "k1", "value": "68,5", "date": date(2027, 3, 15)}, FAC)
    state = act(state, "record_value", {"indicator_id": "k1", "value": "70", "date": "2027-09-01"}, FAC)
    state = act(state, "record_value", {"indicator_id": "k1", "value": "71", "date": "2027-09-01"}, FAC)
    assert state["indicators"]["k1"]["values"] == {"2027-03-15": 68.5, "2027-09-01": 71}
    refused(state, "record_value", {"indicator_id": "k1", "value": "abc", "date": "2027-10-01"}, FAC, field="value")
    refused(state, "record_value", {"indicator_id": "k1", "value": "  ", "date": "2027-10-01"}, FAC, field="value")
    refused(state, "record_value", {"indicator_id": "k1", "value": "3", "date": None}, FAC, field="date")
    words = act(state, "record_value", {"indicator_id": "k2", "value": "Directory in 3 of 8 clinics",
                                        "date": "2027-03-15"}, FAC)
    assert words["indicators"]["k2"]["values"] == {"2027-03-15": "Directory in 3 of 8 clinics"}
    removed = act(state, "remove_value", {"indicator_id": "k1", "date": "2027-03-15"}, FAC)
    assert removed["indicators"]["k1"]["values"] == {"2027-09-01": 71}
    refused(removed, "remove_value", {"indicator_id": "k1", "date": "2027-03-15"}, FAC, field="date")
    assert two["indicators"]["k1"]["values"] == {}  # the input state is never changed


def test_the_config_seeds_carried_indicators_for_a_check_in():
    state = fresh(seed="Children ready at five | 62 | 75 | %\nShared directory | none | in place |\n\n"
                       "Fewer missed appointments | 1 200 | 900,5 | per year\nJust a name")
    found = state["indicators"]
    assert [i["name"] for i in sorted(found.values(), key=lambda i: i["order"])] == [
        "Children ready at five", "Shared directory", "Fewer missed appointments", "Just a name"]
    assert (found["k1"]["kind"], found["k1"]["baseline"], found["k1"]["target"], found["k1"]["unit"]) == \
        ("quantitative", 62, 75, "%")
    assert (found["k2"]["kind"], found["k2"]["baseline"]) == ("milestone", "none")
    assert (found["k3"]["baseline"], found["k3"]["target"]) == (1200, 900.5)
    assert found["k4"]["kind"] == "milestone" and all(i["carried"] for i in found.values())
    assert state["next_id"] == 5
    state = act(state, "propose", MEASURE)
    assert "k5" in state["indicators"] and state["indicators"]["k5"]["carried"] is False
    # Nobody wrote a carried indicator: a participant cannot change it, the facilitator can.
    refused(state, "withdraw", {"indicator_id": "k1"}, match="you proposed")
    assert "k1" not in act(state, "withdraw", {"indicator_id": "k1"}, FAC)["indicators"]


def test_the_config_form_refuses_a_seed_with_an_over_long_name(app):
    from werkzeug.datastructures import MultiDict

    from app.forms_common import bind

    with app.test_request_context():
        form = bind(exercise.config_form, formdata=MultiDict({"outcome": "x", "per_person": "3",
                                                              "seed": "y" * 200 + " | 1 | 2 | %"}))
        assert not form.validate() and "seed" in form.errors
        form = bind(exercise.config_form, formdata=MultiDict({"outcome": "x", "per_person": "3",
                                                              "seed": "Ready at five | 1 | 2 | %"}))
        assert form.validate(), form.errors


def test_phases_hold_participants_back_never_the_facilitator(two):
    state = phase_helpers.at(two, "rate", exercise)
    with pytest.raises(DomainError, match="propose an indicator"):
        phase_helpers.apply(exercise, state, Action("propose", MEASURE), ANA)
    with pytest.raises(DomainError):
        phase_helpers.apply(exercise, state, Action("edit", {**MEASURE, "indicator_id": "k1"}), ANA)
    state = phase_helpers.apply(exercise, state, Action("rate", {"indicator_id": "k1", "importance": 3}), BEN)
    state = phase_helpers.apply(exercise, state, Action("propose", MEASURE), FAC)
    state = phase_helpers.at(state, "adopt", exercise)
    with pytest.raises(DomainError):
        phase_helpers.apply(exercise, state, Action("rate", {"indicator_id": "k1", "importance": 3}), BEN)
    state = phase_helpers.apply(exercise, state, Action("adopt", {"indicator_id": "k1"}), FAC)
    assert state["indicators"]["k1"]["adopted"]


def test_private_proposals_start_the_step_hidden_and_rating_reveals():
    assert exercise.hidden_at_start({"private_proposals": True}) is True
    assert exercise.hidden_at_start({"private_proposals": False}) is False
    assert [p.key for p in exercise.phases if p.reveals] == ["rate"]
