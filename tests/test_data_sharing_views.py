"""Data-sharing map: what each audience sees (hidden switch, anonymous mode), the participant's
own part, the plan's checklist with its structured data, and the export rows."""
import json

from app.exercises import Action, Actor, Audience
from plugins.data_sharing import exercise, forms
from tests.roster_helpers import exported, names

ANA = Actor(role="participant", id="p:1", name="Ana", organisation="North School", sector="Education")
BEN = Actor(role="participant", id="p:2", name="Ben", organisation="City Clinic", sector="Health")
FAC = Actor(role="facilitator", id="f:1", name="Fran")
ACTORS = (ANA, BEN, FAC)
ROSTER = names(*ACTORS)
FLOW = {"purpose": "Spot children missing health checks", "barriers": ["consent"], "barrier_note": "Parents worry",
        "agreement": "dsa", "status": "needed"}


def act(state, type_, actor, **data):
    return exercise.apply(state, Action(type_, data), actor)


def room():
    state = exercise.initial_state({**forms.DataSharingConfigForm().data, "organisations": "North School\nCity Clinic"})
    state = act(state, "add_dataset", ANA, name="Attendance records", holder="")  # d3
    state = act(state, "add_flow", ANA, dataset_id="d3", recipient="City Clinic", **FLOW)  # f4
    state = act(state, "add_flow", ANA, dataset_id="d3", recipient="Youth Club", **{**FLOW, "agreement": "none"})  # f5
    state = act(state, "add_barrier_note", BEN, flow_id="f4", barrier="technical", text="Our systems cannot link")  # b6
    return state


def test_everyone_sees_the_map_with_authors_by_name():
    view = exercise.view(room(), Audience(role="screen", names=ROSTER))
    assert view["datasets"]["d3"]["holder"] == "North School"
    assert view["flows"]["f4"]["notes"]["b6"]["author"]["name"] == "Ben"
    assert view["flows"]["f4"]["author"]["name"] == "Ana"
    assert isinstance(view["flows"], dict) and isinstance(view["flows"]["f4"]["notes"], dict)


def test_typed_in_organisations_join_the_list_unlisted():
    orgs = exercise.view(room(), Audience(role="screen", names=ROSTER))["organisations"]
    assert {o["name"]: o["listed"] for o in orgs.values()} == {"North School": True, "City Clinic": True,
                                                               "Youth Club": False}


def test_an_organisation_removed_from_the_list_still_shows_on_its_flows():
    state = act(room(), "remove_organisation", FAC, organisation_id="o2")
    view = exercise.view(state, Audience(role="screen", names=ROSTER))
    assert view["flows"]["f4"]["recipient"] == "City Clinic"
    assert {o["name"]: o["listed"] for o in view["organisations"].values()}["City Clinic"] is False


def test_hidden_means_no_text_for_participants_and_screen_but_the_facilitator_sees_all():
    for role in ("participant", "screen"):
        view = exercise.view(room(), Audience(role=role, hidden=True, names=ROSTER))
        text = json.dumps(view)
        assert view["datasets"] == {} and view["flows"] == {} and view["hidden_count"] == 3
        assert "Attendance" not in text and "Youth Club" not in text and "cannot link" not in text
    assert exercise.view(room(), Audience(role="facilitator", hidden=True, names=ROSTER))["flows"]["f4"]


def test_anonymous_mode_shows_no_names_and_no_small_sector():
    view = exercise.view(room(), Audience(role="participant", anonymous=True, names=ROSTER,
                                          sector_sizes={"Education": 1, "Health": 1}))
    text = json.dumps(view)
    assert "Ana" not in text and "Ben" not in text and "p:1" not in text and "p:2" not in text
    assert view["flows"]["f4"]["notes"]["b6"]["author"] == {}


def test_personal_marks_what_the_participant_wrote():
    state = room()
    ana = exercise.personal(state, Audience(role="participant", participant_id="p:1", names=ROSTER))
    ben = exercise.personal(state, Audience(role="participant", participant_id="p:2", names=ROSTER))
    assert ana == {"datasets": {"d3": True}, "flows": {"f4": True, "f5": True}, "notes": {}}
    assert ben == {"datasets": {}, "flows": {}, "notes": {"b6": "f4"}}


def test_the_plan_has_one_checklist_item_per_flow_that_needs_an_agreement():
    items = exercise.plan(room(), {})
    assert [i["ref"] for i in items] == ["flow:f4"]  # f5 needs no agreement
    item = items[0]
    assert item["section"] == "data_sharing"
    assert item["title"] == "Attendance records: from North School to City Clinic"
    assert "Data-sharing agreement (Needed)" in item["text"] and "Consent, Technical" in item["text"]
    data = item["data"]
    assert (data["holder"], data["recipient"], data["dataset"]) == ("North School", "City Clinic", "Attendance records")
    assert data["purpose"] == FLOW["purpose"] and data["barriers"] == ["consent", "technical"]
    assert data["agreement"] == "dsa" and data["status"] == "needed"
    assert data["barrier_notes"] == ["Our systems cannot link", "Parents worry"]
    assert sorted(item["sectors"]) == ["Education", "Health"]
    json.dumps(items)


def test_plan_data_words_say_the_keys_in_words():
    words = exercise.plan_data_words({"agreement": "consent_form", "status": "in_place",
                                      "barriers": ["legal", "trust"]})
    assert words == {"agreement": "Consent form", "status": "In place", "barriers": "Legal, Trust"}


def test_export_rows_carry_authors_only_in_author_columns():
    rows = exported(exercise.contributions(room()), *ACTORS)
    assert [r["kind"] for r in rows] == ["data set", "flow", "obstacle", "flow"]
    obstacle = rows[2]
    assert obstacle["author"] == "Ben" and obstacle["organisation"] == "City Clinic"
    assert obstacle["holder"] == "North School" and obstacle["barriers"] == ["technical"]


# -- measures ------------------------------------------------------------------------------------


def test_measures_count_the_flows_and_those_with_their_agreement_in_place():
    state = act(room(), "add_flow", BEN, dataset_id="d3", recipient="Town Council",
                **{**FLOW, "status": "in_place"})
    found = {m.key: m.value for m in exercise.measures(state, {})}
    # Three flows; the one to the Youth Club needs no agreement; one of the other two has it.
    assert found == {"flows": 3, "flows_needing_agreement": 2, "flows_agreement_in_place": 1}
