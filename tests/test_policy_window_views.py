"""Views, personal view, plan and exports of the Policy window canvas: privacy first."""
import json

from app.exercises import Action, Actor, Audience
from app.exercises.contract import PLAN_SECTIONS
from app.exercises.validation import validate
from plugins.policy_window import exercise, forms
from plugins.policy_window.views import summarise
from tests import phase_helpers
from tests.roster_helpers import exported, names

ANA = Actor(role="participant", id="p:1", name="Ana Secretname", organisation="North School", sector="Education")
BEN = Actor(role="participant", id="p:2", name="Ben Quietly", organisation="City Clinic", sector="Health")
CAL = Actor(role="participant", id="p:3", name="Cal", organisation="East School", sector="Education")
DEE = Actor(role="participant", id="p:4", name="Dee", organisation="West School", sector="Education")
FAC = Actor(role="facilitator", id="f:1", name="Fran")
ACTORS = (ANA, BEN, CAL, DEE, FAC)
ROSTER = names(*ACTORS)
SECRET = "Minister-Secret-Plan"
NAMES = ("Ana Secretname", "Ben Quietly", "North School", "City Clinic", '"p:1"', '"p:2"', '"p:3"', '"p:4"')


def run(state, action_type, actor, **data):
    clean, errors = validate(exercise.actions[action_type].form, data)
    assert errors is None, errors
    return phase_helpers.apply(exercise, state, Action(action_type, clean), actor)


def audience_of(state, **fields):
    """An audience in the state's phase (the core gives views the step's phase)."""
    return phase_helpers.audience(exercise, state, names=ROSTER, **fields)


def fresh(**overrides):
    config = {**forms.PolicyWindowConfigForm().data, "horizon_start": "2026-11-23", **overrides}
    return exercise.initial_state(config)


def session(**overrides):
    """A mapped, weighed and read canvas with one chosen action."""
    state = fresh(**overrides)
    state = run(state, "add_note", ANA, column="politics", text=f"{SECRET} election", effect="opens",
                influence="partly", date="2027-05-06")
    state = run(state, "add_note", BEN, column="people", text="Director retiring", effect="closes",
                influence="yes", date="2027-01-15")
    state = run(state, "add_note", BEN, column="power", text="Budget cuts in the news", effect="closes",
                influence="no")
    state = run(state, "add_note", CAL, column="power", text="Parents' campaign", effect="opens", influence="yes")
    state = phase_helpers.at(state, "weigh")
    for voter in (BEN, CAL, DEE):
        state = run(state, "vote", voter, note_id="n1")
    state = run(state, "vote", ANA, note_id="n2")
    state = phase_helpers.at(state, "read")
    for rater, level in ((ANA, "open"), (BEN, "closed"), (CAL, "opening"), (DEE, "open")):
        state = run(state, "rate", rater, target="overall", level=level)
    state = run(state, "rate", ANA, target="politics", level="opening")
    state = phase_helpers.at(state, "act")
    return run(state, "add_action", FAC, note_id="n1", kind="moment", text="Brief every candidate", lead="Ana")


def wire(value):
    return json.dumps(value)


def ranked(view):
    """Note ids in the order the page shows them (policy_window.js ``ranked``): the view sends
    notes keyed by id, with their votes and order, not a ranking array."""
    return [n["id"] for n in sorted(view["notes"].values(), key=lambda n: (-n["votes"], n["order"]))]


def dated(view):
    """Dated note ids, soonest first, as policy_window.js ``timeline`` orders them."""
    return [n["id"] for n in sorted(view["notes"].values(), key=lambda n: (n["date"], n["order"])) if n["date"]]


# -- shared view ---------------------------------------------------------------------------


def test_open_view_shows_notes_tallies_timeline_and_actions():
    view = exercise.view(session(), audience_of(session(), role="participant"))
    assert view["phase"] == "act"
    assert [c["key"] for c in sorted(view["columns"].values(), key=lambda c: c["position"])] == [
        "politics", "people", "power"]
    assert view["notes"]["n1"]["votes"] == 3 and view["notes"]["n1"]["author"]["name"] == "Ana Secretname"
    assert ranked(view)[0] == "n1"
    assert dated(view) == ["n2", "n1"], "dated notes, soonest first"
    assert "ranking" not in view and "timeline" not in view  # arrays a vote would re-send whole
    assert view["counts"]["power"] == {"notes": 2, "opens": 1, "closes": 1}
    assert view["voters"] == 4 and view["hidden_count"] == 0
    assert view["actions"]["a5"]["text"] == "Brief every candidate"
    assert SECRET in view["actions"]["a5"]["note_text"]
    assert None not in json.loads(wire(view)).values()


def test_hidden_view_shows_counts_but_no_text():
    state = session()
    for role in ("participant", "screen"):
        view = exercise.view(state, audience_of(state, role=role, hidden=True))
        text = wire(view)
        assert SECRET not in text and "Director retiring" not in text and "Parents' campaign" not in text
        assert view["notes"] == {}
        assert view["hidden_count"] == 4 and view["counts"]["people"]["notes"] == 1
        assert "note_text" not in view["actions"]["a5"]
        assert "gauges" not in view["ratings"] and view["ratings"]["raters"] == 4


def test_facilitator_sees_everything_while_hidden():
    view = exercise.view(session(), audience_of(session(), role="facilitator", hidden=True, anonymous=True))
    assert SECRET in wire(view) and view["notes"]["n1"]["author"]["name"] == "Ana Secretname"
    assert view["ratings"]["gauges"]["overall"]["total"] == 4


def test_anonymous_view_has_no_names_ids_or_organisations():
    state = session()
    sizes = {"Education": 3, "Health": 1}
    for role in ("participant", "screen"):
        view = exercise.view(state, audience_of(state, role=role, anonymous=True, sector_sizes=sizes))
        text = wire(view)
        for secret in NAMES:
            assert secret not in text, f"{secret} leaked to {role}"
        assert view["notes"]["n1"]["author"] == {"sector": "Education"}
        assert "author" not in view["notes"]["n2"], "a sector of one is not named"
        assert view["actions"]["a5"]["sectors"] == ["Education"]


def test_anonymous_sector_breakdown_folds_small_groups():
    state = session()
    sizes = {"Education": 3, "Health": 1}
    view = exercise.view(state, audience_of(state, role="screen", anonymous=True, sector_sizes=sizes))
    overall = view["ratings"]["by_sector"]["overall"]
    assert set(overall) == {"Education", "other"}
    assert overall["other"]["counts"] == {"closed": 1, "opening": 0, "open": 0}
    assert overall["Education"]["total"] == 3
    named = exercise.view(state, audience_of(state, role="screen", sector_sizes=sizes))
    assert set(named["ratings"]["by_sector"]["overall"]) == {"Education", "Health"}


def test_k_anonymity_boundary_is_three():
    state = session()
    for size, shown in ((2, False), (3, True)):
        view = exercise.view(state, audience_of(state, role="participant", anonymous=True,
                                             sector_sizes={"Education": size, "Health": 1}))
        assert ("Education" in view["ratings"]["by_sector"]["overall"]) is shown
        assert ("author" in view["notes"]["n1"]) is shown


def test_ratings_stay_with_the_facilitator_until_the_room_decides_how_to_act():
    state = phase_helpers.at(session(), "read")
    for role in ("participant", "screen"):
        view = exercise.view(state, audience_of(state, role=role))
        assert view["ratings"]["revealed"] is False and "gauges" not in view["ratings"]
        assert "by_sector" not in view["ratings"] and view["ratings"]["raters"] == 4
    assert "gauges" in exercise.view(state, audience_of(state, role="facilitator"))["ratings"]
    acting = phase_helpers.at(state, "act")
    revealed = exercise.view(acting, audience_of(acting, role="participant"))
    overall = revealed["ratings"]["gauges"]["overall"]
    assert overall["counts"] == {"closed": 1, "opening": 1, "open": 2}
    assert overall["reading"] == "opening" and overall["split"] is True
    assert revealed["ratings"]["targets"] == ["politics", "people", "power", "overall"]
    assert revealed["ratings"]["gauges"]["people"] == {"counts": {"closed": 0, "opening": 0, "open": 0}, "total": 0}


def test_ratings_shown_at_once_when_not_configured_hidden():
    view = exercise.view(session(ratings_hidden=False), Audience(names=ROSTER, role="screen"))
    assert view["ratings"]["gauges"]["politics"]["reading"] == "opening"


def test_summary_gives_the_spread_not_only_an_average():
    agreed = summarise(["open", "open", "opening"])
    assert agreed["mean"] == 1.67 and agreed["reading"] == "open" and agreed["split"] is False
    assert agreed["agreement"] == 67
    split = summarise(["closed", "closed", "open", "open"])
    assert split["reading"] == "opening" and split["split"] is True, "an average would hide this split"
    assert summarise([]) == {"counts": {"closed": 0, "opening": 0, "open": 0}, "total": 0}


def test_unconfigured_p_has_no_column_nor_gauge():
    state = fresh(use_power=False)
    view = exercise.view(state, audience_of(state, role="participant"))
    assert set(view["columns"]) == {"politics", "people"}
    assert view["ratings"]["targets"] == ["politics", "people", "overall"]


# -- personal view ---------------------------------------------------------------------------


def test_personal_view_holds_only_my_things_even_while_hidden():
    state = session()
    mine = exercise.personal(state, Audience(names=ROSTER, role="participant", participant_id="p:2", hidden=True))
    assert set(mine["notes"]) == {"n2", "n3"}
    assert SECRET not in wire(mine) and "Ana" not in wire(mine)
    assert mine["votes"] == {"n1": 1} and mine["votes_left"] == 4
    assert mine["ratings"] == {"overall": "closed"}
    ana = exercise.personal(state, Audience(names=ROSTER, role="participant", participant_id="p:1", hidden=True))
    assert SECRET in ana["notes"]["n1"]["text"] and ana["ratings"] == {"overall": "open", "politics": "opening"}


def test_personal_view_of_a_newcomer_is_empty():
    mine = exercise.personal(session(), Audience(names=ROSTER, role="participant", participant_id="p:99"))
    assert mine == {"notes": {}, "votes": {}, "votes_left": 5, "ratings": {}}


# -- plan and exports -----------------------------------------------------------------------------


def test_plan_has_reading_enablers_barriers_moments_and_actions():
    state = session()
    items = exercise.plan(state, state["config"])
    json.dumps(items)
    assert {i["section"] for i in items} <= set(PLAN_SECTIONS)
    refs = [i["ref"] for i in items]
    assert len(refs) == len(set(refs)), "refs are unique so curation can follow them"
    assert refs[0] == "window:reading"
    reading = items[0]
    assert reading["section"] == "window" and "The whole window: opening" in reading["text"]
    assert reading["sectors"] == ["Education", "Health"]
    enablers = [i for i in items if i["title"].startswith("Enabler:")]
    barriers = [i for i in items if i["title"].startswith("Barrier:")]
    assert enablers[0]["ref"] == "note:n1" and enablers[0]["data"]["votes"] == 3
    assert {b["data"]["influence"] for b in barriers} == {"yes", "no"}
    assert "we can influence it" in barriers[0]["text"]
    dated = {i["data"]["date"]: i for i in items if i["data"].get("date")}
    assert sorted(dated) == ["2027-01-15", "2027-05-06"] and "dated January 15, 2027" in dated["2027-01-15"]["text"]
    [action] = [i for i in items if i["section"] == "actions"]
    assert action["title"] == "Brief every candidate" and action["ref"] == "action:a5"
    assert action["data"]["kind"] == "moment" and action["data"]["owner"] == "Ana"
    assert action["sectors"] == ["Education"] and "led by Ana" in action["text"]


def test_plan_proposes_every_note_once_dated_or_not():
    # Issue 17: a dated note came out as "Enabler: …" and again as "<date>: …".
    state = session()
    for n in range(6):  # more openers than the top list holds: the dated one falls off it
        state = run(state, "add_note", FAC, column="people", text=f"Opener {n}", effect="opens", influence="yes",
                    **({"date": "2027-03-01"} if n == 5 else {}))
    items = exercise.plan(state, state["config"])
    notes = [i["data"].get("column") and i["title"].split(": ", 1)[-1] for i in items if i["section"] == "window"
             and i["ref"] != "window:reading"]
    assert len(notes) == len(set(notes)), notes
    assert "Opener 5" in notes  # a dated note outside the top list is still proposed, as a moment
    assert [i["title"] for i in items if i["ref"].startswith("moment:")] == ["March 1, 2027: Opener 5"]


def test_action_plan_items_use_the_plan_vocabulary_owner_and_due():
    state = run(session(), "add_action", FAC, note_id="n4", kind="use", text="Meet the director", lead="Ben",
                date="2027-02-01")
    action = [i for i in exercise.plan(state, state["config"]) if i["section"] == "actions"][-1]
    assert (action["data"]["owner"], action["data"]["due"]) == ("Ben", "2027-02-01")
    assert "lead" not in action["data"] and "date" not in action["data"]
    [row] = [r for r in exercise.contributions(state) if r["kind"] == "action" and r["text"] == "Meet the director"]
    assert (row["owner"], row["due"]) == ("Ben", "2027-02-01")


def test_plan_is_stable_and_empty_canvas_gives_nothing():
    state = session()
    assert exercise.plan(state, state["config"]) == exercise.plan(state, state["config"])
    empty = fresh()
    assert exercise.plan(empty, empty["config"]) == []


def test_contributions_are_flat_rows_with_authors():
    rows = exported(exercise.contributions(session()), *ACTORS)
    json.dumps(rows)
    assert len({tuple(sorted(r)) for r in rows}) == 1, "every row has the same columns"
    kinds = [r["kind"] for r in rows]
    assert kinds.count("note") == 4 and kinds.count("rating") == 5 and kinds.count("action") == 1
    first = rows[0]
    assert first["author"] == "Ana Secretname" and first["column"] == "Politics" and first["votes"] == 3
    assert first["effect"] == "Opens the window" and first["date"] == "2027-05-06"
    action = rows[-1]
    assert action["treat_as"] == "A moment to aim for" and action["author"] == ""
    assert all("author" in r for r in rows)


# -- measures ------------------------------------------------------------------------------------


def figures(state):
    return [(m.key, m.group, m.value, m.count) for m in exercise.measures(state, state["config"])]


def test_measures_read_the_window_from_zero_to_two_once_three_rated():
    state = session()
    # Education's three readings would leave Ben's alone to subtraction: the room only.
    assert figures(state) == [("reading:overall", "", 1.25, 4)]
    (reading,) = exercise.measures(state, state["config"])
    assert (reading.low, reading.high) == (0, 2)


def test_measures_break_the_reading_down_by_sectors_of_three():
    state = session()
    for n, level in enumerate(("closed", "opening"), start=5):
        nurse = Actor(role="participant", id=f"p:{n}", name=f"Nurse {n}", organisation="City Clinic", sector="Health")
        state = run(state, "rate", nurse, target="overall", level=level)
    assert figures(state) == [("reading:overall", "", 1.0, 6), ("reading:overall", "Education", 1.67, 3),
                              ("reading:overall", "Health", 0.33, 3)]
