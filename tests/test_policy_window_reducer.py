"""Pure tests of the Policy window canvas reducer and forms: no app, no database."""
import copy
import json
from datetime import date

import pytest

from app.exercises import Action, Actor, DomainError
from app.exercises.validation import validate
from plugins.policy_window import exercise, forms
from plugins.policy_window.reducer import add_months, horizon
from tests import phase_helpers

ANA = Actor(role="participant", id="p:1", name="Ana", organisation="North School", sector="Education")
BEN = Actor(role="participant", id="p:2", name="Ben", organisation="City Clinic", sector="Health")
FAC = Actor(role="facilitator", id="f:1", name="Fran")


def config(**overrides):
    data, errors = validate(forms.PolicyWindowConfigForm, {
        **{f.name: f.data for f in forms.PolicyWindowConfigForm() if f.type != "BooleanField"},
        "use_politics": True, "use_people": True, "use_power": True, "ratings_hidden": True,
        "horizon_start": "2026-11-23", **overrides,
    })
    assert errors is None, errors
    return data


def fresh(**overrides):
    return exercise.initial_state(config(**overrides))


def run(state, action_type, actor, **data):
    """Validate ``data`` through the action's form and check the phase (as the engine does), then apply it."""
    clean, errors = validate(exercise.actions[action_type].form, data)
    assert errors is None, errors
    return phase_helpers.apply(exercise, state, Action(action_type, clean), actor)


def refused(state, action_type, actor, match, field=None, **data):
    before = copy.deepcopy(state)
    with pytest.raises(DomainError, match=match) as caught:
        run(state, action_type, actor, **data)
    assert state == before, "a refused action changed the state"
    if field:
        assert caught.value.field == field
    return caught.value


def note(state, actor=ANA, column="politics", text="Council elections in May", effect="opens", influence="partly",
         when=""):
    return run(state, "add_note", actor, column=column, text=text, effect=effect, influence=influence, date=when)


#: The core's refusal of a participant action the room's phase does not allow.
NOT_IN_PHASE = "phase: the facilitator moves the room on"


def at(state, phase):
    return phase_helpers.at(state, phase)


def only_id(state):
    return next(iter(state["notes"]))


# -- initial state and config --------------------------------------------------------------


def test_initial_state_keeps_config_and_the_three_ps():
    state = fresh()
    assert state["config"]["columns"] == ["politics", "people", "power"]
    assert set(state["config"]["prompts"]) == {"politics", "people", "power"}
    assert phase_helpers.phase_of(exercise, state) == "map" and state["notes"] == {}
    assert "phase" not in state and "revealed" not in state, "the core keeps the phase and the hide switch"
    json.dumps(state)


def test_only_the_ps_chosen_are_columns():
    state = fresh(use_people=False)
    assert state["config"]["columns"] == ["politics", "power"]


def test_default_config_form_is_valid_and_json_safe():
    data = forms.PolicyWindowConfigForm().data
    json.dumps(exercise.initial_state(data))
    assert data["use_politics"] and data["use_people"] and data["use_power"]
    assert date.fromisoformat(data["horizon_start"])


def test_config_needs_at_least_one_p():
    data, errors = validate(forms.PolicyWindowConfigForm, {"focus": "x", "votes": 3, "notes_per_participant": 5,
                                                           "horizon_start": "2026-01-01", "horizon_months": 12})
    assert data is None and "use_politics" in errors


@pytest.mark.parametrize("field,value", [("votes", "21"), ("votes", "-1"), ("horizon_months", "0"),
                                         ("horizon_start", "next week"), ("horizon_start", "2026-02-30"),
                                         ("focus", "")])
def test_config_rejects_bad_values(field, value):
    payload = {"focus": "x", "use_politics": True, "votes": 3, "notes_per_participant": 5,
               "horizon_start": "2026-01-01", "horizon_months": 12, field: value}
    data, errors = validate(forms.PolicyWindowConfigForm, payload)
    assert data is None and field in errors


def test_partnership_defaults_use_the_purpose():
    assert exercise.partnership_defaults({"purpose": "  Keep young people housed  "}) == {
        "focus": "Keep young people housed"}
    assert exercise.partnership_defaults({"purpose": ""}) == {}
    long = exercise.partnership_defaults({"purpose": "x" * 500})["focus"]
    assert len(long) == 200


# -- notes -------------------------------------------------------------------------------


def test_add_note_stores_everything_with_author():
    state = note(fresh(), when="2027-05-06", text="  Council   elections in May ")
    [item] = state["notes"].values()
    assert item["text"] == "Council elections in May"
    assert item["column"] == "politics" and item["effect"] == "opens" and item["influence"] == "partly"
    assert item["date"] == "2027-05-06"
    assert item["author"] == ANA.as_author()
    assert state["next_id"] == 2


def test_note_without_date_has_empty_date():
    state = note(fresh())
    assert state["notes"][only_id(state)]["date"] == ""


def test_note_to_a_column_that_is_not_configured_is_refused():
    state = fresh(use_power=False)
    refused(state, "add_note", ANA, "Power is not part of this canvas", field="column", column="power",
            text="Local paper campaign", effect="opens", influence="yes")


def test_note_to_an_unknown_column_is_refused_by_the_form():
    data, errors = validate(forms.AddNoteForm, {"column": "economy", "text": "x", "effect": "opens",
                                                "influence": "yes"})
    assert data is None and errors["column"] == ["Pick Politics, People or Power."]


@pytest.mark.parametrize("field,value", [("effect", "maybe"), ("influence", "lots"), ("text", ""),
                                         ("text", "x" * 1001), ("date", "next spring"), ("date", "2027-13-01")])
def test_add_note_form_rejects_bad_payloads(field, value):
    payload = {"column": "people", "text": "The new head of services", "effect": "opens", "influence": "yes",
               field: value}
    data, errors = validate(forms.AddNoteForm, payload)
    assert data is None and field in errors


def test_unparseable_date_message_is_readable():
    _, errors = validate(forms.AddNoteForm, {"column": "people", "text": "x", "effect": "opens",
                                             "influence": "yes", "date": "soon"})
    assert "calendar day" in errors["date"][0]


def test_dates_far_outside_the_horizon_are_refused():
    state = fresh(horizon_months=24)
    first, last = horizon(state["config"])
    assert (first, last) == (date(2025, 11, 23), date(2028, 11, 23))
    for when in ("2030-01-01", "2020-01-01", "2028-11-24", "2025-11-22"):
        refused(state, "add_note", ANA, "Pick a date between 2025-11-23 and 2028-11-23", field="date",
                column="politics", text="Budget", effect="closes", influence="no", date=when)
    for when in ("2028-11-23", "2025-11-23", "2026-11-23"):
        assert note(state, when=when)["notes"]


def test_text_that_is_only_spaces_is_refused():
    payload = {"column": "politics", "text": "   \n ", "effect": "opens", "influence": "yes"}
    data, errors = validate(forms.AddNoteForm, payload)
    assert data is None and errors["text"] == ["Write something first."]
    state = fresh()
    with pytest.raises(DomainError, match="Write something") as caught:
        exercise.apply(state, Action("add_note", {**payload, "date": None}), ANA)
    assert caught.value.field == "text" and state == fresh()


def test_long_note_is_refused():
    refused(fresh(), "add_note", ANA, "under 280", field="text", column="politics", text="x" * 300,
            effect="opens", influence="yes")


def test_note_limit_per_participant_but_not_for_facilitator():
    state = fresh(notes_per_participant=2)
    state = note(note(state))
    refused(state, "add_note", ANA, "all 2 of your notes", column="people", text="third", effect="opens",
            influence="yes")
    state = note(note(note(state, FAC), FAC), FAC)
    assert len(state["notes"]) == 5
    assert note(state, BEN)["notes"]


def test_date_from_the_log_as_text_is_accepted():
    # The action log stores dates as text; a replay must reduce to the same state.
    state = fresh()
    data = {"column": "politics", "text": "Budget", "effect": "closes", "influence": "no", "date": "2027-02-01"}
    replayed = exercise.apply(state, Action("add_note", data), ANA)
    assert replayed == note(state, text="Budget", effect="closes", influence="no", when="2027-02-01")
    with pytest.raises(DomainError):
        exercise.apply(state, Action("add_note", {**data, "date": "1 Feb"}), ANA)


def test_edit_own_note():
    state = note(fresh())
    nid = only_id(state)
    state = run(state, "edit_note", ANA, note_id=nid, column="people", text="New minister", effect="closes",
                influence="no", date="2027-01-10")
    item = state["notes"][nid]
    assert (item["column"], item["text"], item["effect"], item["influence"], item["date"]) == (
        "people", "New minister", "closes", "no", "2027-01-10")
    assert item["author"]["id"] == ANA.id


def test_edit_someone_elses_note_is_refused_but_facilitator_may():
    state = note(fresh())
    nid = only_id(state)
    refused(state, "edit_note", BEN, "only change your own", note_id=nid, column="people", text="x",
            effect="opens", influence="yes")
    state = run(state, "edit_note", FAC, note_id=nid, column="people", text="Tidied", effect="opens",
                influence="yes")
    assert state["notes"][nid]["text"] == "Tidied" and state["notes"][nid]["author"]["id"] == ANA.id


def test_edit_missing_note_is_refused():
    refused(fresh(), "edit_note", ANA, "no longer exists", note_id="n99", column="people", text="x",
            effect="opens", influence="yes")


def test_delete_note_drops_its_votes():
    state = note(note(fresh()), BEN, text="Other")
    first, second = list(state["notes"])
    state = run(at(state, "weigh"), "vote", BEN, note_id=first)
    state = run(state, "vote", BEN, note_id=second)
    state = run(state, "delete_note", ANA, note_id=first)
    assert first not in state["notes"] and state["votes"][BEN.id] == {second: 1}


def test_delete_someone_elses_note_is_refused():
    state = note(fresh())
    refused(state, "delete_note", BEN, "only change your own", note_id=only_id(state))
    assert run(state, "delete_note", FAC, note_id=only_id(state))["notes"] == {}


def test_delete_missing_note_is_refused():
    refused(fresh(), "delete_note", ANA, "no longer exists", note_id="n5")


def test_notes_are_closed_to_participants_once_the_room_reads_the_window():
    state = note(fresh())
    nid = only_id(state)
    state = at(state, "read")
    refused(state, "add_note", ANA, NOT_IN_PHASE, column="politics", text="late", effect="opens",
            influence="yes")
    refused(state, "edit_note", ANA, NOT_IN_PHASE, note_id=nid, column="politics", text="late",
            effect="opens", influence="yes")
    refused(state, "delete_note", ANA, NOT_IN_PHASE, note_id=nid)
    assert note(state, FAC)["notes"], "the facilitator can still add a note"
    assert note(at(state, "weigh"))["notes"], "late notes are welcome while weighing"


# -- votes ---------------------------------------------------------------------------------


def test_vote_and_unvote():
    state = at(note(fresh()), "weigh")
    nid = only_id(state)
    state = run(state, "vote", BEN, note_id=nid)
    assert state["votes"] == {BEN.id: {nid: 1}}
    state = run(state, "unvote", BEN, note_id=nid)
    assert state["votes"] == {BEN.id: {}}


def test_vote_before_weighing_is_refused():
    state = note(fresh())
    refused(state, "vote", BEN, NOT_IN_PHASE, note_id=only_id(state))


def test_votes_beyond_the_allowance_are_refused():
    state = fresh(votes=2)
    for i in range(3):
        state = note(state, text=f"note {i}")
    state = at(state, "weigh")
    ids = list(state["notes"])
    state = run(run(state, "vote", BEN, note_id=ids[0]), "vote", BEN, note_id=ids[1])
    refused(state, "vote", BEN, "all 2 of your votes", note_id=ids[2])


def test_one_vote_per_note_unless_stacking():
    state = at(note(fresh()), "weigh")
    nid = only_id(state)
    state = run(state, "vote", BEN, note_id=nid)
    refused(state, "vote", BEN, "One vote per note", note_id=nid)
    stacked = at(note(fresh(allow_stacking=True)), "weigh")
    stacked = run(run(stacked, "vote", BEN, note_id=nid), "vote", BEN, note_id=nid)
    assert stacked["votes"][BEN.id][nid] == 2
    stacked = run(stacked, "unvote", BEN, note_id=nid)
    assert stacked["votes"][BEN.id][nid] == 1


def test_no_voting_when_configured_with_zero_votes():
    state = at(note(fresh(votes=0)), "weigh")
    refused(state, "vote", BEN, "no voting", note_id=only_id(state))


def test_facilitator_does_not_vote():
    state = at(note(fresh()), "weigh")
    refused(state, "vote", FAC, "for participants", note_id=only_id(state))


def test_vote_for_missing_note_and_unvote_without_vote_are_refused():
    state = at(note(fresh()), "weigh")
    refused(state, "vote", BEN, "no longer exists", note_id="n42")
    refused(state, "unvote", BEN, "no vote on that note", note_id=only_id(state))


# -- ratings -------------------------------------------------------------------------------


def test_rate_each_p_and_overall_and_change_mind():
    state = at(fresh(), "read")
    for target, level in (("politics", "closed"), ("people", "opening"), ("power", "open"),
                          ("overall", "opening")):
        state = run(state, "rate", ANA, target=target, level=level)
    state = run(state, "rate", ANA, target="politics", level="opening")
    assert state["ratings"][ANA.id] == {
        "author": ANA.as_author(),
        "levels": {"politics": "opening", "people": "opening", "power": "open", "overall": "opening"},
    }


def test_clear_rating():
    state = run(at(fresh(), "read"), "rate", ANA, target="people", level="open")
    state = run(state, "rate", ANA, target="overall", level="open")
    state = run(state, "clear_rating", ANA, target="people")
    assert state["ratings"][ANA.id]["levels"] == {"overall": "open"}
    state = run(state, "clear_rating", ANA, target="overall")
    assert ANA.id not in state["ratings"]
    refused(state, "clear_rating", ANA, "not rated that", target="overall")


def test_ratings_outside_the_scale_are_refused_by_the_form():
    for payload in ({"target": "politics", "level": "ajar"}, {"target": "politics", "level": ""},
                    {"target": "politics", "level": "3"}):
        data, errors = validate(forms.RateForm, payload)
        assert data is None and errors["level"] == ["Rate it closed, opening or open."]
    data, errors = validate(forms.RateForm, {"target": "economy", "level": "open"})
    assert data is None and "target" in errors


def test_rating_outside_the_scale_is_refused_by_the_reducer_too():
    state = at(fresh(), "read")
    with pytest.raises(DomainError, match="closed, opening or open"):
        exercise.apply(state, Action("rate", {"target": "people", "level": "ajar"}), ANA)


def test_rating_a_p_that_is_not_configured_is_refused():
    state = at(fresh(use_people=False), "read")
    refused(state, "rate", ANA, "People is not part", field="target", target="people", level="open")


def test_rating_before_reading_and_by_facilitator_are_refused():
    refused(fresh(), "rate", ANA, NOT_IN_PHASE, target="overall", level="open")
    refused(at(fresh(), "read"), "rate", FAC, "rated by participants", target="overall", level="open")


def test_ratings_still_allowed_while_acting():
    state = run(at(fresh(), "act"), "rate", ANA, target="overall", level="open")
    assert state["ratings"][ANA.id]["levels"] == {"overall": "open"}


# -- facilitator: phases, reveal ---------------------------------------------------------------


def test_phases_are_declared_to_the_core_in_order_each_overlapping_the_next():
    assert "set_phase" not in exercise.actions and "reveal_ratings" not in exercise.actions
    allowed = {p.key: set(p.actions) for p in exercise.phases_for(config())}
    assert list(allowed) == ["map", "weigh", "read", "act"]
    notes, votes, ratings = {"add_note", "edit_note", "delete_note"}, {"vote", "unvote"}, {"rate", "clear_rating"}
    assert allowed == {"map": notes, "weigh": notes | votes, "read": votes | ratings, "act": ratings}


def test_the_facilitator_tidies_notes_in_any_phase():
    state = note(fresh())
    state = run(at(state, "act"), "edit_note", FAC, note_id=only_id(state), column="politics", text="Tidied",
                effect="opens", influence="partly", date="")
    assert state["notes"][only_id(state)]["text"] == "Tidied"


# -- facilitator: actions ------------------------------------------------------------------------


def mapped():
    state = fresh()
    state = note(state, text="New youth strategy", effect="opens", influence="yes", when="2027-03-01")
    state = note(state, BEN, column="people", text="Director retiring", effect="closes", influence="partly")
    state = note(state, BEN, column="power", text="Budget cuts", effect="closes", influence="no")
    return at(state, "act")


def test_turn_an_opening_note_into_an_enabler():
    state = mapped()
    state = run(state, "add_action", FAC, note_id="n1", kind="use", text="Pitch to the strategy team",
                lead="Ana", date="")
    [item] = state["actions"].values()
    assert item["note_id"] == "n1" and item["kind"] == "use" and item["lead"] == "Ana"
    assert item["date"] == "2027-03-01", "the note's date carries over"
    assert item["note_text"] == "New youth strategy" and item["sectors"] == ["Education"]
    assert item["column"] == "politics"


def test_barrier_we_can_influence_becomes_an_action_but_not_one_out_of_our_hands():
    state = mapped()
    state = run(state, "add_action", FAC, note_id="n2", kind="shift", text="Meet the successor early")
    assert state["actions"]["a4"]["kind"] == "shift"
    refused(state, "add_action", FAC, "barrier to influence from outside", field="kind", note_id="n3",
            kind="shift", text="x")


def test_barrier_out_of_our_hands_becomes_one_to_influence_with_a_lead_and_a_date():
    state = run(mapped(), "add_action", FAC, note_id="n3", kind="influence", text="Make the case to the council",
                lead="Homes Trust", date="2027-05-01")
    item = state["actions"]["a4"]
    assert (item["kind"], item["lead"], item["date"], item["note_text"]) == (
        "influence", "Homes Trust", "2027-05-01", "Budget cuts")
    [planned] = [i for i in exercise.plan(state, state["config"]) if i["section"] == "actions"]
    assert (planned["title"], planned["data"]["owner"], planned["data"]["due"]) == (
        "Make the case to the council", "Homes Trust", "2027-05-01")
    assert "influence from outside" in planned["text"]
    refused(state, "add_action", FAC, "closes the window can be a barrier to influence", field="kind",
            note_id="n1", kind="influence", text="x")
    state = run(state, "edit_action", FAC, action_id="a4", kind="influence", text="Brief the council", lead="",
                date="")
    assert state["actions"]["a4"]["text"] == "Brief the council"


def test_action_kind_must_fit_the_note():
    state = mapped()
    refused(state, "add_action", FAC, "opens the window can be an enabler", field="kind", note_id="n2",
            kind="use", text="x")
    refused(state, "add_action", FAC, "closes the window can be a barrier", field="kind", note_id="n1",
            kind="shift", text="x")


def test_moment_needs_a_date():
    state = mapped()
    refused(state, "add_action", FAC, "needs a date", field="date", note_id="n2", kind="moment", text="x")
    state = run(state, "add_action", FAC, note_id="n2", kind="moment", text="Before they go", date="2027-06-30")
    assert state["actions"]["a4"]["date"] == "2027-06-30"
    state = run(state, "add_action", FAC, note_id="n1", kind="moment", text="Launch")
    assert state["actions"]["a5"]["date"] == "2027-03-01"


def test_action_date_outside_the_horizon_and_missing_note_are_refused():
    state = mapped()
    refused(state, "add_action", FAC, "Pick a date between", field="date", note_id="n1", kind="use",
            text="x", date="2031-01-01")
    refused(state, "add_action", FAC, "no longer exists", note_id="n77", kind="use", text="x")


def test_add_action_form_needs_text_and_a_note():
    data, errors = validate(forms.AddActionForm, {"note_id": "", "kind": "use", "text": ""})
    assert data is None and {"note_id", "text"} <= set(errors)
    data, errors = validate(forms.AddActionForm, {"note_id": "n1", "kind": "wish", "text": "x"})
    assert data is None and "kind" in errors


def test_edit_and_delete_action():
    state = run(mapped(), "add_action", FAC, note_id="n1", kind="use", text="Pitch")
    state = run(state, "edit_action", FAC, action_id="a4", kind="moment", text="Pitch at launch", lead="Ben",
                date="2027-02-20")
    item = state["actions"]["a4"]
    assert (item["kind"], item["text"], item["lead"], item["date"]) == ("moment", "Pitch at launch", "Ben",
                                                                        "2027-02-20")
    refused(state, "edit_action", FAC, "closes the window", action_id="a4", kind="shift", text="x")
    state = run(state, "delete_action", FAC, action_id="a4")
    assert state["actions"] == {}
    refused(state, "delete_action", FAC, "no longer exists", action_id="a4")
    refused(state, "edit_action", FAC, "no longer exists", action_id="a4", kind="use", text="x")


def test_action_survives_its_note_being_deleted():
    state = run(mapped(), "add_action", FAC, note_id="n1", kind="use", text="Pitch")
    state = run(state, "delete_note", FAC, note_id="n1")
    assert state["actions"]["a4"]["note_text"] == "New youth strategy"
    state = run(state, "edit_action", FAC, action_id="a4", kind="use", text="Pitch again")
    assert state["actions"]["a4"]["text"] == "Pitch again"


# -- purity ------------------------------------------------------------------------------------


def test_unknown_action_is_refused():
    with pytest.raises(DomainError, match="Unknown action"):
        exercise.apply(fresh(), Action("dance", {}), ANA)


def full_session():
    """Every accepted action once, as (action type, actor, payload)."""
    return [
        ("add_note", ANA, {"column": "politics", "text": "Elections", "effect": "opens", "influence": "partly",
                           "date": "2027-05-06"}),
        ("add_note", BEN, {"column": "people", "text": "Champion", "effect": "opens", "influence": "yes"}),
        ("edit_note", ANA, {"note_id": "n1", "column": "politics", "text": "Elections in May", "effect": "opens",
                            "influence": "partly", "date": "2027-05-06"}),
        ("__phase__", FAC, {"phase": "weigh"}),
        ("vote", BEN, {"note_id": "n1"}),
        ("vote", ANA, {"note_id": "n2"}),
        ("unvote", ANA, {"note_id": "n2"}),
        ("delete_note", BEN, {"note_id": "n2"}),
        ("__phase__", FAC, {"phase": "read"}),
        ("rate", ANA, {"target": "politics", "level": "open"}),
        ("rate", BEN, {"target": "overall", "level": "opening"}),
        ("clear_rating", ANA, {"target": "politics"}),
        ("__phase__", FAC, {"phase": "act"}),
        ("add_action", FAC, {"note_id": "n1", "kind": "moment", "text": "Brief candidates", "lead": "Ana"}),
        ("edit_action", FAC, {"action_id": "a3", "kind": "use", "text": "Brief all candidates"}),
        ("delete_action", FAC, {"action_id": "a3"}),
    ]


def test_every_action_type_is_covered_and_nothing_is_mutated():
    assert {t for t, _, _ in full_session()} - {"__phase__"} == set(exercise.actions)
    state = fresh()
    for action_type, actor, payload in full_session():
        if action_type == "__phase__":
            state = at(state, payload["phase"])
            continue
        before = copy.deepcopy(state)
        new = run(state, action_type, actor, **payload)
        assert state == before, f"{action_type} mutated its input"
        assert new != before, f"{action_type} changed nothing"
        json.dumps(new)
        state = new


def test_apply_is_deterministic():
    def play():
        state = fresh()
        for action_type, actor, payload in full_session():
            state = at(state, payload["phase"]) if action_type == "__phase__" else run(state, action_type, actor,
                                                                                       **payload)
        return state

    assert play() == play()


def test_add_months_clamps_to_month_end():
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2024, 3, 31), -1) == date(2024, 2, 29)
    assert add_months(date(2026, 11, 23), -12) == date(2025, 11, 23)
    assert add_months(date(2026, 12, 5), 1) == date(2027, 1, 5)
