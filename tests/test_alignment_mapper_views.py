"""Pure tests of what the Alignment mapper shows each audience, its plan and its forms."""
from __future__ import annotations

import json

import pytest

from app.exercises import Action, Actor, Audience
from app.exercises.contract import PLAN_SECTIONS
from app.exercises.forms import EmptyForm
from app.exercises.registry import default_config
from app.exercises.validation import validate
from plugins.alignment_mapper import exercise, forms
from tests import phase_helpers
from tests.roster_helpers import exported, names

ANA = Actor(role="participant", id="p:1", name="Ana Secret", organisation="North School", sector="Education")
BEN = Actor(role="participant", id="p:2", name="Ben Hidden", organisation="Valley Health", sector="Health")
CEM = Actor(role="participant", id="p:3", name="Cem Private", organisation="Homes Together", sector="Housing")
DIA = Actor(role="participant", id="p:4", name="Dia Quiet", organisation="Town Council", sector="Local government")
FAC = Actor(role="facilitator", id="f:1", name="Fran")
ACTORS = (ANA, BEN, CEM, DIA, FAC)
ROSTER = names(*ACTORS)
NAMES = ["Ana Secret", "Ben Hidden", "Cem Private", "Dia Quiet", "North School", "Valley Health", "Homes Together",
         "Town Council", '"p:1"', '"p:2"', '"p:3"', '"p:4"']
GOALS = ["Every child ready for school", "Healthy early years", "Stable homes for families", "Youth voice heard"]
BIG = {"Education": 5, "Health": 4, "Housing": 3, "Local government": 1}


def run(state, actor, action_type, **data):
    return phase_helpers.apply(exercise, state, Action(action_type, data), actor)


def goals_state(**config):
    state = phase_helpers.started(exercise, {**default_config(exercise), **config})
    for actor, text in zip((ANA, BEN, CEM, DIA), GOALS, strict=True):
        state = run(state, actor, "add_goal", text=text)
    return state  # g1 Education, g2 Health, g3 Housing, g4 Local government


@pytest.fixture
def full():
    """All four phases: g1 shared by everyone, g4 held by local government alone."""
    state = phase_helpers.at(goals_state(), "shared", exercise)
    for actor in (BEN, CEM):
        state = run(state, actor, "respond", card_id="g1", response="shared")
    state = run(state, DIA, "respond", card_id="g1", response="partly")
    state = run(state, ANA, "respond", card_id="g2", response="shared")
    state = phase_helpers.at(state, "themes", exercise)
    state = run(state, FAC, "create_theme", name="Ready to learn")  # t5
    state = run(state, FAC, "create_theme", name="Empty theme")  # t6
    state = run(state, FAC, "move_goal", card_id="g1", theme_id="t5")
    state = run(state, FAC, "move_goal", card_id="g2", theme_id="t5")
    state = phase_helpers.at(state, "essential", exercise)
    state = run(state, ANA, "rate_theme", theme_id="t5", rating="essential")
    state = run(state, BEN, "rate_theme", theme_id="t5", rating="essential")
    return run(state, CEM, "rate_theme", theme_id="t5", rating="nice")


def view(state, role="participant", **kw):
    # The step's phase and hide switch reach the view in the audience, as the core builds it.
    result = exercise.view(state, phase_helpers.audience(exercise, state, names=ROSTER, role=role, **kw))
    json.dumps(result)
    return result


def map_rows(result) -> list:
    """The map's rows in the order the page shows them (alignment_mapper.js ``mapRows``): the
    view keys them by id, with their reach, partly and order, rather than sending an array."""
    return sorted(result["map"]["rows"].values(), key=lambda r: (-r["reach"], -r["partly"], r["order"]))


def wire(result) -> str:
    return json.dumps(result)


def no_nulls(value):
    if isinstance(value, dict):
        return all(v is not None and no_nulls(v) for v in value.values())
    if isinstance(value, list):
        return all(no_nulls(v) for v in value)
    return True


# -- hidden: think alone first, and the core's switch ----------------------------------------


@pytest.mark.parametrize("role", ["participant", "screen"])
def test_think_alone_hides_goal_text_from_the_room(role):
    result = view(goals_state(), role)
    assert result["hidden"] and result["cards"] == {} and result["map"]["rows"] == {}
    assert result["counts"]["goals"] == 4
    for text in GOALS + NAMES:
        assert text not in wire(result)


def test_facilitator_sees_goals_while_hidden():
    result = view(goals_state(), "facilitator", hidden=True, anonymous=True)
    assert not result["hidden"] and len(result["cards"]) == 4
    assert result["cards"]["g1"]["author"]["name"] == "Ana Secret"
    assert result["think_alone"]


def test_reveal_shows_goals():
    state = phase_helpers.set_hidden(goals_state(), False)  # the console's one reveal control
    result = view(state)
    assert not result["hidden"] and result["cards"]["g1"]["text"] == GOALS[0]


def test_goals_visible_from_start_when_not_hidden_by_config():
    assert not view(goals_state(hide_goals=False))["hidden"]


@pytest.mark.parametrize("role", ["participant", "screen"])
def test_core_hidden_switch_hides_text_in_any_phase(full, role):
    result = view(full, role, hidden=True)
    assert result["hidden"] and result["themes"] == {}
    for text in [*GOALS, "Ready to learn", *NAMES]:
        assert text not in wire(result)


def test_personal_keeps_own_goals_while_hidden():
    state = goals_state()
    mine = exercise.personal(state, Audience(names=ROSTER, role="participant", participant_id="p:1", hidden=True))
    assert mine["cards"]["g1"]["text"] == GOALS[0]
    assert GOALS[1] not in json.dumps(mine)
    assert mine["goals_left"] == default_config(exercise)["cards_per_participant"] - 1


# -- anonymous mode and the k >= 3 rule --------------------------------------------------------


@pytest.mark.parametrize("role", ["participant", "screen"])
def test_anonymous_view_has_no_names_or_ids(full, role):
    result = view(full, role, anonymous=True, sector_sizes=BIG)
    text = wire(result)
    for name in NAMES:
        assert name not in text
    assert GOALS[0] in text  # the goals themselves still show


def test_anonymous_small_sector_is_folded_into_other(full):
    result = view(full, "screen", anonymous=True, sector_sizes=BIG)
    assert "Local government" not in wire(result)
    assert result["cards"]["g4"]["author"] == {}
    assert result["cards"]["g4"]["held_by"] == ["other"]
    assert result["cards"]["g1"]["shares"] == {"Health": "shared", "Housing": "shared", "other": "partly"}
    assert result["cards"]["g2"]["author"] == {"sector": "Health"}
    assert result["map"]["sectors"] == ["Education", "Health", "Housing", "other"]
    assert result["counts"]["by_sector"] == {"Education": 1, "Health": 1, "Housing": 1, "other": 1}


def test_anonymous_with_all_sectors_small_shows_no_sector(full):
    result = view(full, "participant", anonymous=True, sector_sizes={"Education": 2, "Health": 2})
    assert result["map"]["sectors"] == ["other"]
    assert result["counts"]["by_sector"] == {"other": 4}
    assert all(set(row["cells"]) == {"other"} for row in result["map"]["rows"].values())
    for card in result["cards"].values():
        assert card["author"] == {} and card["held_by"] == ["other"] and set(card["shares"]) <= {"other"}


def test_named_mode_shows_authors_and_sectors(full):
    result = view(full, "participant", sector_sizes={"Local government": 1})
    assert result["cards"]["g4"]["author"]["name"] == "Dia Quiet"
    assert "Local government" in result["map"]["sectors"]


# -- the alignment map ---------------------------------------------------------------------


def test_map_rows_bands_and_order(full):
    result = view(full, "screen", sectors=("Health", "Education", "Housing", "Local government"))
    rows = result["map"]["rows"]
    assert result["map"]["sectors"] == ["Health", "Education", "Housing", "Local government"]
    assert result["map"]["total_sectors"] == 4
    assert [r["id"] for r in map_rows(result)] == ["t5", "g3", "g4"]  # by reach, empty theme left out
    assert all(row_id == row["id"] for row_id, row in rows.items())  # keyed: an answer patches one row
    theme = rows["t5"]
    assert theme["cells"] == {"Education": "held", "Health": "held", "Housing": "shared", "Local government": "partly"}
    assert (theme["reach"], theme["partly"], theme["band"]) == (3, 1, "common")
    assert (theme["essential"], theme["nice"], theme["goals"]) == (2, 1, 2)
    assert rows["g4"]["band"] == "difference" and rows["g4"]["label"] == GOALS[3]
    assert rows["g4"]["cells"] == {"Local government": "held"}


def test_band_some_when_two_of_many_sectors():
    from plugins.alignment_mapper.alignment import band

    assert band(2, 5) == "some" and band(3, 5) == "common" and band(2, 2) == "common"
    assert band(1, 1) == "difference" and band(1, 4) == "difference"


def test_map_is_live_before_any_theme():
    state = phase_helpers.at(goals_state(hide_goals=False), "shared", exercise)
    state = run(state, BEN, "respond", card_id="g1", response="shared")
    rows = map_rows(view(state, "screen"))
    assert rows[0]["id"] == "g1" and rows[0]["kind"] == "goal" and rows[0]["reach"] == 2


def test_card_shows_which_other_sectors_share_it(full):
    card = view(full)["cards"]["g1"]
    assert card["shares"] == {"Health": "shared", "Housing": "shared", "Local government": "partly"}
    assert (card["shared"], card["partly"]) == (2, 1)
    assert card["held_by"] == ["Education"]


def test_merged_goal_is_held_by_both_sectors(full):
    state = run(full, FAC, "merge_goals", card_id="g1", duplicate_id="g4")
    result = view(state)
    assert result["cards"]["g1"]["held_by"] == ["Education", "Local government"]
    assert result["cards"]["g1"]["merged_texts"] == [GOALS[3]]
    assert "g4" not in result["cards"]


def test_themes_show_split(full):
    theme = view(full)["themes"]["t5"]
    assert (theme["name"], theme["goals"], theme["essential"], theme["nice"]) == ("Ready to learn", 2, 2, 1)


def test_views_have_no_nulls(full):
    for role in ("participant", "screen", "facilitator"):
        assert no_nulls(view(full, role, anonymous=True, sector_sizes=BIG))
        assert no_nulls(view(goals_state(), role, hidden=True))


# -- personal ----------------------------------------------------------------------------------


def test_personal_view(full):
    mine = exercise.personal(full, Audience(names=ROSTER, role="participant", participant_id="p:2"))
    assert set(mine["cards"]) == {"g2"} and mine["held"] == ["g2"]
    assert mine["responses"] == {"g1": "shared"}
    assert mine["ratings"] == {"t5": "essential"}
    assert "Ana Secret" not in json.dumps(mine)
    assert no_nulls(mine)


def test_personal_lists_goals_held_through_a_merge(full):
    state = run(full, FAC, "merge_goals", card_id="g1", duplicate_id="g4")
    mine = exercise.personal(state, Audience(names=ROSTER, role="participant", participant_id="p:4"))
    assert mine["cards"] == {} and mine["held"] == ["g1"]


# -- plan and contributions ------------------------------------------------------------------


def test_plan_sections_and_provenance(full):
    items = exercise.plan(full, full["config"])
    json.dumps(items)
    assert all(item["section"] in PLAN_SECTIONS for item in items)
    by_ref = {item["ref"]: item for item in items}
    assert by_ref["purpose"]["section"] == "purpose"
    assert by_ref["purpose"]["text"] == full["config"]["purpose"]
    common = by_ref["theme:t5"]
    assert common["section"] == "common_ground" and common["title"] == "Ready to learn"
    assert common["sectors"] == ["Education", "Health", "Housing", "Local government"]
    assert (common["data"]["essential"], common["data"]["nice"]) == (2, 1)
    assert "Essential for 2, nice to have for 1" in common["text"]
    difference = by_ref["goal:g4"]
    assert difference["section"] == "differences" and difference["sectors"] == ["Local government"]


def test_plan_of_empty_step_has_only_purpose():
    state = exercise.initial_state(default_config(exercise))
    assert [i["section"] for i in exercise.plan(state, state["config"])] == ["purpose"]


def test_contributions_rows(full):
    state = run(full, FAC, "merge_goals", card_id="g1", duplicate_id="g4")
    rows = exported(exercise.contributions(state), *ACTORS)
    json.dumps(rows)
    assert len(rows) == 4 and all("author" in r for r in rows)
    merged = next(r for r in rows if r["goal"] == GOALS[3])
    assert merged["merged_into"] == GOALS[0] and merged["author"] == "Dia Quiet"
    first = next(r for r in rows if r["goal"] == GOALS[0])
    assert first["theme"] == "Ready to learn" and first["shared_by"] == ["Health", "Housing"]
    assert first["partly_shared_by"] == []  # Dia's answer went when her own goal was merged in
    before = next(r for r in exported(exercise.contributions(full), *ACTORS) if r["goal"] == GOALS[0])
    assert before["partly_shared_by"] == ["Local government"] and before["merged_into"] == ""


# -- forms -------------------------------------------------------------------------------------


def test_default_config_is_valid():
    data, errors = validate(forms.AlignmentConfigForm, {
        k: v for k, v in default_config(exercise).items() if v is not False})
    assert errors is None and data["purpose"]


@pytest.mark.parametrize("payload, field", [
    ({"purpose": "", "cards_per_participant": "5", "max_length": "140"}, "purpose"),
    ({"purpose": "x" * 501, "cards_per_participant": "5", "max_length": "140"}, "purpose"),
    ({"purpose": "P", "cards_per_participant": "0", "max_length": "140"}, "cards_per_participant"),
    ({"purpose": "P", "cards_per_participant": "5", "max_length": "5000"}, "max_length"),
    ({"purpose": "P", "cards_per_participant": "5", "max_length": "140", "use_essential": "y"}, "use_essential"),
])
def test_config_form_rejects(payload, field):
    data, errors = validate(forms.AlignmentConfigForm, payload)
    assert data is None and field in errors


def test_unticked_boxes_switch_phases_off():
    data, errors = validate(forms.AlignmentConfigForm, {"purpose": "P", "cards_per_participant": "3",
                                                        "max_length": "100"})
    assert errors is None
    assert not data["use_shared"] and not data["hide_goals"]
    assert exercise.initial_state(data)["config"]["phases"] == ["goals"]


@pytest.mark.parametrize("form, payload", [
    (forms.AddGoalForm, {"text": "A goal"}),
    (forms.EditGoalForm, {"card_id": "g1", "text": "A goal"}),
    (forms.GoalForm, {"card_id": "g1"}),
    (forms.RespondForm, {"card_id": "g1", "response": "partly"}),
    (forms.ThemeForm, {"name": "Health"}),
    (forms.RenameThemeForm, {"theme_id": "t1", "name": "Health"}),
    (forms.ThemeIdForm, {"theme_id": "t1"}),
    (forms.MoveGoalForm, {"card_id": "g1", "theme_id": ""}),
    (forms.MoveGoalForm, {"card_id": "g1"}),
    (forms.MergeGoalsForm, {"card_id": "g1", "duplicate_id": "g2"}),
    (forms.RateThemeForm, {"theme_id": "t1", "rating": "essential"}),
    (EmptyForm, {}),
])
def test_action_forms_accept(form, payload):
    data, errors = validate(form, payload)
    assert errors is None, errors


@pytest.mark.parametrize("form, payload, field", [
    (forms.AddGoalForm, {"text": ""}, "text"),
    (forms.AddGoalForm, {"text": "x" * 501}, "text"),
    (forms.AddGoalForm, {}, "text"),
    (forms.GoalForm, {}, "card_id"),
    (forms.GoalForm, {"card_id": "g" * 30}, "card_id"),
    (forms.RespondForm, {"card_id": "g1", "response": "maybe"}, "response"),
    (forms.RespondForm, {"card_id": "g1"}, "response"),
    (forms.ThemeForm, {"name": "   "}, "name"),
    (forms.ThemeForm, {"name": "n" * 81}, "name"),
    (forms.MergeGoalsForm, {"card_id": "g1"}, "duplicate_id"),
    (forms.RateThemeForm, {"theme_id": "t1", "rating": "vital"}, "rating"),
])
def test_action_forms_reject(form, payload, field):
    data, errors = validate(form, payload)
    assert data is None and field in errors


def test_form_rejects_nested_payload():
    data, errors = validate(forms.AddGoalForm, {"text": {"evil": 1}})
    assert data is None and "_" in errors


def test_phases_travel_as_keys_only(full):
    """Everyone in an audience may read another language: the page names the phases."""
    for role in ("participant", "facilitator", "screen"):
        assert view(full, role=role)["phases"] == [{"key": "goals"}, {"key": "shared"}, {"key": "themes"},
                                                  {"key": "essential"}]


# -- measures ------------------------------------------------------------------------------------

SIX = tuple(Actor(role="participant", id=f"p:{n}", name=f"P{n}", organisation=f"Org {n}",
                  sector="Education" if n <= 3 else "Health") for n in range(1, 7))


def shared_room(*extra):
    """Six writers, three per sector, one goal each; Health shares the first Education goal."""
    state = phase_helpers.started(exercise, default_config(exercise))
    for n, actor in enumerate((*SIX, *extra), start=1):
        state = run(state, actor, "add_goal", text=f"Goal {n}")
    state = phase_helpers.at(state, "shared", exercise)
    return run(state, SIX[3], "respond", card_id="g1", response="shared")


def figures(state):
    return [(m.key, m.group, m.value, m.unit, m.count) for m in exercise.measures(state, state["config"])]


def test_measures_give_the_share_of_goals_on_common_ground_for_the_room_and_each_sector():
    assert figures(shared_room()) == [("common_ground", "", 17, "%", 6), ("common_ground", "Education", 33, "%", 3),
                                      ("common_ground", "Health", 0, "%", 3)]
    assert figures(goals_state()) == [("common_ground", "", 0, "%", 4)], "one writer per sector: no sector shown"


def test_a_lone_writer_of_another_sector_is_never_left_to_subtraction():
    loner = Actor(role="participant", id="p:7", name="P7", organisation="Org 7", sector="Housing")
    # Education and Health alone would leave Housing's one writer as the room minus them.
    assert [f[1] for f in figures(shared_room(loner))] == ["", "Health"]
