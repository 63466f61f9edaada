"""Pure tests of the Alignment mapper reducer: every action, phase and broken rule."""
from __future__ import annotations

import copy
import json

import pytest

from app.exercises import Action, Actor, DomainError
from app.exercises.registry import default_config
from plugins.alignment_mapper import exercise
from tests import phase_helpers

ANA = Actor(role="participant", id="p:1", name="Ana", organisation="North School", sector="Education")
BEN = Actor(role="participant", id="p:2", name="Ben", organisation="Valley Health", sector="Health")
CEM = Actor(role="participant", id="p:3", name="Cem", organisation="Homes Together", sector="Housing")
DIA = Actor(role="participant", id="p:4", name="Dia", organisation="North School", sector="Education")
FAC = Actor(role="facilitator", id="f:1", name="Fran")


def config(**overrides):
    return {**default_config(exercise), **overrides}


def start(**overrides):
    return phase_helpers.started(exercise, config(**overrides))


def run(state, actor, action_type, **data):
    """The core's phase check, then the reducer (as the engine runs them)."""
    return phase_helpers.apply(exercise, state, Action(action_type, data), actor)


def refused(state, actor, action_type, match="", **data):
    """Assert the action is refused with a readable message and changes nothing."""
    before = copy.deepcopy(state)
    with pytest.raises(DomainError, match=match) as info:
        run(state, actor, action_type, **data)
    assert state == before
    assert info.value.message and len(info.value.message) > 10
    return info.value


#: The core's refusal of a participant action the room's phase does not allow.
NOT_IN_PHASE = "phase: the facilitator moves the room on"


def to_phase(state, phase):
    return phase_helpers.at(state, phase, exercise)


@pytest.fixture
def goals():
    """Three sectors, one goal each; Ana has a second goal."""
    state = start()
    state = run(state, ANA, "add_goal", text="Every child ready for school")
    state = run(state, BEN, "add_goal", text="Healthy early years")
    state = run(state, CEM, "add_goal", text="Stable homes for families")
    state = run(state, ANA, "add_goal", text="Parents engaged in learning")
    return state  # g1 Ana, g2 Ben, g3 Cem, g4 Ana


# -- initial state and config ---------------------------------------------------------------


def test_initial_state_keeps_config_and_phases():
    state = start()
    assert phase_helpers.phase_of(exercise, state) == "goals" and "phase" not in state
    assert state["config"]["phases"] == ["goals", "shared", "themes", "essential"]
    assert state["cards"] == {} and state["themes"] == {} and state["next_id"] == 1
    json.dumps(state)


def test_phases_follow_config():
    state = start(use_shared=False, use_themes=True, use_essential=False)
    assert state["config"]["phases"] == ["goals", "themes"]


def test_purpose_whitespace_is_tidied():
    assert start(purpose="  Better   lives\n together ")["config"]["purpose"] == "Better lives together"


def test_partnership_defaults_use_purpose():
    assert exercise.partnership_defaults({"name": "P", "purpose": " Thriving  kids ", "sectors": []}) == {
        "purpose": "Thriving kids"}
    assert exercise.partnership_defaults({"name": "P", "purpose": "", "sectors": []}) == {}


def test_unknown_action_is_refused():
    refused(start(), ANA, "dance", match="Unknown")


# -- phase 1: goals ---------------------------------------------------------------------------


def test_add_goal_records_author_and_counter(goals):
    card = goals["cards"]["g1"]
    assert card["text"] == "Every child ready for school"
    assert card["author"] == ANA.as_author()
    assert card["theme"] == "" and card["merged"] == []
    assert goals["next_id"] == 5
    assert set(goals["cards"]) == {"g1", "g2", "g3", "g4"}


def test_add_goal_tidies_whitespace():
    state = run(start(), ANA, "add_goal", text="  Safe \n  streets ")
    assert state["cards"]["g1"]["text"] == "Safe streets"


@pytest.mark.parametrize("text", ["", "   ", "\n\t"])
def test_add_goal_empty_is_refused(text):
    error = refused(start(), ANA, "add_goal", match="Write your goal", text=text)
    assert error.field == "text"


def test_add_goal_overlong_is_refused():
    error = refused(start(max_length=20), ANA, "add_goal", match="under 20 characters", text="x" * 21)
    assert error.field == "text"
    run(start(max_length=20), ANA, "add_goal", text="x" * 20)


def test_goal_limit_per_participant():
    state = start(cards_per_participant=2)
    state = run(state, ANA, "add_goal", text="One")
    state = run(state, ANA, "add_goal", text="Two")
    refused(state, ANA, "add_goal", match="all 2 of your goals", text="Three")
    run(state, BEN, "add_goal", text="Ben's first")  # the limit is per person


def test_facilitator_does_not_add_goals():
    refused(start(), FAC, "add_goal", match="partners", text="Mine")


def test_add_goal_only_in_goals_phase(goals):
    refused(to_phase(goals, "shared"), ANA, "add_goal", match=NOT_IN_PHASE, text="Late")


def test_edit_own_goal(goals):
    state = run(goals, ANA, "edit_goal", card_id="g1", text="Every child thriving at school")
    assert state["cards"]["g1"]["text"] == "Every child thriving at school"
    assert goals["cards"]["g1"]["text"] == "Every child ready for school"


def test_edit_someone_elses_goal_is_refused(goals):
    refused(goals, BEN, "edit_goal", match="your own", card_id="g1", text="Mine now")


def test_edit_validates_text(goals):
    refused(goals, ANA, "edit_goal", match="Write your goal", card_id="g1", text=" ")


def test_edit_after_goals_phase_is_refused_but_facilitator_may_tidy(goals):
    state = to_phase(goals, "themes")
    refused(state, ANA, "edit_goal", match=NOT_IN_PHASE, card_id="g1", text="Changed")
    state = run(state, FAC, "edit_goal", card_id="g1", text="Every child ready for school (typo fixed)")
    assert state["cards"]["g1"]["text"].endswith("(typo fixed)")


def test_edit_missing_goal_is_refused(goals):
    refused(goals, ANA, "edit_goal", match="not on this board", card_id="g99", text="Hello")


def test_delete_own_goal_removes_its_answers(goals):
    state = to_phase(goals, "shared")
    state = run(state, BEN, "respond", card_id="g1", response="shared")
    state = to_phase(state, "goals")
    state = run(state, ANA, "delete_goal", card_id="g1")
    assert "g1" not in state["cards"] and "g1" not in state["responses"]


def test_delete_someone_elses_goal_is_refused_but_facilitator_may(goals):
    refused(goals, BEN, "delete_goal", match="your own", card_id="g1")
    assert "g1" not in run(goals, FAC, "delete_goal", card_id="g1")["cards"]


def test_delete_frees_a_goal_slot():
    state = start(cards_per_participant=1)
    state = run(state, ANA, "add_goal", text="One")
    state = run(state, ANA, "delete_goal", card_id="g1")
    run(state, ANA, "add_goal", text="Another")


def test_think_alone_first_starts_the_step_hidden_on_the_cores_switch(goals):
    """No reveal flag of its own: "keep goals private" turns the core's hide switch on."""
    assert "revealed" not in goals and "reveal_goals" not in exercise.actions
    assert exercise.hidden_at_start(config()) is True
    assert exercise.hidden_at_start(config(hide_goals=False)) is False
    assert phase_helpers.hidden(goals)


@pytest.mark.parametrize("phase", ["shared", "themes", "essential"])
def test_leaving_goals_phase_reveals_for_good(goals, phase):
    state = to_phase(to_phase(goals, phase), "goals")
    assert not phase_helpers.hidden(state), "going back to the goals phase does not hide them again"


# -- phases ---------------------------------------------------------------------------------


def test_phases_are_declared_to_the_core_and_follow_the_config():
    assert "set_phase" not in exercise.actions
    assert [p.key for p in exercise.phases_for(config())] == ["goals", "shared", "themes", "essential"]
    assert [p.key for p in exercise.phases_for(config(use_essential=False))] == ["goals", "shared", "themes"]
    assert [p.key for p in exercise.phases_for(config(use_shared=False))] == ["goals", "themes", "essential"]
    assert phase_helpers.phase_of(exercise, start()) == "goals"


# -- phase 2: shared? -----------------------------------------------------------------------


def test_respond_and_change_response(goals):
    state = to_phase(goals, "shared")
    state = run(state, BEN, "respond", card_id="g1", response="partly")
    assert state["responses"]["g1"]["p:2"] == {"level": "partly", "sector": "Health"}
    state = run(state, BEN, "respond", card_id="g1", response="shared")
    assert state["responses"]["g1"]["p:2"]["level"] == "shared"
    state = run(state, BEN, "respond", card_id="g1", response="none")
    assert state["responses"]["g1"] == {}
    run(state, BEN, "respond", card_id="g1", response="none")  # clearing nothing is harmless


def test_respond_to_own_goal_is_refused(goals):
    refused(to_phase(goals, "shared"), ANA, "respond", match="your own goal", card_id="g1", response="shared")


def test_respond_before_shared_phase_is_refused(goals):
    refused(goals, BEN, "respond", match=NOT_IN_PHASE, card_id="g1", response="shared")


def test_respond_still_possible_in_later_phases(goals):
    state = run(to_phase(goals, "themes"), BEN, "respond", card_id="g1", response="shared")
    assert "p:2" in state["responses"]["g1"]


def test_respond_when_phase_not_used_is_refused(goals):
    state = start(use_shared=False)
    state = run(state, ANA, "add_goal", text="A goal")
    state = to_phase(state, "themes")
    refused(state, BEN, "respond", match=NOT_IN_PHASE, card_id="g1", response="shared")


def test_respond_missing_goal_or_by_facilitator_is_refused(goals):
    state = to_phase(goals, "shared")
    refused(state, BEN, "respond", match="not on this board", card_id="g42", response="shared")
    refused(state, FAC, "respond", match="partners", card_id="g1", response="shared")


# -- phase 3: themes ------------------------------------------------------------------------


@pytest.fixture
def themed(goals):
    state = to_phase(goals, "shared")
    state = run(state, BEN, "respond", card_id="g1", response="shared")
    state = run(state, CEM, "respond", card_id="g1", response="partly")
    state = run(state, ANA, "respond", card_id="g2", response="shared")
    state = to_phase(state, "themes")
    state = run(state, FAC, "create_theme", name="Ready to learn")  # t5
    state = run(state, FAC, "create_theme", name="Homes")  # t6
    return state


def test_create_rename_delete_theme(themed):
    assert themed["themes"]["t5"]["name"] == "Ready to learn"
    state = run(themed, FAC, "rename_theme", theme_id="t5", name="Ready for school")
    assert state["themes"]["t5"]["name"] == "Ready for school"
    state = run(state, FAC, "rename_theme", theme_id="t5", name="ready FOR school")  # its own name, recased
    state = run(state, FAC, "move_goal", card_id="g1", theme_id="t5")
    state = run(state, FAC, "delete_theme", theme_id="t5")
    assert "t5" not in state["themes"] and state["cards"]["g1"]["theme"] == ""


def test_duplicate_or_blank_theme_name_is_refused(themed):
    assert refused(themed, FAC, "create_theme", match="exists already", name=" homes ").field == "name"
    refused(themed, FAC, "create_theme", match="name", name="   ")
    refused(themed, FAC, "rename_theme", match="exists already", theme_id="t5", name="Homes")


def test_missing_theme_is_refused(themed):
    refused(themed, FAC, "rename_theme", match="not part of this step", theme_id="t99", name="X")
    refused(themed, FAC, "delete_theme", match="not part of this step", theme_id="t99")


def test_move_goal_between_themes_and_back(themed):
    state = run(themed, FAC, "move_goal", card_id="g1", theme_id="t5")
    assert state["cards"]["g1"]["theme"] == "t5"
    state = run(state, FAC, "move_goal", card_id="g1", theme_id="t6")
    assert state["cards"]["g1"]["theme"] == "t6"
    state = run(state, FAC, "move_goal", card_id="g1", theme_id="")
    assert state["cards"]["g1"]["theme"] == ""
    assert themed["cards"]["g1"]["theme"] == ""


def test_move_goal_into_theme_of_another_step_is_refused(themed):
    error = refused(themed, FAC, "move_goal", match="not part of this step", card_id="g1", theme_id="t777")
    assert error.field == "theme_id"
    refused(themed, FAC, "move_goal", match="not on this board", card_id="g99", theme_id="t5")


def test_participant_grouping_needs_permission(themed):
    refused(themed, ANA, "create_theme", match="only the facilitator", name="Mine")
    refused(themed, ANA, "move_goal", match="only the facilitator", card_id="g1", theme_id="t5")
    refused(themed, ANA, "merge_goals", match="only the facilitator", card_id="g1", duplicate_id="g4")


def test_participant_grouping_when_allowed_only_in_themes_phase():
    state = start(participants_group=True)
    state = run(state, ANA, "add_goal", text="A")
    refused(state, ANA, "create_theme", match=NOT_IN_PHASE, name="Early")
    state = to_phase(state, "themes")
    state = run(state, ANA, "create_theme", name="Early")
    state = run(state, BEN, "move_goal", card_id="g1", theme_id="t2")
    assert state["cards"]["g1"]["theme"] == "t2"


def test_grouping_when_themes_phase_is_off_is_refused():
    state = start(use_themes=False, use_essential=False)
    refused(state, FAC, "create_theme", match="does not group", name="X")


def test_merge_duplicates_keeps_text_authors_and_answers(themed):
    state = run(themed, FAC, "move_goal", card_id="g4", theme_id="t5")
    state = to_phase(state, "shared")
    state = run(state, CEM, "respond", card_id="g4", response="shared")  # stronger than his partly on g1
    state = run(state, BEN, "respond", card_id="g4", response="partly")  # weaker than his shared on g1
    state = to_phase(state, "themes")
    state = run(state, FAC, "merge_goals", card_id="g1", duplicate_id="g4")
    kept = state["cards"]["g1"]
    assert "g4" not in state["cards"] and "g4" not in state["responses"]
    assert kept["merged"] == [{"text": "Parents engaged in learning", "author": ANA.as_author()}]
    assert kept["theme"] == "t5"  # the kept goal takes the duplicate's theme when it had none
    assert state["responses"]["g1"]["p:3"]["level"] == "shared"
    assert state["responses"]["g1"]["p:2"]["level"] == "shared"


def test_merge_drops_answers_of_new_holders(themed):
    # Ben answered "shared" on Ana's g1; merging Ben's g2 into g1 makes him a holder of g1.
    state = run(themed, FAC, "merge_goals", card_id="g1", duplicate_id="g2")
    assert "p:2" not in state["responses"]["g1"]
    assert "p:1" not in state["responses"].get("g1", {})  # Ana's answer on g2 was dropped too
    state = to_phase(state, "shared")
    refused(state, BEN, "respond", match="your own goal", card_id="g1", response="shared")


def test_merge_chain_carries_earlier_merges(themed):
    state = run(themed, FAC, "merge_goals", card_id="g2", duplicate_id="g4")
    state = run(state, FAC, "merge_goals", card_id="g1", duplicate_id="g2")
    assert [m["text"] for m in state["cards"]["g1"]["merged"]] == ["Healthy early years", "Parents engaged in learning"]


def test_merge_same_goal_or_missing_is_refused(themed):
    assert refused(themed, FAC, "merge_goals", match="two different", card_id="g1", duplicate_id="g1").field
    refused(themed, FAC, "merge_goals", match="not on this board", card_id="g1", duplicate_id="g9")


# -- phase 4: essential or nice to have -------------------------------------------------------


@pytest.fixture
def rating(themed):
    state = run(themed, FAC, "move_goal", card_id="g1", theme_id="t5")
    return to_phase(state, "essential")


def test_rate_and_change_rating(rating):
    state = run(rating, ANA, "rate_theme", theme_id="t5", rating="essential")
    state = run(state, BEN, "rate_theme", theme_id="t5", rating="nice")
    assert state["ratings"]["t5"]["p:1"] == {"value": "essential", "sector": "Education"}
    state = run(state, BEN, "rate_theme", theme_id="t5", rating="essential")
    assert state["ratings"]["t5"]["p:2"]["value"] == "essential"
    state = run(state, BEN, "rate_theme", theme_id="t5", rating="none")
    assert set(state["ratings"]["t5"]) == {"p:1"}


def test_rate_before_last_phase_or_missing_theme_is_refused(themed, rating):
    refused(themed, ANA, "rate_theme", match=NOT_IN_PHASE, theme_id="t5", rating="essential")
    refused(rating, ANA, "rate_theme", match="not part of this step", theme_id="t99", rating="essential")
    refused(rating, FAC, "rate_theme", match="partners", theme_id="t5", rating="essential")


def test_deleting_a_theme_drops_its_ratings(rating):
    state = run(rating, ANA, "rate_theme", theme_id="t5", rating="essential")
    state = run(state, FAC, "delete_theme", theme_id="t5")
    assert "t5" not in state["ratings"]


# -- purity ---------------------------------------------------------------------------------


def _script():
    return [
        (ANA, "add_goal", {"text": "Every child ready for school"}),
        (BEN, "add_goal", {"text": "Healthy early years"}),
        (CEM, "add_goal", {"text": "Stable homes"}),
        (DIA, "add_goal", {"text": "School readiness"}),
        (FAC, "__phase__", {"phase": "shared"}),
        (BEN, "respond", {"card_id": "g1", "response": "shared"}),
        (CEM, "respond", {"card_id": "g1", "response": "partly"}),
        (ANA, "respond", {"card_id": "g2", "response": "shared"}),
        (CEM, "respond", {"card_id": "g2", "response": "none"}),
        (FAC, "__phase__", {"phase": "themes"}),
        (FAC, "create_theme", {"name": "Ready to learn"}),
        (FAC, "create_theme", {"name": "Homes"}),
        (FAC, "rename_theme", {"theme_id": "t6", "name": "Housing"}),
        (FAC, "move_goal", {"card_id": "g1", "theme_id": "t5"}),
        (FAC, "move_goal", {"card_id": "g3", "theme_id": "t6"}),
        (FAC, "merge_goals", {"card_id": "g1", "duplicate_id": "g4"}),
        (FAC, "__phase__", {"phase": "essential"}),
        (ANA, "rate_theme", {"theme_id": "t5", "rating": "essential"}),
        (BEN, "rate_theme", {"theme_id": "t6", "rating": "nice"}),
        (FAC, "delete_theme", {"theme_id": "t6"}),
        (FAC, "edit_goal", {"card_id": "g2", "text": "Healthy early years for all"}),
        (FAC, "delete_goal", {"card_id": "g3"}),
    ]


def test_no_action_mutates_its_input():
    state = start()
    for actor, action_type, data in _script():
        if action_type == "__phase__":
            state = to_phase(state, data["phase"])
            continue
        before = copy.deepcopy(state)
        new = run(state, actor, action_type, **data)
        assert state == before, action_type
        assert new is not state
        state = new
        json.dumps(state)


def test_reducer_is_deterministic():
    def replay():
        state = start()
        for actor, action_type, data in _script():
            state = to_phase(state, data["phase"]) if action_type == "__phase__" else run(state, actor, action_type,
                                                                                       **data)
        return state

    assert json.dumps(replay(), sort_keys=True) == json.dumps(replay(), sort_keys=True)


def test_every_action_is_covered_by_the_script():
    assert {t for _, t, _ in _script()} - {"__phase__"} == set(exercise.actions)
