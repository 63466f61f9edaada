"""Reframing prompts: the pure reducer and its forms, tested without an app."""
import copy
import json

import pytest

from app.exercises import Action, Actor, DomainError
from app.exercises import phases as step_phases
from app.exercises.validation import validate
from plugins.reframing import exercise, forms

ANA = Actor(role="participant", id="p:1", name="Ana", organisation="North School", sector="Education")
BEN = Actor(role="participant", id="p:2", name="Ben", organisation="City Clinic", sector="Health")
CAL = Actor(role="participant", id="p:3", name="Cal", organisation="South School", sector="education")
DEE = Actor(role="participant", id="p:4", name="Dee", organisation="Homes Trust", sector="Housing")
FAC = Actor(role="facilitator", id="f:1", name="Fran")


def config(**overrides):
    return {**forms.ReframingConfigForm().data, **overrides}


def fresh(**overrides):
    return exercise.initial_state(config(**overrides))


def act(state, type_, actor=ANA, **data):
    return exercise.apply(state, Action(type_, data), actor)


def refused(state, type_, actor=ANA, match=None, **data):
    """The action raises a DomainError and leaves the state exactly as it was."""
    before = copy.deepcopy(state)
    with pytest.raises(DomainError, match=match) as info:
        act(state, type_, actor, **data)
    assert state == before
    return info.value


UNSTABLE = "Fewer pupils missing school because home is unstable"


def with_reframe(state=None, actor=BEN, sector="Education", text=UNSTABLE):
    state = act(state or fresh(), "add_reframe", actor, sector=sector, prompt="", text=text)
    return state, [r for r in state["reframes"] if state["reframes"][r]["text"] == text][0]


# -- initial state and config ---------------------------------------------------------------


def test_default_config_validates_and_gives_json_safe_state():
    data, errors = validate(forms.ReframingConfigForm, forms.ReframingConfigForm().data)
    assert errors is None, errors
    state = fresh()
    json.dumps(state)
    assert state["config"]["sectors"] == ["Education", "Health"]
    assert len(state["config"]["prompts"]) == 5
    assert "phase" not in state and "revealed" not in state and state["next_id"] == 1


def test_config_lines_are_cleaned_and_deduplicated():
    state = fresh(sectors=" Education \n\nhealth\nEDUCATION\nHousing ", prompts="One?\n one? \nTwo?")
    assert state["config"]["sectors"] == ["Education", "health", "Housing"]
    assert state["config"]["prompts"] == ["One?", "Two?"]


@pytest.mark.parametrize("payload, field", [
    ({"issue": "x", "sectors": "  \n ", "prompts": "p", "priorities_per_person": 5, "reframes_per_person": 3,
      "max_length": 280}, "sectors"),
    ({"issue": "x", "sectors": "A", "prompts": "", "priorities_per_person": 5, "reframes_per_person": 3,
      "max_length": 280}, "prompts"),
    ({"issue": "x", "sectors": "\n".join(f"S{i}" for i in range(13)), "prompts": "p", "priorities_per_person": 5,
      "reframes_per_person": 3, "max_length": 280}, "sectors"),
    ({"issue": "", "sectors": "A", "prompts": "p", "priorities_per_person": 5, "reframes_per_person": 3,
      "max_length": 280}, "issue"),
    ({"issue": "x", "sectors": "A", "prompts": "p", "priorities_per_person": 0, "reframes_per_person": 3,
      "max_length": 280}, "priorities_per_person"),
    ({"issue": "x", "sectors": "A", "prompts": "p", "priorities_per_person": 5, "reframes_per_person": 3,
      "max_length": 5}, "max_length"),
])
def test_config_form_rejects_bad_values(payload, field):
    data, errors = validate(forms.ReframingConfigForm, payload)
    assert data is None and field in errors


def test_config_form_accepts_a_good_post():
    data, errors = validate(forms.ReframingConfigForm, {
        "issue": "Young people leaving care", "sectors": "Education\nHousing", "prompts": "What load?",
        "ratings_hidden": "y", "priorities_per_person": "4", "reframes_per_person": "2", "max_length": "200"})
    assert errors is None
    assert data["ratings_hidden"] is True and data["priorities_per_person"] == 4


def test_partnership_defaults_take_purpose_and_sectors():
    defaults = exercise.partnership_defaults(
        {"name": "P", "purpose": " Every child housed ", "sectors": ["Education", "Health", "education"],
         "organisations": ["A"]})
    assert defaults == {"issue": "Every child housed", "sectors": "Education\nHealth"}
    assert exercise.partnership_defaults({"name": "P", "purpose": "", "sectors": [], "organisations": []}) == {}
    # The defaults are valid config values.
    _, errors = validate(forms.ReframingConfigForm, {**forms.ReframingConfigForm().data, **defaults})
    assert errors is None


# -- their priorities -------------------------------------------------------------------------


def test_add_priority_marks_insiders_case_insensitively():
    state = act(fresh(), "add_priority", ANA, sector="education", text="  Keeping  pupils in class ")
    state = act(state, "add_priority", BEN, sector="Education", text="Staff burnout")
    state = act(state, "add_priority", CAL, sector="Education", text="Attendance targets")
    rows = list(state["priorities"].values())
    assert [r["text"] for r in rows] == ["Keeping pupils in class", "Staff burnout", "Attendance targets"]
    assert [r["sector"] for r in rows] == ["Education"] * 3  # the configured spelling
    assert [r["insider"] for r in rows] == [True, False, True]
    assert rows[0]["author"] == ANA.as_author()
    assert state["next_id"] == 4


def test_add_priority_for_a_sector_not_configured_is_refused():
    error = refused(fresh(), "add_priority", sector="Police", text="x", match="not one this step reframes for")
    assert error.field == "sector"


def test_add_priority_blank_or_too_long_is_refused():
    assert refused(fresh(), "add_priority", sector="Health", text="   ").field == "text"
    error = refused(fresh(max_length=20), "add_priority", sector="Health", text="x" * 21, match="under 20")
    assert error.field == "text"


def test_priority_limit_is_per_person_per_sector():
    state = fresh(priorities_per_person=1)
    state = act(state, "add_priority", ANA, sector="Health", text="Waiting lists")
    refused(state, "add_priority", ANA, sector="Health", text="Another", match="all 1 of your priorities")
    state = act(state, "add_priority", ANA, sector="Education", text="Other sector is fine")
    state = act(state, "add_priority", BEN, sector="Health", text="Other person is fine")
    state = act(state, "add_priority", FAC, sector="Health", text="Facilitator has no limit")
    assert len(state["priorities"]) == 4


def test_edit_and_delete_priority_only_own_or_facilitator():
    state = act(fresh(), "add_priority", ANA, sector="Health", text="Waiting lists")
    pid = next(iter(state["priorities"]))
    refused(state, "edit_priority", BEN, priority_id=pid, text="Mine now", match="only change what you wrote")
    refused(state, "delete_priority", BEN, priority_id=pid, match="only change what you wrote")
    state = act(state, "edit_priority", ANA, priority_id=pid, text="Long waiting lists")
    assert state["priorities"][pid]["text"] == "Long waiting lists"
    state = act(state, "edit_priority", FAC, priority_id=pid, text="Waiting lists for clinics")
    assert state["priorities"][pid]["text"] == "Waiting lists for clinics"
    refused(state, "edit_priority", ANA, priority_id=pid, text=" ")
    state = act(state, "delete_priority", FAC, priority_id=pid)
    assert state["priorities"] == {}
    refused(state, "delete_priority", ANA, priority_id=pid, match="no longer exists")
    refused(state, "edit_priority", ANA, priority_id=pid, text="x", match="no longer exists")


def test_deleting_a_priority_drops_it_from_reframe_links():
    state = act(fresh(), "add_priority", ANA, sector="Education", text="Attendance")
    pid = next(iter(state["priorities"]))
    state, rid = with_reframe(state)
    state = act(state, "connect_priority", BEN, reframe_id=rid, priority_id=pid, connected=True)
    assert state["reframes"][rid]["links"] == [pid]
    state = act(state, "delete_priority", ANA, priority_id=pid)
    assert state["reframes"][rid]["links"] == []


# -- reframes ---------------------------------------------------------------------------------


def test_add_reframe_records_prompt_sector_and_insider():
    state = act(fresh(), "add_reframe", CAL, sector="EDUCATION", prompt="2", text="Help pupils with shaky homes")
    reframe = next(iter(state["reframes"].values()))
    assert reframe["sector"] == "Education" and reframe["insider"] is True
    assert reframe["prompt"] == state["config"]["prompts"][1]
    assert reframe["links"] == [] and reframe["original"] == ""


@pytest.mark.parametrize("prompt", ["0", "6", "x", "-1"])
def test_add_reframe_with_unknown_prompt_is_refused(prompt):
    error = refused(fresh(), "add_reframe", sector="Health", prompt=prompt, text="x", match="listed prompts")
    assert error.field == "prompt"


def test_add_reframe_checks_sector_text_and_limit():
    refused(fresh(), "add_reframe", sector="Justice", prompt="", text="x", match="not one this step")
    refused(fresh(), "add_reframe", sector="Health", prompt="", text="", match="Write something")
    state = act(fresh(reframes_per_person=1), "add_reframe", ANA, sector="Health", prompt="", text="One")
    refused(state, "add_reframe", ANA, sector="Health", prompt="", text="Two", match="all 1 of your reframes")


def test_author_edits_only_until_others_rate():
    state, rid = with_reframe()
    refused(state, "edit_reframe", ANA, reframe_id=rid, text="Hijack", match="only change what you wrote")
    state = act(state, "edit_reframe", BEN, reframe_id=rid, text="Pupils do better when home is steady")
    assert state["reframes"][rid]["text"] == "Pupils do better when home is steady"
    state = act(state, "rate", ANA, reframe_id=rid, score=4)
    refused(state, "edit_reframe", BEN, reframe_id=rid, text="Changed after rating", match="rated this wording")


def test_facilitator_rewords_and_keeps_the_first_wording():
    state, rid = with_reframe()
    state = act(state, "rate", ANA, reframe_id=rid, score=3)
    state = act(state, "reword_reframe", FAC, reframe_id=rid, text="Steadier homes, steadier attendance")
    state = act(state, "reword_reframe", FAC, reframe_id=rid, text="Steady homes help attendance")
    reframe = state["reframes"][rid]
    assert reframe["text"] == "Steady homes help attendance"
    assert reframe["original"] == "Fewer pupils missing school because home is unstable"
    assert state["ratings"][rid]["p:1"]["score"] == 3  # ratings survive a rewording with the room
    refused(state, "reword_reframe", FAC, reframe_id="r99", text="x", match="no longer exists")
    refused(state, "reword_reframe", FAC, reframe_id=rid, text="  ", match="Write something")


def test_delete_reframe_drops_ratings_and_choice():
    state, rid = with_reframe()
    state = act(state, "rate", ANA, reframe_id=rid, score=5)
    state = act(state, "choose_framing", FAC, reframe_id=rid)
    refused(state, "delete_reframe", ANA, reframe_id=rid, match="only change what you wrote")
    state = act(state, "delete_reframe", BEN, reframe_id=rid)
    assert state["reframes"] == {} and state["ratings"] == {} and state["chosen"] == {}
    refused(state, "delete_reframe", BEN, reframe_id=rid, match="no longer exists")


def test_connect_priority_toggles_and_checks_sector_and_ownership():
    state = act(fresh(), "add_priority", ANA, sector="Education", text="Attendance")
    state = act(state, "add_priority", ANA, sector="Health", text="Waiting lists")
    edu, health = list(state["priorities"])
    state, rid = with_reframe(state)
    state = act(state, "connect_priority", BEN, reframe_id=rid, priority_id=edu, connected=True)
    state = act(state, "connect_priority", BEN, reframe_id=rid, priority_id=edu, connected=True)
    assert state["reframes"][rid]["links"] == [edu]  # connecting twice keeps one link
    refused(state, "connect_priority", BEN, reframe_id=rid, priority_id=health, connected=True,
            match="one of Education's priorities")
    refused(state, "connect_priority", ANA, reframe_id=rid, priority_id=edu, connected=False,
            match="only change what you wrote")
    refused(state, "connect_priority", BEN, reframe_id=rid, priority_id="p99", connected=True, match="no longer exists")
    state = act(state, "connect_priority", FAC, reframe_id=rid, priority_id=edu, connected=False)
    assert state["reframes"][rid]["links"] == []


# -- would it land? ---------------------------------------------------------------------------


def test_rate_stores_score_and_insider_and_rerating_replaces():
    state, rid = with_reframe()
    state = act(state, "rate", ANA, reframe_id=rid, score=2)
    state = act(state, "rate", DEE, reframe_id=rid, score=5)
    state = act(state, "rate", ANA, reframe_id=rid, score=4)
    assert state["ratings"][rid]["p:1"]["score"] == 4 and state["ratings"][rid]["p:1"]["insider"] is True
    assert state["ratings"][rid]["p:4"]["insider"] is False
    assert len(state["ratings"][rid]) == 2


def test_rating_ones_own_reframe_is_refused():
    state, rid = with_reframe()
    refused(state, "rate", BEN, reframe_id=rid, score=5, match="can't rate your own")


@pytest.mark.parametrize("score", [0, 6, -1, 100, "4", None, True])
def test_ratings_off_the_scale_are_refused_by_the_reducer(score):
    state, rid = with_reframe()
    assert refused(state, "rate", ANA, reframe_id=rid, score=score, match="1 to 5").field == "score"


def test_facilitator_cannot_rate_and_missing_reframe_is_refused():
    state, rid = with_reframe()
    refused(state, "rate", FAC, reframe_id=rid, score=3, match="for participants")
    refused(state, "rate", ANA, reframe_id="r42", score=3, match="no longer exists")


def test_unrate_takes_a_rating_back():
    state, rid = with_reframe()
    refused(state, "unrate", ANA, reframe_id=rid, match="not rated")
    state = act(state, "rate", ANA, reframe_id=rid, score=3)
    state = act(state, "unrate", ANA, reframe_id=rid)
    assert state["ratings"][rid] == {}
    refused(state, "unrate", ANA, reframe_id=rid, match="not rated")


def test_phases_are_declared_to_the_core_and_hold_no_action_back():
    """The room's phase belongs to the core (Step.phase, its step_phase control); reframing
    only declares them, in order, and every action stays possible in each of them."""
    assert [p.key for p in exercise.phases_for({})] == ["priorities", "reframe", "rate", "choose"]
    assert "set_phase" not in exercise.actions and "reveal_ratings" not in exercise.actions
    for phase in exercise.phases:
        for action_type in exercise.actions:
            assert step_phases.refusal(exercise, {}, phase.key, action_type, "participant") is None


# -- choose -----------------------------------------------------------------------------------


def test_choose_one_framing_per_sector_and_clear_it():
    state, first = with_reframe()
    state, second = with_reframe(state, actor=ANA, text="Less load on form tutors")
    state, health = with_reframe(state, actor=ANA, sector="Health", text="Fewer repeat visits from families")
    state = act(state, "choose_framing", FAC, reframe_id=first)
    state = act(state, "choose_framing", FAC, reframe_id=second)
    state = act(state, "choose_framing", FAC, reframe_id=health)
    assert state["chosen"] == {"Education": second, "Health": health}
    refused(state, "choose_framing", FAC, reframe_id="r99", match="no longer exists")
    state = act(state, "clear_choice", FAC, sector="education")
    assert state["chosen"] == {"Health": health}
    refused(state, "clear_choice", FAC, sector="Education", match="No framing is chosen")
    refused(state, "clear_choice", FAC, sector="Police", match="not one this step")


def test_unknown_action_is_refused():
    refused(fresh(), "shout", text="x", match="Unknown action")


# -- purity -----------------------------------------------------------------------------------


def script():
    """A run through every action type, by several actors."""
    return [
        ("add_priority", ANA, {"sector": "Education", "text": "Attendance"}),
        ("add_priority", BEN, {"sector": "Health", "text": "Waiting lists"}),
        ("edit_priority", BEN, {"priority_id": "p2", "text": "Long waiting lists"}),
        ("add_reframe", BEN, {"sector": "Education", "prompt": "1", "text": "Lighter load for teachers"}),
        ("add_reframe", ANA, {"sector": "Health", "prompt": "", "text": "Fewer repeat visits"}),
        ("edit_reframe", ANA, {"reframe_id": "r4", "text": "Fewer repeat clinic visits"}),
        ("connect_priority", BEN, {"reframe_id": "r3", "priority_id": "p1", "connected": True}),
        ("rate", ANA, {"reframe_id": "r3", "score": 5}),
        ("rate", CAL, {"reframe_id": "r3", "score": 4}),
        ("rate", BEN, {"reframe_id": "r4", "score": 2}),
        ("unrate", BEN, {"reframe_id": "r4"}),
        ("reword_reframe", FAC, {"reframe_id": "r3", "text": "Less social care load for teachers"}),
        ("choose_framing", FAC, {"reframe_id": "r3"}),
        ("choose_framing", FAC, {"reframe_id": "r4"}),
        ("clear_choice", FAC, {"sector": "Health"}),
        ("add_priority", CAL, {"sector": "Education", "text": "Exam results"}),
        ("delete_priority", CAL, {"priority_id": "p5"}),
        ("add_reframe", CAL, {"sector": "Health", "prompt": "", "text": "Temporary"}),
        ("delete_reframe", CAL, {"reframe_id": "r6"}),
    ]


def run(state):
    for type_, actor, data in script():
        state = act(state, type_, actor, **data)
    return state


def test_script_covers_every_action_type():
    assert {t for t, _, _ in script()} == set(exercise.actions)


def test_apply_never_mutates_its_input():
    state = fresh()
    for type_, actor, data in script():
        before = copy.deepcopy(state)
        new = act(state, type_, actor, **data)
        assert state == before, type_
        state = new
    json.dumps(state)


def test_apply_is_deterministic():
    assert run(fresh()) == run(fresh())
    assert json.dumps(run(fresh()), sort_keys=True) == json.dumps(run(fresh()), sort_keys=True)


# -- action forms -----------------------------------------------------------------------------


@pytest.mark.parametrize("form, payload", [
    (forms.AddPriorityForm, {"sector": "Health", "text": "Waits"}),
    (forms.EditPriorityForm, {"priority_id": "p1", "text": "Waits"}),
    (forms.PriorityIdForm, {"priority_id": "p1"}),
    (forms.AddReframeForm, {"sector": "Health", "prompt": "2", "text": "Fewer visits"}),
    (forms.AddReframeForm, {"sector": "Health", "text": "No prompt is fine"}),
    (forms.EditReframeForm, {"reframe_id": "r1", "text": "x"}),
    (forms.ReframeIdForm, {"reframe_id": "r1"}),
    (forms.RateForm, {"reframe_id": "r1", "score": "5"}),
    (forms.RateForm, {"reframe_id": "r1", "score": 1}),
    (forms.ConnectForm, {"reframe_id": "r1", "priority_id": "p1", "connected": True}),
    (forms.SectorForm, {"sector": "Health"}),
])
def test_action_forms_accept_good_payloads(form, payload):
    data, errors = validate(form, payload)
    assert errors is None, errors


@pytest.mark.parametrize("form, payload, field", [
    (forms.AddPriorityForm, {"sector": "Health", "text": ""}, "text"),
    (forms.AddPriorityForm, {"text": "Waits"}, "sector"),
    (forms.AddPriorityForm, {"sector": "Health", "text": "x" * 1001}, "text"),
    (forms.AddReframeForm, {"sector": "Health", "prompt": "1234", "text": "x"}, "prompt"),
    (forms.RateForm, {"reframe_id": "r1", "score": "6"}, "score"),
    (forms.RateForm, {"reframe_id": "r1", "score": "0"}, "score"),
    (forms.RateForm, {"reframe_id": "r1", "score": "five"}, "score"),
    (forms.RateForm, {"reframe_id": "r1"}, "score"),
    (forms.RateForm, {"score": "3"}, "reframe_id"),
    (forms.ReframeIdForm, {"reframe_id": "r" * 30}, "reframe_id"),
    (forms.EditReframeForm, {"reframe_id": "r1", "text": "   "}, "text"),
])
def test_action_forms_reject_bad_payloads(form, payload, field):
    data, errors = validate(form, payload)
    assert data is None and field in errors


def test_rate_form_gives_an_int_and_connect_form_a_bool():
    data, _ = validate(forms.RateForm, {"reframe_id": "r1", "score": "3"})
    assert data["score"] == 3
    data, _ = validate(forms.ConnectForm, {"reframe_id": "r1", "priority_id": "p1"})
    assert data["connected"] is False


def test_validated_form_data_drives_the_reducer():
    """The reducer works with exactly what the forms hand over (strings, ints, bools)."""
    state, rid = with_reframe()
    data, _ = validate(forms.RateForm, {"reframe_id": rid, "score": "4"})
    state = exercise.apply(state, Action("rate", data), ANA)
    assert state["ratings"][rid]["p:1"]["score"] == 4
    data, _ = validate(forms.AddReframeForm, {"sector": "Health", "text": "From a form"})
    state = exercise.apply(state, Action("add_reframe", data), ANA)
    assert any(r["text"] == "From a form" and r["prompt"] == "" for r in state["reframes"].values())


def test_action_specs_roles_and_statuses():
    participant_actions = {"add_priority", "edit_priority", "delete_priority", "add_reframe", "edit_reframe",
                           "delete_reframe", "connect_priority", "rate", "unrate"}
    for type_, spec in exercise.actions.items():
        if type_ in participant_actions:
            assert spec.roles == {"participant", "facilitator"} and spec.statuses == {"open"}, type_
        else:
            assert spec.roles == {"facilitator"} and spec.statuses == {"open", "locked"}, type_
