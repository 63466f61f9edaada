"""What each audience sees of Ideas & dot voting, the participant's own part, the plan and the
export rows — pure, no app (the reducer's own tests are test_ideas_reducer.py)."""
import json

from app.exercises import Action, Actor, Audience
from app.exercises.registry import default_config
from plugins.ideas import exercise
from tests.roster_helpers import exported, names

ANA = Actor(role="participant", id="p:1", name="Ana Secretname", organisation="North School", sector="Education")
BEN = Actor(role="participant", id="p:2", name="Ben Quietly", organisation="City Clinic", sector="Health")
FAC = Actor(role="facilitator", id="f:1", name="Fran")
ROSTER = names(ANA, BEN, FAC)
SECRET = "Breakfast-club-SECRET"


def run(state, actor, action_type, **data):
    return exercise.apply(state, Action(action_type, data), actor)


def room():
    """Two notes; Ben's has two dots, Ana's one."""
    state = exercise.initial_state({**default_config(exercise), "dots": 3})
    state = run(state, ANA, "add_note", text=SECRET, category="")
    state = run(state, BEN, "add_note", text="Walking bus", category="")
    state = run(state, ANA, "vote", note_id="n2")
    state = run(state, BEN, "vote", note_id="n2")
    return run(state, BEN, "vote", note_id="n1")


def view(state, role="participant", **fields):
    return exercise.view(state, Audience(role=role, names=ROSTER, **fields))


def ranked(shown):
    """The order the page shows: most dots, then the order written (the view sends no ranking)."""
    return [n["id"] for n in sorted(shown["notes"].values(), key=lambda n: (-n["dots"], n["order"]))]


def test_open_view_shows_notes_dots_authors_and_what_orders_them():
    shown = view(room())
    assert shown["notes"]["n1"]["text"] == SECRET and shown["notes"]["n1"]["dots"] == 1
    assert shown["notes"]["n1"]["author"]["name"] == "Ana Secretname"
    assert ranked(shown) == ["n2", "n1"] and "ranking" not in shown
    assert shown["voters"] == 2 and shown["hidden_count"] == 0


def test_hidden_view_sends_counts_but_no_text_or_ranking():
    for role in ("participant", "screen"):
        shown = view(room(), role, hidden=True)
        wire = json.dumps(shown)
        assert SECRET not in wire and "Ana Secretname" not in wire and '"p:1"' not in wire
        assert shown["notes"] == {} and "ranking" not in shown and shown["hidden_count"] == 2
    assert SECRET in json.dumps(view(room(), "facilitator", hidden=True))


def test_anonymous_view_names_nobody_and_hides_small_sectors():
    shown = view(room(), "screen", anonymous=True, sector_sizes={"Education": 3, "Health": 1})
    wire = json.dumps(shown)
    for secret in ("Ana Secretname", "Ben Quietly", "North School", "City Clinic", '"p:1"', '"p:2"'):
        assert secret not in wire
    assert shown["notes"]["n1"]["author"] == {"sector": "Education"}
    assert shown["notes"]["n2"]["author"] == {}, "a sector of one is not named"


def test_personal_part_is_ones_own_notes_and_dots():
    mine = exercise.personal(room(), Audience(role="participant", participant_id="p:1", hidden=True))
    assert list(mine["notes"]) == ["n1"] and mine["votes"] == {"n2": 1} and mine["dots_left"] == 2
    assert "Walking bus" not in json.dumps(mine)


def test_plan_ranks_the_notes_and_exports_name_authors_from_the_roster():
    items = exercise.plan(room(), default_config(exercise))
    assert [i["title"] for i in items] == ["Walking bus", SECRET]
    assert items[0]["data"]["dots"] == 2 and items[0]["sectors"] == ["Health"]
    rows = exported(exercise.contributions(room()), ANA, BEN)
    assert [(r["note"], r["author"], r["organisation"], r["dots"]) for r in rows] == [
        (SECRET, "Ana Secretname", "North School", 1), ("Walking bus", "Ben Quietly", "City Clinic", 2)]
    assert "Ana Secretname" not in json.dumps(exercise.contributions(room())), "the state holds ids, not names"
