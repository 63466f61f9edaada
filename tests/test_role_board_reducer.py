"""Pure tests of the Role assignment board reducer: every action, every refusal, every flag."""
import copy
import json

import pytest

from app.exercises import Action, Actor, DomainError
from app.exercises.validation import validate
from plugins.role_board import exercise, forms
from plugins.role_board.board import flag_text, flags, is_community

FACILITATOR = Actor(role="facilitator", id="f:1", name="Fran")
ANA = Actor(role="participant", id="p:1", name="Ana", organisation="North School", sector="Education")
BEN = Actor(role="participant", id="p:2", name="Ben", organisation="City Clinic", sector="Health")
CARA = Actor(role="participant", id="p:3", name="Cara", organisation="Residents Group", sector="Community")
NO_ORG = Actor(role="participant", id="p:9", name="Nia")

ORGS = "North School | Education\nCity Clinic | Health\nResidents Group | Community\nHousing Trust | Housing"


def config(**overrides):
    data = dict(forms.RoleBoardConfigForm().data)
    data["organisations"] = ORGS
    data.update(overrides)
    return data


def start(**overrides):
    return exercise.initial_state(config(**overrides))


def act(state, actor, type_, **data):
    return exercise.apply(state, Action(type_, data), actor)


def refused(state, actor, type_, match, **data):
    before = copy.deepcopy(state)
    with pytest.raises(DomainError, match=match):
        act(state, actor, type_, **data)
    assert state == before


def org_id(state, name):
    return next(o["id"] for o in state["organisations"].values() if o["name"] == name)


def role_id(state, name):
    return next(r["id"] for r in state["roles"].values() if r["name"].startswith(name))


def body_id(state, name):
    return next(b["id"] for b in state["bodies"].values() if b["name"].startswith(name))


def flag_kinds(state, sectors=()):
    return {f["id"]: f["kind"] for f in flags(state, sectors)}


# -- initial state and config ------------------------------------------------------------


def test_default_config_gives_roles_bodies_and_json_safe_state():
    state = exercise.initial_state(dict(forms.RoleBoardConfigForm().data))
    assert len(state["roles"]) == 7 and len(state["bodies"]) == 5
    assert state["organisations"] == {}
    assert state["limit"] == 2 and "revealed" not in state, "showing nominations is the core's hide switch"
    json.dumps(state)
    assert all(r["description"] for r in state["roles"].values())


def test_config_lines_parse_names_descriptions_and_sectors():
    state = start(roles="Chair | runs meetings\n\n  Treasurer  ", bodies="Board")
    names = sorted(r["name"] for r in state["roles"].values())
    assert names == ["Chair", "Treasurer"]
    assert state["roles"][role_id(state, "Chair")]["description"] == "runs meetings"
    assert state["organisations"][org_id(state, "City Clinic")]["sector"] == "Health"


def test_initial_state_is_deterministic():
    assert start() == start()


@pytest.mark.parametrize("field,value,message", [
    ("roles", "Chair\nchair", "listed twice"),
    ("roles", "x" * 81, "under 80"),
    ("organisations", "\n".join(f"Org {i}" for i in range(151)), "150"),
    ("overload_limit", "0", "between"),
    ("bodies", "Board | " + "y" * 241, "under 240"),
])
def test_config_form_rejects_bad_values(field, value, message):
    payload = {k: ("y" if v is True else v) for k, v in config().items() if v is not False}
    payload[field] = value
    data, errors = validate(forms.RoleBoardConfigForm, payload)
    assert data is None and message in " ".join(errors[field])


def test_config_form_accepts_defaults_and_hide_flag():
    payload = {k: v for k, v in config().items() if not isinstance(v, bool)}
    data, errors = validate(forms.RoleBoardConfigForm, {**payload, "hide_nominations": "y"})
    assert errors is None and data["hide_nominations"] is True and data["overload_limit"] == 2


def test_partnership_defaults_list_organisations_one_per_line():
    defaults = exercise.partnership_defaults({"organisations": ["A School", "a school", "B | Trust", ""]})
    assert defaults == {"organisations": "A School\nB / Trust"}
    assert exercise.partnership_defaults({"organisations": []}) == {}
    data, errors = validate(forms.RoleBoardConfigForm, {**config(hide_nominations=None), **defaults})
    assert errors is None


# -- learning who is in the room ----------------------------------------------------------


def test_participant_organisation_and_sector_are_learned_when_they_act():
    state = start(organisations="")
    new = act(state, ANA, "volunteer", target_id=role_id(state, "Lead"), reason="")
    org = next(iter(new["organisations"].values()))
    assert (org["name"], org["sector"], org["source"]) == ("North School", "Education", "participant")
    assert new["members"]["p:1"] == {"organisation": org["id"], "sector": "Education"}
    assert state["organisations"] == {} and state["members"] == {}


def test_learning_fills_a_missing_sector_but_never_overrides_one():
    state = start(organisations="north school\nCity Clinic | Health services")
    new = act(state, BEN, "volunteer", target_id=role_id(state, "Lead"))
    new = act(new, ANA, "volunteer", target_id=role_id(state, "Data"))
    assert new["organisations"][org_id(new, "north school")]["sector"] == "Education"
    assert new["organisations"][org_id(new, "City Clinic")]["sector"] == "Health services"
    assert len(new["organisations"]) == 2


def test_facilitators_are_not_learned():
    state = start()
    new = act(state, FACILITATOR, "add_role", name="Scribe", description="")
    assert new["members"] == {}


# -- participants: volunteer, nominate, second, withdraw ----------------------------------


def test_volunteer_puts_own_organisation_forward():
    state = start()
    lead = role_id(state, "Lead")
    new = act(state, ANA, "volunteer", target_id=lead, reason="  we host   the meetings ")
    (nomination,) = new["nominations"].values()
    assert nomination["organisation"] == org_id(state, "North School")
    assert nomination["kind"] == "volunteer" and nomination["reason"] == "we host the meetings"
    assert nomination["author"]["id"] == "p:1" and nomination["target"] == lead


def test_volunteer_for_a_body():
    state = start()
    new = act(state, CARA, "volunteer", target_id=body_id(state, "Steering"))
    assert next(iter(new["nominations"].values()))["target"] == body_id(state, "Steering")


def test_volunteer_without_organisation_is_refused():
    state = start()
    refused(state, NO_ORG, "volunteer", "nominate it by name", target_id=role_id(state, "Lead"))


def test_nominate_another_organisation_by_name_or_id():
    state = start()
    new = act(state, ANA, "nominate", target_id=role_id(state, "Data"), organisation="city clinic",
              reason="They run the data systems")
    new = act(new, ANA, "nominate", target_id=role_id(state, "Fund"), organisation=org_id(state, "Housing Trust"),
              reason="Good at grants")
    kinds = sorted((n["organisation"], n["kind"]) for n in new["nominations"].values())
    expected = [(org_id(state, "City Clinic"), "nomination"), (org_id(state, "Housing Trust"), "nomination")]
    assert kinds == sorted(expected)


def test_nominating_own_organisation_counts_as_volunteering():
    state = start()
    new = act(state, ANA, "nominate", target_id=role_id(state, "Data"), organisation="North School", reason="We can")
    assert next(iter(new["nominations"].values()))["kind"] == "volunteer"


def test_nominating_an_unknown_organisation_is_refused_with_a_pointer_to_the_facilitator():
    state = start()
    before = copy.deepcopy(state)
    with pytest.raises(DomainError) as info:
        act(state, ANA, "nominate", target_id=role_id(state, "Data"), organisation="Ghost Ltd", reason="why not")
    assert "Ask the facilitator to add it" in info.value.message and info.value.field == "organisation"
    assert state == before


def test_facilitator_is_offered_to_add_an_unknown_organisation():
    state = start()
    with pytest.raises(DomainError, match="Add it as an organisation first"):
        act(state, FACILITATOR, "assign", target_id=role_id(state, "Data"), organisation="Ghost Ltd", position="")


def test_nominate_needs_a_reason():
    state = start()
    refused(state, ANA, "nominate", "reason", target_id=role_id(state, "Data"), organisation="City Clinic", reason="  ")


def test_duplicate_nominations_are_refused():
    state = start()
    data = role_id(state, "Data")
    state = act(state, ANA, "nominate", target_id=data, organisation="City Clinic", reason="data")
    refused(state, CARA, "nominate", "already put forward", target_id=data, organisation="CITY CLINIC", reason="x")
    refused(state, BEN, "volunteer", "second that nomination", target_id=data)


def test_nominating_an_organisation_already_confirmed_is_refused():
    state = start()
    data = role_id(state, "Data")
    state = act(state, FACILITATOR, "assign", target_id=data, organisation="City Clinic", position="")
    refused(state, ANA, "nominate", "already confirmed", target_id=data, organisation="City Clinic", reason="x")


def test_nominating_for_a_removed_role_is_refused():
    state = start()
    data = role_id(state, "Data")
    state = act(state, FACILITATOR, "remove_role", target_id=data)
    refused(state, ANA, "volunteer", "role is no longer on the board", target_id=data)
    refused(state, ANA, "volunteer", "group is no longer", target_id="b999")
    refused(state, ANA, "volunteer", "role or group", target_id="zzz")


def test_nominations_per_person_are_capped():
    state = start()
    for i in range(30):
        state = act(state, FACILITATOR, "add_role", name=f"Extra {i}", description="") if i < 23 else state
    targets = list(state["roles"]) + list(state["bodies"])
    for target in targets[:30]:
        state = act(state, ANA, "volunteer", target_id=target)
    refused(state, ANA, "volunteer", "the most one person can", target_id=targets[30])


def test_second_and_unsecond():
    state = start()
    state = act(state, ANA, "volunteer", target_id=role_id(state, "Lead"))
    nid = next(iter(state["nominations"]))
    new = act(state, BEN, "second", nomination_id=nid)
    assert set(new["nominations"][nid]["seconds"]) == {"p:2"}
    assert state["nominations"][nid]["seconds"] == {}
    refused(new, BEN, "second", "already seconded", nomination_id=nid)
    refused(new, ANA, "second", "yourself", nomination_id=nid)
    refused(new, FACILITATOR, "second", "confirm the nomination instead", nomination_id=nid)
    refused(new, ANA, "second", "no longer on the board", nomination_id="n404")
    back = act(new, BEN, "unsecond", nomination_id=nid)
    assert back["nominations"][nid]["seconds"] == {}
    refused(back, BEN, "unsecond", "not seconded", nomination_id=nid)


def test_withdraw_own_nomination_only():
    state = start()
    state = act(state, ANA, "volunteer", target_id=role_id(state, "Lead"))
    nid = next(iter(state["nominations"]))
    refused(state, BEN, "withdraw", "your own", nomination_id=nid)
    assert act(state, ANA, "withdraw", nomination_id=nid)["nominations"] == {}
    assert act(state, FACILITATOR, "withdraw", nomination_id=nid)["nominations"] == {}
    refused(state, ANA, "withdraw", "no longer", nomination_id="n404")


# -- facilitator: confirm places ----------------------------------------------------------


def test_assign_first_organisation_becomes_lead_then_supporting():
    state = start()
    lead = role_id(state, "Lead")
    school, clinic = org_id(state, "North School"), org_id(state, "City Clinic")
    state = act(state, FACILITATOR, "assign", target_id=lead, organisation=school, position="")
    state = act(state, FACILITATOR, "assign", target_id=lead, organisation="City Clinic", position="")
    assert state["roles"][lead]["lead"] == school and state["roles"][lead]["supporting"] == [clinic]


def test_assign_new_lead_moves_the_old_lead_to_supporting():
    state = start()
    lead = role_id(state, "Lead")
    school, clinic = org_id(state, "North School"), org_id(state, "City Clinic")
    state = act(state, FACILITATOR, "assign", target_id=lead, organisation=school, position="lead")
    state = act(state, FACILITATOR, "assign", target_id=lead, organisation=clinic, position="supporting")
    state = act(state, FACILITATOR, "assign", target_id=lead, organisation=clinic, position="lead")
    assert state["roles"][lead]["lead"] == clinic and state["roles"][lead]["supporting"] == [school]
    state = act(state, FACILITATOR, "assign", target_id=lead, organisation=clinic, position="supporting")
    assert state["roles"][lead]["lead"] == "" and state["roles"][lead]["supporting"] == [school, clinic]


def test_assign_refusals():
    state = start()
    lead, board = role_id(state, "Lead"), body_id(state, "Leadership")
    state = act(state, FACILITATOR, "assign", target_id=lead, organisation="North School", position="lead")
    state = act(state, FACILITATOR, "assign", target_id=board, organisation="North School", position="")
    refused(state, FACILITATOR, "assign", "already the lead", target_id=lead, organisation="North School",
            position="lead")
    refused(state, FACILITATOR, "assign", "lead or supporting", target_id=lead, organisation="City Clinic",
            position="boss")
    refused(state, FACILITATOR, "assign", "already a member", target_id=board, organisation="North School",
            position="member")
    refused(state, FACILITATOR, "assign", "as members", target_id=board, organisation="City Clinic", position="lead")
    refused(state, FACILITATOR, "assign", "no longer on the board", target_id="r404", organisation="City Clinic",
            position="")
    state2 = act(state, FACILITATOR, "assign", target_id=lead, organisation="City Clinic", position="supporting")
    refused(state2, FACILITATOR, "assign", "already supporting", target_id=lead, organisation="City Clinic",
            position="supporting")


def test_assign_body_member():
    state = start()
    board = body_id(state, "Steering")
    new = act(state, FACILITATOR, "assign", target_id=board, organisation="Residents Group", position="member")
    assert new["bodies"][board]["members"] == [org_id(state, "Residents Group")]
    assert state["bodies"][board]["members"] == []


def test_unassign():
    state = start()
    lead, board = role_id(state, "Lead"), body_id(state, "Data team")
    school, clinic = org_id(state, "North School"), org_id(state, "City Clinic")
    state = act(state, FACILITATOR, "assign", target_id=lead, organisation=school, position="")
    state = act(state, FACILITATOR, "assign", target_id=lead, organisation=clinic, position="")
    state = act(state, FACILITATOR, "assign", target_id=board, organisation=clinic, position="")
    new = act(state, FACILITATOR, "unassign", target_id=lead, organisation=school)
    assert new["roles"][lead]["lead"] == "" and new["roles"][lead]["supporting"] == [clinic]
    new = act(new, FACILITATOR, "unassign", target_id=lead, organisation=clinic)
    assert new["roles"][lead]["supporting"] == []
    new = act(new, FACILITATOR, "unassign", target_id=board, organisation=clinic)
    assert new["bodies"][board]["members"] == []
    refused(new, FACILITATOR, "unassign", "no place there", target_id=board, organisation=clinic)
    refused(new, FACILITATOR, "unassign", "no place there", target_id=board, organisation="o404")
    refused(new, FACILITATOR, "unassign", "no longer on the board", target_id="b404", organisation=clinic)


def test_confirm_nomination_places_the_nominated_organisation():
    state = start()
    data = role_id(state, "Data")
    state = act(state, ANA, "nominate", target_id=data, organisation="City Clinic", reason="systems")
    nid = next(iter(state["nominations"]))
    new = act(state, FACILITATOR, "confirm_nomination", nomination_id=nid, position="")
    assert new["roles"][data]["lead"] == org_id(state, "City Clinic")
    assert nid in new["nominations"]  # kept, so the record shows who put it forward
    refused(new, FACILITATOR, "confirm_nomination", "already the lead", nomination_id=nid, position="lead")
    new = act(new, FACILITATOR, "confirm_nomination", nomination_id=nid, position="supporting")
    assert new["roles"][data]["supporting"] == [org_id(state, "City Clinic")]


def test_confirming_a_role_that_no_longer_exists_is_refused():
    state = start()
    data = role_id(state, "Data")
    state = act(state, ANA, "nominate", target_id=data, organisation="City Clinic", reason="systems")
    nid = next(iter(state["nominations"]))
    gone = act(state, FACILITATOR, "remove_role", target_id=data)
    assert gone["nominations"] == {}
    refused(gone, FACILITATOR, "confirm_nomination", "no longer on the board", nomination_id=nid, position="")
    refused(gone, FACILITATOR, "assign", "role is no longer on the board", target_id=data,
            organisation="City Clinic", position="")
    refused(gone, FACILITATOR, "edit_role", "role is no longer", target_id=data, name="Data", description="",
            responsibilities="")
    # A nomination whose role vanished without being cleaned up is refused too.
    orphan = dict(state, roles={k: v for k, v in state["roles"].items() if k != data})
    refused(orphan, FACILITATOR, "confirm_nomination", "role is no longer", nomination_id=nid, position="")


# -- facilitator: roles, groups, organisations, settings ----------------------------------


def test_add_edit_remove_role():
    state = start()
    new = act(state, FACILITATOR, "add_role", name="  Scribe ", description="takes notes")
    rid = role_id(new, "Scribe")
    assert new["roles"][rid]["description"] == "takes notes" and len(state["roles"]) == 7
    refused(new, FACILITATOR, "add_role", "already a role called", name="scribe", description="")
    new = act(new, FACILITATOR, "edit_role", target_id=rid, name="Note taker", description="notes",
              responsibilities="Writes up every meeting.\nShares within a week.")
    assert new["roles"][rid]["name"] == "Note taker"
    assert new["roles"][rid]["responsibilities"] == "Writes up every meeting.\nShares within a week."
    refused(new, FACILITATOR, "edit_role", "already a role called", target_id=rid, name="Fundraiser",
            description="", responsibilities="")
    refused(new, FACILITATOR, "edit_role", "is a group", target_id=body_id(new, "Data team"), name="X",
            description="", responsibilities="")
    refused(new, FACILITATOR, "add_role", "Give it a name", name="   ", description="")
    new = act(new, FACILITATOR, "remove_role", target_id=rid)
    assert rid not in new["roles"]
    refused(new, FACILITATOR, "remove_role", "is a group", target_id=body_id(new, "Data team"))


def test_add_edit_remove_body():
    state = start()
    new = act(state, FACILITATOR, "add_body", name="Youth panel", description="young people advise")
    bid = body_id(new, "Youth panel")
    refused(new, FACILITATOR, "add_body", "already a group called", name="YOUTH PANEL", description="")
    new = act(new, FACILITATOR, "edit_body", target_id=bid, name="Youth council", description="")
    assert new["bodies"][bid]["name"] == "Youth council"
    refused(new, FACILITATOR, "edit_body", "is a role", target_id=role_id(new, "Lead"), name="X", description="")
    new = act(new, ANA, "volunteer", target_id=bid)
    new = act(new, FACILITATOR, "remove_body", target_id=bid)
    assert bid not in new["bodies"] and new["nominations"] == {}
    refused(new, FACILITATOR, "remove_body", "is a role", target_id=role_id(new, "Lead"))


def test_role_and_body_counts_are_capped():
    state = start(roles="\n".join(f"R{i}" for i in range(30)), bodies="\n".join(f"B{i}" for i in range(20)))
    refused(state, FACILITATOR, "add_role", "at most 30", name="One more", description="")
    refused(state, FACILITATOR, "add_body", "at most 20", name="One more", description="")


def test_add_organisation_and_correct_its_sector():
    state = start()
    new = act(state, FACILITATOR, "add_organisation", name="Food Bank", sector="Community")
    oid = org_id(new, "Food Bank")
    assert new["organisations"][oid]["source"] == "facilitator"
    refused(new, FACILITATOR, "add_organisation", "already in the partnership", name="food bank", sector="")
    refused(new, FACILITATOR, "add_organisation", "already in the partnership", name="Food Bank", sector="Community")
    fixed = act(new, FACILITATOR, "add_organisation", name="food bank", sector="Community services")
    assert fixed["organisations"][oid]["sector"] == "Community services"
    # Now a participant can nominate it.
    act(new, ANA, "nominate", target_id=role_id(new, "Fund"), organisation="Food Bank", reason="local giving")


def test_organisations_are_capped():
    state = start(organisations="\n".join(f"Org {i}" for i in range(150)))
    refused(state, FACILITATOR, "add_organisation", "at most 150", name="One more", sector="")
    # A participant from a new organisation can still act; their organisation is just not added.
    with pytest.raises(DomainError, match="not one of the partnership"):
        act(state, ANA, "volunteer", target_id=role_id(state, "Lead"))


def test_remove_organisation():
    state = start()
    clinic = org_id(state, "City Clinic")
    state = act(state, ANA, "nominate", target_id=role_id(state, "Data"), organisation="City Clinic", reason="x")
    new = act(state, FACILITATOR, "remove_organisation", organisation=clinic)
    assert clinic not in new["organisations"] and new["nominations"] == {}
    held = act(state, FACILITATOR, "assign", target_id=body_id(state, "Data team"), organisation=clinic, position="")
    refused(held, FACILITATOR, "remove_organisation", "still has a place on Data team", organisation=clinic)
    refused(new, FACILITATOR, "remove_organisation", "no longer on the board", organisation=clinic)


def test_set_limit():
    state = start(hide_nominations=True)
    new = act(state, FACILITATOR, "set_limit", limit=4)
    assert new["limit"] == 4 and state["limit"] == 2


def test_private_nominations_start_the_step_behind_the_cores_hide_switch():
    assert "show_nominations" not in exercise.actions
    assert exercise.hidden_at_start({"hide_nominations": True}) is True
    assert exercise.hidden_at_start({"hide_nominations": False}) is False


def test_unknown_action_is_refused():
    refused(start(), FACILITATOR, "dance", "Unknown action")


# -- flags ---------------------------------------------------------------------------------


def test_every_role_and_body_starts_flagged_empty():
    state = start()
    kinds = flag_kinds(state)
    assert sum(1 for k in kinds.values() if k == "unfilled") == 7
    assert sum(1 for k in kinds.values() if k == "empty_body") == 5


def test_role_with_supporting_but_no_lead_is_flagged():
    state = start()
    lead = role_id(state, "Lead")
    state = act(state, FACILITATOR, "assign", target_id=lead, organisation="North School", position="supporting")
    assert flag_kinds(state)[f"no_lead:{lead}"] == "no_lead"
    assert f"unfilled:{lead}" not in flag_kinds(state)
    state = act(state, FACILITATOR, "assign", target_id=lead, organisation="City Clinic", position="lead")
    assert f"no_lead:{lead}" not in flag_kinds(state)


def test_overload_flag_above_the_limit_only():
    state = start()
    school = org_id(state, "North School")
    roles = list(state["roles"])
    for rid in roles[:2]:
        state = act(state, FACILITATOR, "assign", target_id=rid, organisation=school, position="lead")
    assert f"overload:{school}" not in flag_kinds(state)
    state = act(state, FACILITATOR, "assign", target_id=roles[2], organisation=school, position="lead")
    assert flag_kinds(state)[f"overload:{school}"] == "overload"
    flag = next(f for f in flags(state, ()) if f["kind"] == "overload")
    assert (flag["name"], flag["count"], flag["limit"]) == ("North School", 3, 2)  # codes and values, no prose
    text = flag_text(flag)
    assert "North School leads 3 roles" in text and "limit of 2" in text
    assert f"overload:{school}" not in flag_kinds(act(state, FACILITATOR, "set_limit", limit=3))
    # Supporting roles do not count towards overload.
    state = act(start(), FACILITATOR, "assign", target_id=roles[0], organisation=school, position="supporting")
    assert not any(k == "overload" for k in flag_kinds(state).values())


def test_body_from_one_sector_and_without_community_is_flagged():
    state = start(organisations=ORGS + "\nSouth School | education")
    board = body_id(state, "Leadership")
    state = act(state, FACILITATOR, "assign", target_id=board, organisation="North School", position="")
    state = act(state, FACILITATOR, "assign", target_id=board, organisation="South School", position="")
    kinds = flag_kinds(state)
    assert kinds[f"one_sector:{board}"] == "one_sector" and kinds[f"no_community:{board}"] == "no_community"
    assert f"empty:{board}" not in kinds
    state = act(state, FACILITATOR, "assign", target_id=board, organisation="Residents Group", position="")
    kinds = flag_kinds(state)
    assert f"one_sector:{board}" not in kinds and f"no_community:{board}" not in kinds


def test_body_with_an_unknown_sector_is_not_called_one_sector():
    state = start(organisations="North School | Education\nMystery Org")
    board = body_id(state, "Leadership")
    state = act(state, FACILITATOR, "assign", target_id=board, organisation="North School", position="")
    state = act(state, FACILITATOR, "assign", target_id=board, organisation="Mystery Org", position="")
    assert f"one_sector:{board}" not in flag_kinds(state)


@pytest.mark.parametrize("sector,community", [
    ("Community", True), ("community groups", True), ("Voluntary & COMMUNITY sector", True),
    ("Health", False), ("", False),
])
def test_community_match_is_case_insensitive(sector, community):
    assert is_community(sector) is community


def test_sectors_in_the_room_without_a_role_are_flagged():
    state = start()
    state = act(state, ANA, "volunteer", target_id=role_id(state, "Lead"))
    state = act(state, BEN, "volunteer", target_id=role_id(state, "Data"))
    kinds = flag_kinds(state, {"Education", "Health", "Housing", ""})
    assert {k for k, v in kinds.items() if v == "sector_without_role"} == {
        "no_role:education", "no_role:health", "no_role:housing"}
    state = act(state, FACILITATOR, "assign", target_id=role_id(state, "Lead"), organisation="North School",
                position="")
    state = act(state, FACILITATOR, "assign", target_id=role_id(state, "Data"), organisation="City Clinic",
                position="supporting")
    kinds = flag_kinds(state, {"Education", "health", "Housing"})
    assert {k for k, v in kinds.items() if v == "sector_without_role"} == {"no_role:housing"}
    # Body membership is not a role.
    state = act(state, FACILITATOR, "assign", target_id=body_id(state, "Data team"), organisation="Housing Trust",
                position="")
    assert "no_role:housing" in flag_kinds(state, {"Housing"})


# -- purity --------------------------------------------------------------------------------

SCRIPT = [
    (ANA, "volunteer", {"target_id": "r1", "reason": "we convene already"}),
    (BEN, "nominate", {"target_id": "r2", "organisation": "Residents Group", "reason": "they know everyone"}),
    (CARA, "second", {"nomination_id": "n{n}"}),
    (FACILITATOR, "assign", {"target_id": "r1", "organisation": "North School", "position": ""}),
    (FACILITATOR, "assign", {"target_id": "b8", "organisation": "Residents Group", "position": ""}),
    (FACILITATOR, "add_organisation", {"name": "Food Bank", "sector": "Community"}),
    (FACILITATOR, "add_role", {"name": "Scribe", "description": ""}),
    (FACILITATOR, "edit_role", {"target_id": "r1", "name": "Backbone", "description": "", "responsibilities": "x"}),
    (FACILITATOR, "set_limit", {"limit": 1}),
    (ANA, "withdraw", {"nomination_id": "n{n}"}),
]


def run_script(state):
    states = [state]
    for actor, type_, data in SCRIPT:
        if "nomination_id" in data:
            data = {"nomination_id": next(iter(states[-1]["nominations"]))}
        before = copy.deepcopy(states[-1])
        states.append(act(states[-1], actor, type_, **data))
        assert states[-2] == before, f"{type_} mutated its input"
    return states


def test_no_action_mutates_its_input_and_results_are_deterministic():
    first = run_script(start())
    snapshots = [copy.deepcopy(s) for s in first]
    assert first == run_script(start())
    assert first == snapshots  # the second run shared nothing with the first
    for state in first:
        json.dumps(state)
