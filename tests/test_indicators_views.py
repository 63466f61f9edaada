"""What each audience sees of the outcome indicators step: ratings only as counts and averages
(never per person), averages for the room only once it adopts (and in an anonymous workshop only
from 3 raters), proposals private while hidden, authors by the core's rules; the plan and the
export rows."""
import json

import pytest

from app.exercises import Action, Actor
from app.exercises.registry import default_config
from plugins.indicators import exercise
from plugins.indicators.views import summary
from tests import phase_helpers as ph
from tests.roster_helpers import names

ANA = Actor(role="participant", id="p:1", name="Ana", organisation="North School", sector="Education")
BEN = Actor(role="participant", id="p:2", name="Ben", organisation="City Clinic", sector="Health")
CY = Actor(role="participant", id="p:3", name="Cy", organisation="Homes Trust", sector="Housing")
FAC = Actor(role="facilitator", id="f:1", name="Fran")
ROSTER = names(ANA, BEN, CY)
MEASURE = {"name": "Children ready for school at five", "kind": "quantitative", "baseline": "62,5", "target": "75",
           "unit": "%", "source": "School entry checks", "owner": "", "review": "2027-06-30", "breakdown": True,
           "breakdown_why": "By neighbourhood"}
MILESTONE = {"name": "Families know where to get help", "kind": "milestone", "baseline": "No directory",
             "target": "A directory in every clinic"}


def play(state, *steps):
    for kind, data, actor in steps:
        state = ph.apply(exercise, state, Action(kind, data), actor)
    return state


def session(private=False, rated=True):
    state = ph.started(exercise, {**default_config(exercise), "private_proposals": private})
    state = play(state, ("propose", MEASURE, ANA), ("propose", MILESTONE, BEN))
    if rated:
        state = ph.at(state, "rate", exercise)
        state = play(state, *[("rate", {"indicator_id": "k1", "importance": i, "feasibility": f}, who)
                              for who, i, f in ((ANA, 5, 4), (BEN, 3, 1), (CY, 4, 4))])
        state = play(state, ("rate", {"indicator_id": "k2", "importance": 2}, BEN))
    return state


def seen(state, role="participant", me=None, **fields):
    audience = ph.audience(exercise, state, role=role, participant_id=me, names=ROSTER, **fields)
    return exercise.view(state, audience), exercise.personal(state, audience)


def test_the_summary_is_counts_means_and_spread():
    s = summary({"a": {"importance": 5, "feasibility": 4}, "b": {"importance": 3, "feasibility": None},
                 "c": {"importance": 4, "feasibility": 1}})
    assert s["n"] == 3
    assert s["importance"] == {"n": 3, "counts": {"1": 0, "2": 0, "3": 1, "4": 1, "5": 1}, "mean": 4.0,
                               "low": 3, "high": 5}
    assert s["feasibility"]["n"] == 2 and s["feasibility"]["mean"] == 2.5
    assert summary({})["importance"]["mean"] is None


def test_the_facilitator_sees_averages_while_the_room_rates_the_room_only_counts():
    state = session()
    view, _ = seen(state, role="facilitator")
    assert view["indicators"]["k1"]["scores"]["importance"]["mean"] == 4.0
    assert view["indicators"]["k1"]["scores"]["feasibility"]["mean"] == 3.0
    assert view["raters"] == 3
    for role in ("participant", "screen"):
        view, _ = seen(state, role=role, me="p:1" if role == "participant" else None)
        assert "scores" not in view["indicators"]["k1"] and view["indicators"]["k1"]["raters"] == 3


def test_the_room_sees_averages_once_it_adopts():
    state = ph.at(session(), "adopt", exercise)
    view, _ = seen(state, role="screen")
    assert view["indicators"]["k1"]["scores"]["importance"]["counts"]["5"] == 1
    assert view["indicators"]["k2"]["scores"]["importance"]["mean"] == 2.0


def test_ratings_never_leave_the_server_per_person():
    state = ph.at(session(), "adopt", exercise)
    for role in ("facilitator", "participant", "screen"):
        view, _ = seen(state, role=role, me="p:2" if role == "participant" else None)
        wire = json.dumps(view)
        assert '"p:3"' not in wire, role  # Cy only rated: her id is in no view
        assert "ratings" not in view
    _, mine = seen(state, me="p:2")
    assert mine["ratings"] == {"k1": {"importance": 3, "feasibility": 1}, "k2": {"importance": 2, "feasibility": None}}
    assert "p:1" not in json.dumps(mine)


def test_anonymous_room_sees_averages_only_from_three_raters():
    state = ph.at(session(), "adopt", exercise)
    view, _ = seen(state, role="screen", anonymous=True)
    assert "scores" in view["indicators"]["k1"]  # three raters
    assert "scores" not in view["indicators"]["k2"] and view["indicators"]["k2"]["raters"] == 1
    view, _ = seen(state, role="facilitator", anonymous=True)
    assert "scores" in view["indicators"]["k2"]


def test_authors_follow_the_core_rules():
    state = session(rated=False)
    view, _ = seen(state, me="p:2")
    assert view["indicators"]["k1"]["author"] == {"id": "p:1", "name": "Ana", "organisation": "North School",
                                                  "sector": "Education"}
    view, _ = seen(state, me="p:2", anonymous=True, sector_sizes={"Education": 1, "Health": 4})
    assert "author" not in view["indicators"]["k1"]  # a sector of one is not shown
    assert view["indicators"]["k2"]["author"] == {"sector": "Health"}
    assert "Ana" not in json.dumps(view) and "p:1" not in json.dumps(view)
    view, _ = seen(state, role="facilitator", anonymous=True)
    assert view["indicators"]["k1"]["author"]["name"] == "Ana"


def test_while_hidden_participants_see_only_their_own_proposals():
    state = session(private=True, rated=False)
    assert ph.hidden(state)
    view, mine = seen(state, me="p:1")
    assert view["indicators"] == {} and view["hidden_count"] == 2
    assert list(mine["mine"]) == ["k1"] and mine["mine"]["k1"]["name"] == MEASURE["name"]
    assert MILESTONE["name"] not in json.dumps([view, mine])
    screen, _ = seen(state, role="screen")
    assert screen["indicators"] == {} and MEASURE["name"] not in json.dumps(screen)
    console, _ = seen(state, role="facilitator")
    assert set(console["indicators"]) == {"k1", "k2"}
    # Rating reveals them (the phase lifts the hide switch).
    view, _ = seen(ph.at(state, "rate", exercise), me="p:1")
    assert set(view["indicators"]) == {"k1", "k2"}


def test_personal_counts_what_is_left():
    _, mine = seen(session(rated=False), me="p:1")
    assert mine["left"] == default_config(exercise)["per_person"] - 1


def test_the_view_sends_indicators_keyed_by_id():
    view, _ = seen(session(), role="facilitator")
    assert isinstance(view["indicators"], dict)
    assert all(key == item["id"] for key, item in view["indicators"].items())
    assert not any(isinstance(v, list) for item in view["indicators"].values() for v in item.values())


@pytest.fixture
def adopted():
    state = ph.at(session(), "adopt", exercise)
    return play(state, ("adopt", {"indicator_id": "k1"}, FAC),
                ("edit", {**MEASURE, "indicator_id": "k1", "owner": "North School"}, FAC),
                ("record_value", {"indicator_id": "k1", "value": "68,5", "date": "2027-03-15"}, FAC))


def test_only_adopted_indicators_reach_the_plan_with_their_data(app, adopted):
    with app.test_request_context():
        (item,) = exercise.plan(adopted, adopted["config"])
    assert item["section"] == "indicators" and item["ref"] == "indicator:k1"
    assert item["title"] == MEASURE["name"]
    data = item["data"]
    assert (data["owner"], data["baseline"], data["target"], data["unit"]) == ("North School", 62.5, 75, "%")
    assert data["review_date"] == "2027-06-30" and "due" not in data
    assert (data["importance"], data["feasibility"], data["raters"]) == (4.0, 3.0, 3)
    assert (data["latest_value"], data["latest_date"]) == (68.5, "2027-03-15")
    assert item["sectors"] == ["Education"]
    text = item["text"]
    assert "from 62.5 % now to 75 %" in text and "tracked by North School" in text
    assert "reviewed on June 30, 2027" in text and "broken down by group: By neighbourhood" in text
    assert "latest: 68.5 % on March 15, 2027" in text
    json.dumps(item)


def test_nothing_adopted_gives_no_plan(app):
    with app.test_request_context():
        assert exercise.plan(session(), {}) == []


def test_export_rows_hold_averages_not_ratings(app, adopted):
    with app.test_request_context():
        rows = exercise.contributions(adopted)
    assert [r["indicator"] for r in rows] == [MEASURE["name"], MILESTONE["name"]]
    first = rows[0]
    assert (first["importance"], first["feasibility"], first["raters"], first["adopted"]) == (4.0, 3.0, 3, True)
    assert (first["author"], first["sector"], first["latest_value"]) == ("p:1", "Education", 68.5)
    assert first["kind"] == "quantitative"  # the key: the spreadsheet words it (exercise.columns)
    assert not any("rating" in key and key != "raters" for key in first)


# -- measures ------------------------------------------------------------------------------------


def figures(state):
    return [(m.key, m.value, m.unit, m.count) for m in exercise.measures(state, state["config"])]


def test_measures_give_the_latest_value_and_the_averages_of_three_raters_or_more():
    state = play(session(), ("record_value", {"indicator_id": "k1", "value": "64", "date": "2027-01-10"}, FAC),
                 ("record_value", {"indicator_id": "k1", "value": "66,5", "date": "2027-03-01"}, FAC),
                 ("record_value", {"indicator_id": "k2", "value": "Draft directory", "date": "2027-03-01"}, FAC))
    key = "children ready for school at five"
    # k2 is a milestone (no number) rated by one person: nothing of it is a figure to follow.
    assert figures(state) == [(f"{key}:value", 66.5, "%", 0), (f"{key}:importance", 4.0, "", 3),
                              (f"{key}:feasibility", 3.0, "", 3)]


def test_the_same_indicator_re_rated_later_lines_up_by_its_folded_name():
    later = ph.started(exercise, default_config(exercise))
    later = play(later, ("propose", {**MEASURE, "name": "  Children READY for school   at five "}, ANA))
    later = ph.at(later, "rate", exercise)
    later = play(later, *[("rate", {"indicator_id": "k1", "importance": 2, "feasibility": 2}, who)
                          for who in (ANA, BEN, CY)])
    before = {m.key for m in exercise.measures(session(), {})}
    after = {m.key: m.value for m in exercise.measures(later, {})}
    assert before == set(after) == {"children ready for school at five:importance",
                                    "children ready for school at five:feasibility"}
    assert after["children ready for school at five:importance"] == 2
