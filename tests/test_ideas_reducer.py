"""Pure tests of the Ideas reducer's console tools: undoing a merge (unmerge_notes) and the
facilitator's edit of someone's note, with their refusals."""
from __future__ import annotations

import copy

import pytest

from app.exercises import Action, Actor, Audience, DomainError
from app.exercises.registry import default_config
from app.exercises.validation import validate
from plugins.ideas import exercise

ANA = Actor(role="participant", id="p:1", name="Ana", organisation="North School", sector="Education")
BEN = Actor(role="participant", id="p:2", name="Ben", organisation="Valley Health", sector="Health")
CEM = Actor(role="participant", id="p:3", name="Cem", organisation="Homes Together", sector="Housing")
FAC = Actor(role="facilitator", id="f:1", name="Fran")


def run(state, actor, action_type, **data):
    """The engine's way: the action's form, then the reducer."""
    clean, errors = validate(exercise.actions[action_type].form, data)
    assert errors is None, errors
    return exercise.apply(state, Action(action_type, clean), actor)


def refused(state, actor, action_type, match="", **data):
    """Assert the action is refused with a readable message and changes nothing."""
    before = copy.deepcopy(state)
    with pytest.raises(DomainError, match=match) as info:
        run(state, actor, action_type, **data)
    assert state == before
    assert len(info.value.message) > 10
    return info.value


def mine(state, actor):
    return exercise.personal(state, Audience(role="participant", participant_id=actor.id))["notes"]


@pytest.fixture
def wall():
    """n1 Ana (clustered "Food", one dot each from Ben and Cem), n2 Ben (a dot from Cem), n3 Cem."""
    state = exercise.initial_state({**default_config(exercise), "categories": "Food\nPlay"})
    state = run(state, ANA, "add_note", text="Breakfast club", category="Food")
    state = run(state, BEN, "add_note", text="Breakfast clubs in every school", category="Food")
    state = run(state, CEM, "add_note", text="Walking bus", category="Play")
    state = run(state, FAC, "create_cluster", name="Mornings")
    state = run(state, FAC, "move_note", note_id="n1", cluster_id="c4")
    for voter, note in ((BEN, "n1"), (CEM, "n1"), (CEM, "n2")):
        state = run(state, voter, "vote", note_id=note)
    return state


def test_undoing_a_merge_restores_the_note_as_it_was(wall):
    merged = run(wall, FAC, "merge_notes", note_id="n2", duplicate_id="n1")
    assert "n1" not in merged["notes"] and "n1" not in mine(merged, ANA)
    assert merged["votes"]["p:3"] == {"n2": 2}

    undone = run(merged, FAC, "unmerge_notes", note_id="n2", merged_id="n1")
    assert undone["notes"] == wall["notes"]
    assert undone["votes"] == wall["votes"]
    assert mine(undone, ANA) == {"n1": {"id": "n1", "text": "Breakfast club", "category": "Food"}}
    assert merged["notes"]["n2"]["merged"] and "n1" not in merged["notes"]  # the input is untouched


def test_undoing_a_merge_brings_back_what_the_note_carried(wall):
    state = run(wall, FAC, "merge_notes", note_id="n1", duplicate_id="n3")  # n3 into n1
    state = run(state, FAC, "merge_notes", note_id="n2", duplicate_id="n1")  # n1 (with n3) into n2
    assert [m["id"] for m in state["notes"]["n2"]["merged"]] == ["n1", "n3"]
    # Only what went straight into n2 can be taken out of it.
    refused(state, FAC, "unmerge_notes", match="not merged into this one", note_id="n2", merged_id="n3")

    state = run(state, FAC, "unmerge_notes", note_id="n2", merged_id="n1")
    assert [m["id"] for m in state["notes"]["n1"]["merged"]] == ["n3"]
    assert state["notes"]["n2"]["merged"] == []
    state = run(state, FAC, "unmerge_notes", note_id="n1", merged_id="n3")
    assert state["notes"] == wall["notes"] and state["votes"] == wall["votes"]


def test_undo_gives_back_only_dots_still_there_and_a_cluster_that_still_exists(wall):
    state = run(wall, FAC, "merge_notes", note_id="n2", duplicate_id="n1")
    state = run(state, CEM, "unvote", note_id="n2")
    state = run(state, CEM, "unvote", note_id="n2")  # Cem took both dots back meanwhile
    state = run(state, FAC, "delete_cluster", cluster_id="c4")
    state = run(state, FAC, "unmerge_notes", note_id="n2", merged_id="n1")
    assert state["votes"]["p:2"] == {"n1": 1} and not state["votes"]["p:3"]
    assert state["notes"]["n1"]["cluster"] == ""


def test_undo_refusals(wall):
    merged = run(wall, FAC, "merge_notes", note_id="n2", duplicate_id="n1")
    refused(merged, FAC, "unmerge_notes", match="no longer exists", note_id="n9", merged_id="n1")
    refused(merged, FAC, "unmerge_notes", match="not merged", note_id="n3", merged_id="n1")
    refused(merged, FAC, "unmerge_notes", match="not merged", note_id="n2", merged_id="n3")
    refused(wall, FAC, "unmerge_notes", match="not merged", note_id="n2", merged_id="n1")
    # A merge made before undo existed kept only the text and author: it says so.
    old = copy.deepcopy(wall)
    old["notes"]["n2"]["merged"] = [{"text": "Old note", "author": ANA.as_author()}]
    refused(old, FAC, "unmerge_notes", match="can no longer be undone", note_id="n2", merged_id="n1")
    assert exercise.actions["unmerge_notes"].roles == {"facilitator"}


def test_the_facilitator_edits_a_note_and_authorship_stays(wall):
    state = run(wall, FAC, "edit_note", note_id="n1", text="  Breakfast   club for all ", category="Food")
    note = state["notes"]["n1"]
    assert note["text"] == "Breakfast club for all" and note["author"] == ANA.as_author()
    assert mine(state, ANA)["n1"]["text"] == "Breakfast club for all"
    assert state["votes"] == wall["votes"] and note["cluster"] == "c4"
    refused(wall, BEN, "edit_note", match="only change your own", note_id="n1", text="Mine now", category="Food")


def test_edit_refusals(wall):
    refused(wall, FAC, "edit_note", match="no longer exists", note_id="n9", text="Fixed", category="")
    refused(wall, FAC, "edit_note", match="under 280 characters", note_id="n1", text="x" * 281, category="Food")
    refused(wall, FAC, "edit_note", match="listed categories", note_id="n1", text="Fixed", category="Sport")
    # An empty text never reaches the reducer: the form says so.
    _clean, errors = validate(exercise.actions["edit_note"].form, {"note_id": "n1", "text": "  "})
    assert errors == {"text": ["Write something first."]}
