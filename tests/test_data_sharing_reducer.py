"""Data-sharing map: the pure rules (data sets, flows, barriers, agreements, obstacle notes and
the organisations list), each refusal with a clear message and nothing saved lost."""
import copy

import pytest

from app.exercises import Action, Actor, DomainError
from plugins.data_sharing import exercise, forms
from plugins.data_sharing.reducer import initial_state

ANA = Actor(role="participant", id="p:1", name="Ana", organisation="North School", sector="Education")
BEN = Actor(role="participant", id="p:2", name="Ben", organisation="City Clinic", sector="Health")
NOBODY = Actor(role="participant", id="p:3", name="Cy", organisation="", sector="Housing")
FAC = Actor(role="facilitator", id="f:1", name="Fran")


def config(orgs="North School\nCity Clinic\nHomes Trust"):
    return {**forms.DataSharingConfigForm().data, "organisations": orgs}


def act(state, type_, actor, **data):
    return exercise.apply(state, Action(type_, data), actor)


def refused(state, type_, actor, **data) -> DomainError:
    before = copy.deepcopy(state)
    with pytest.raises(DomainError) as caught:
        act(state, type_, actor, **data)
    assert state == before  # nothing changed, nothing lost
    return caught.value


FLOW = {"recipient": "City Clinic", "purpose": "Spot children missing health checks", "barriers": ["consent", "legal"],
        "barrier_note": "", "agreement": "dsa", "status": "needed"}


def mapped():
    state = initial_state(config())
    state = act(state, "add_dataset", ANA, name="Attendance records", holder="")
    state = act(state, "add_flow", ANA, dataset_id="d4", **FLOW)
    return state


def test_initial_state_lists_the_partnership_organisations_once():
    state = initial_state(config("North School\n north  school \nCity Clinic\n\n"))
    assert [o["name"] for o in state["organisations"].values()] == ["North School", "City Clinic"]
    assert state["datasets"] == state["flows"] == {}


def test_partnership_defaults_fill_the_organisations_and_keep_a_prompt():
    values = exercise.partnership_defaults({"organisations": ["North School", "north school", "  City  Clinic "]})
    assert values["organisations"] == "North School\nCity Clinic"
    assert values["prompt"] == forms.DEFAULT_PROMPT
    assert "organisations" not in exercise.partnership_defaults({})


def test_a_data_set_defaults_to_the_participants_own_organisation():
    state = mapped()
    assert state["datasets"]["d4"]["holder"] == "North School"
    assert state["datasets"]["d4"]["author"] == {"id": "p:1", "sector": "Education"}
    assert "Ana" not in repr(state)


def test_a_holder_typed_in_keeps_the_known_spelling_and_a_new_one_is_kept():
    state = act(initial_state(config()), "add_dataset", BEN, name="Clinic visits", holder="city clinic")
    assert state["datasets"]["d4"]["holder"] == "City Clinic"
    state = act(state, "add_dataset", BEN, name="Meals", holder="School Kitchen Co")
    assert state["datasets"]["d5"]["holder"] == "School Kitchen Co"


def test_no_holder_and_no_own_organisation_is_refused():
    error = refused(initial_state(config()), "add_dataset", NOBODY, name="Waiting list", holder="  ")
    assert error.field == "holder" and "holds" in error.message


@pytest.mark.parametrize(("name", "field", "words"), [
    ("   ", "name", "Name the data set"),
    ("x" * 81, "name", "under 80"),
    ("<script>alert(1)</script>", "name", "plain text"),
])
def test_bad_data_set_names_are_refused(name, field, words):
    error = refused(initial_state(config()), "add_dataset", ANA, name=name, holder="")
    assert error.field == field and words in error.message


def test_the_same_data_set_twice_for_one_holder_is_refused():
    error = refused(mapped(), "add_dataset", ANA, name="attendance  RECORDS", holder="North School")
    assert "already" in error.message


def test_a_flow_is_stored_with_its_barriers_in_the_lists_order():
    flow = mapped()["flows"]["f5"]
    assert flow["recipient"] == "City Clinic" and flow["dataset"] == "d4"
    assert flow["barriers"] == ["legal", "consent"] and flow["notes"] == {}
    assert flow["agreement"] == "dsa" and flow["status"] == "needed"


def test_a_flow_to_the_holder_itself_is_refused():
    error = refused(mapped(), "add_flow", BEN, dataset_id="d4", **{**FLOW, "recipient": " north SCHOOL "})
    assert error.field == "recipient" and "North School holds this data already" in error.message


@pytest.mark.parametrize(("change", "field"), [
    ({"barriers": ["legal", "gravity"]}, "barriers"),
    ({"agreement": "handshake"}, "agreement"),
    ({"status": "done"}, "status"),
    ({"purpose": ""}, "purpose"),
    ({"purpose": "p" * 281}, "purpose"),
    ({"purpose": "<img src=x onerror=alert(1)>"}, "purpose"),
    ({"recipient": ""}, "recipient"),
    ({"barrier_note": "<b>bold</b>"}, "barrier_note"),
])
def test_bad_flows_are_refused_with_the_field(change, field):
    state = act(mapped(), "add_dataset", BEN, name="Clinic visits", holder="")
    error = refused(state, "add_flow", BEN, dataset_id="d6", **{**FLOW, "recipient": "Homes Trust", **change})
    assert error.field == field


def test_plain_text_with_a_less_than_sign_is_fine():
    state = act(mapped(), "add_flow", BEN, dataset_id="d4", **{**FLOW, "recipient": "Homes Trust",
                                                                "purpose": "Children aged < 5"})
    assert state["flows"]["f6"]["purpose"] == "Children aged < 5"


def test_a_flow_of_an_unknown_data_set_is_refused():
    assert "no longer on the map" in refused(mapped(), "add_flow", ANA, dataset_id="d99", **FLOW).message


def test_the_same_flow_twice_is_refused():
    assert "already" in refused(mapped(), "add_flow", BEN, dataset_id="d4", **FLOW).message


def test_only_the_author_or_the_facilitator_edits_a_flow():
    state = mapped()
    assert "your own flows" in refused(state, "edit_flow", BEN, flow_id="f5", dataset_id="d4", **FLOW).message
    state = act(state, "edit_flow", ANA, flow_id="f5", dataset_id="d4", **{**FLOW, "status": "in_progress"})
    assert state["flows"]["f5"]["status"] == "in_progress"
    state = act(state, "edit_flow", FAC, flow_id="f5", dataset_id="d4", **{**FLOW, "agreement": "anonymised"})
    assert state["flows"]["f5"]["agreement"] == "anonymised"
    assert state["flows"]["f5"]["author"]["id"] == "p:1"  # the facilitator's edit keeps the author


def test_editing_a_data_set_to_be_held_by_its_recipient_is_refused():
    error = refused(mapped(), "edit_dataset", ANA, dataset_id="d4", name="Attendance", holder="City Clinic")
    assert error.field == "holder"


def test_others_note_an_obstacle_and_take_only_theirs_back():
    state = act(mapped(), "add_barrier_note", BEN, flow_id="f5", barrier="technical", text="Our systems cannot link")
    note = state["flows"]["f5"]["notes"]["b6"]
    assert note["barrier"] == "technical" and note["author"]["id"] == "p:2"
    assert "your own" in refused(state, "delete_barrier_note", ANA, flow_id="f5", note_id="b6").message
    assert act(state, "delete_barrier_note", BEN, flow_id="f5", note_id="b6")["flows"]["f5"]["notes"] == {}
    assert act(state, "delete_barrier_note", FAC, flow_id="f5", note_id="b6")["flows"]["f5"]["notes"] == {}


@pytest.mark.parametrize(("barrier", "text", "field"), [("gravity", "Heavy", "barrier"), ("trust", " ", "text"),
                                                        ("trust", "t" * 281, "text"), ("trust", "<script>", "text")])
def test_bad_obstacle_notes_are_refused(barrier, text, field):
    assert refused(mapped(), "add_barrier_note", BEN, flow_id="f5", barrier=barrier, text=text).field == field


def test_an_obstacle_on_a_removed_flow_is_refused():
    state = act(mapped(), "delete_flow", ANA, flow_id="f5")
    assert "no longer" in refused(state, "add_barrier_note", BEN, flow_id="f5", barrier="trust", text="x").message


def test_a_participant_cannot_delete_a_data_set_others_mapped_flows_of():
    state = act(mapped(), "add_flow", BEN, dataset_id="d4", **{**FLOW, "recipient": "Homes Trust"})
    assert "facilitator" in refused(state, "delete_dataset", ANA, dataset_id="d4").message
    gone = act(state, "delete_dataset", FAC, dataset_id="d4")
    assert gone["datasets"] == {} and gone["flows"] == {}
    assert act(mapped(), "delete_dataset", ANA, dataset_id="d4")["flows"] == {}


def test_removing_an_organisation_keeps_the_flows_that_name_it():
    state = act(mapped(), "remove_organisation", FAC, organisation_id="o2")
    assert "City Clinic" not in [o["name"] for o in state["organisations"].values()]
    assert state["flows"]["f5"]["recipient"] == "City Clinic"
    assert "no longer" in refused(state, "remove_organisation", FAC, organisation_id="o2").message


def test_adding_an_organisation_refuses_repeats_and_markup():
    state = act(mapped(), "add_organisation", FAC, name="Town Council")
    assert "Town Council" in [o["name"] for o in state["organisations"].values()]
    assert "already" in refused(state, "add_organisation", FAC, name="town council").message
    assert refused(state, "add_organisation", FAC, name="<i>x</i>").field == "name"


def test_apply_never_changes_its_input():
    state = mapped()
    before = copy.deepcopy(state)
    act(state, "add_barrier_note", BEN, flow_id="f5", barrier="trust", text="We were burnt before")
    act(state, "edit_flow", ANA, flow_id="f5", dataset_id="d4", **{**FLOW, "status": "in_place"})
    act(state, "remove_organisation", FAC, organisation_id="o1")
    assert state == before


def test_each_participant_adds_up_to_the_configured_number_of_data_sets():
    state = initial_state({**config(), "datasets_per_participant": 2})
    state = act(state, "add_dataset", ANA, name="One", holder="")
    state = act(state, "add_dataset", ANA, name="Two", holder="")
    assert "all 2 of your data sets" in refused(state, "add_dataset", ANA, name="Three", holder="").message
    state = act(state, "add_dataset", BEN, name="Three", holder="")  # someone else still can
    assert len(act(state, "add_dataset", FAC, name="Four", holder="Homes Trust")["datasets"]) == 4
