"""What each audience sees of the Role assignment board; plan, exports and action forms."""
import copy
import json

import pytest

from app.exercises import Action, Actor, Audience, DomainError
from app.exercises.contract import PLAN_SECTIONS
from app.exercises.validation import validate
from app.join.participants import cookie_name
from plugins.role_board import exercise, forms
from plugins.role_board.board import flag_text
from tests.factories import create_facilitator, create_participant, create_partnership, create_workshop, login
from tests.i18n_helpers import french_participant_page, fresh_locale
from tests.roster_helpers import exported, names

FACILITATOR = Actor(role="facilitator", id="f:1", name="Fran")
ANA = Actor(role="participant", id="p:1", name="Ana Secretname", organisation="Quiet Charity", sector="Faith")
BEN = Actor(role="participant", id="p:2", name="Ben Hiddenname", organisation="City Clinic", sector="Health")
ACTORS = (FACILITATOR, ANA, BEN)
ROSTER = names(*ACTORS)
ORGS = "North School | Education\nCity Clinic | Health\nResidents Group | Community"
REASON = "They already run the shared spreadsheet"


def board():
    config = {**forms.RoleBoardConfigForm().data, "organisations": ORGS}
    state = exercise.initial_state(config)
    steps = [
        (ANA, "nominate", {"target_id": "r3", "organisation": "City Clinic", "reason": REASON}),
        (BEN, "second", {"nomination_id": "n17"}),
        (FACILITATOR, "assign", {"target_id": "r1", "organisation": "North School", "position": ""}),
        (FACILITATOR, "assign", {"target_id": "b8", "organisation": "North School", "position": ""}),
    ]
    for actor, type_, data in steps:
        state = exercise.apply(state, Action(type_, data), actor)
    return state


def audience(role="participant", **kw):
    return Audience(names=ROSTER, role=role, **kw)


def wire(view):
    return json.dumps(view)


def test_open_view_shows_roles_bodies_nominations_and_flags():
    state = board()
    view = exercise.view(state, audience())
    assert view["roles"]["r1"]["lead"] and view["roles"]["r1"]["name"].startswith("Lead")
    assert view["bodies"]["b8"]["members"] == [view["roles"]["r1"]["lead"]]
    (nomination,) = view["nominations"].values()
    assert nomination["reason"] == REASON and nomination["seconds"] == 1 and nomination["kind"] == "nomination"
    assert nomination["author"]["name"] == "Ana Secretname"
    assert view["roles"]["r3"]["nominations"] == 1
    assert "unfilled:r2" in view["flags"] and "unfilled:r1" not in view["flags"]
    assert "Ben Hiddenname" in wire(view)  # seconders are named when the workshop is not anonymous


def test_views_hold_no_nulls():
    def walk(value):
        assert value is not None
        if isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    state = board()
    for aud in (audience(), audience("screen", anonymous=True), audience("facilitator"), audience(hidden=True)):
        walk(exercise.view(state, aud))
    walk(exercise.personal(state, audience(participant_id="p:1")))


@pytest.mark.parametrize("aud", [audience(hidden=True), audience("screen", hidden=True)])
def test_hidden_step_shows_counts_only(aud):
    view = exercise.view(board(), aud)
    text = wire(view)
    assert REASON not in text and "Ana Secretname" not in text and "Quiet Charity" in text  # learned org shown
    assert view["nominations"] == {} and view["nominations_private"] is True
    assert view["nomination_count"] == 1 and view["roles"]["r3"]["nominations"] == 1


def test_facilitator_sees_everything_while_hidden_and_anonymous():
    view = exercise.view(board(), audience("facilitator", hidden=True, anonymous=True))
    text = wire(view)
    assert REASON in text and "Ana Secretname" in text and "Ben Hiddenname" in text


def test_config_can_keep_nominations_private_until_shown():
    config = {**forms.RoleBoardConfigForm().data, "organisations": ORGS, "hide_nominations": True}
    state = exercise.initial_state(config)
    state = exercise.apply(state, Action("nominate", {"target_id": "r3", "organisation": "City Clinic",
                                                      "reason": REASON}), ANA)
    hidden = exercise.hidden_at_start(config)  # the core's switch, on from the start
    assert REASON not in wire(exercise.view(state, audience(hidden=hidden)))
    assert REASON not in wire(exercise.view(state, audience("screen", hidden=hidden)))
    assert REASON in wire(exercise.view(state, audience("facilitator", hidden=hidden)))
    # The console's one reveal control lifts it.
    assert REASON in wire(exercise.view(state, audience(hidden=False)))


@pytest.mark.parametrize("role", ["participant", "screen"])
def test_anonymous_view_names_no_author(role):
    view = exercise.view(board(), audience(role, anonymous=True, sector_sizes={"Faith": 1, "Health": 1}))
    text = wire(view)
    for secret in ("Ana Secretname", "Ben Hiddenname", "p:1", "p:2", "Quiet Charity", "Faith"):
        assert secret not in text, secret
    (nomination,) = view["nominations"].values()
    assert nomination["reason"] == REASON and nomination["author"] == {} and "kind" not in nomination
    assert "seconded_by" not in nomination


def test_anonymous_view_shows_author_sector_only_for_groups_of_three():
    view = exercise.view(board(), audience(anonymous=True, sector_sizes={"Faith": 3}))
    (nomination,) = view["nominations"].values()
    assert nomination["author"] == {"sector": "Faith"}


def test_learned_organisation_appears_anonymously_once_it_is_on_the_board():
    state = exercise.apply(board(), Action("assign", {"target_id": "r2", "organisation": "Quiet Charity",
                                                      "position": ""}), FACILITATOR)
    view = exercise.view(state, audience(anonymous=True))
    assert any(o["name"] == "Quiet Charity" for o in view["organisations"].values())


def test_sector_flags_follow_the_k3_rule_when_anonymous():
    sizes = {"Faith": 1, "Housing": 4, "Health": 2, "Education": 5}
    anon = exercise.view(board(), audience("screen", anonymous=True, sector_sizes=sizes))
    sector_flags = {k: f for k, f in anon["flags"].items() if f["kind"] == "sector_without_role"}
    assert set(sector_flags) == {"no_role:housing", "no_role:other"}
    assert sector_flags["no_role:other"]["count"] == 2 and "sector" not in sector_flags["no_role:other"]
    assert flag_text(sector_flags["no_role:other"]).startswith("2 smaller sectors")
    assert "Faith" not in wire(anon)
    named = exercise.view(board(), audience("screen", sector_sizes=sizes))
    assert {k for k, f in named["flags"].items() if f["kind"] == "sector_without_role"} == {
        "no_role:faith", "no_role:health", "no_role:housing"}
    one = exercise.view(board(), audience("screen", anonymous=True, sector_sizes={"Faith": 1, "Health": 3}))
    assert one["flags"]["no_role:other"]["count"] == 1
    assert flag_text(one["flags"]["no_role:other"]).startswith("1 smaller sector ")


def test_flag_orders_are_unique_and_sequential():
    view = exercise.view(board(), audience("facilitator"))
    assert sorted(f["order"] for f in view["flags"].values()) == list(range(len(view["flags"])))


def test_personal_view_holds_only_own_nominations_even_while_hidden():
    state = board()
    ana = exercise.personal(state, audience(participant_id="p:1", hidden=True))
    (mine,) = ana["mine"].values()
    assert mine["reason"] == REASON and mine["organisation_name"] == "City Clinic" and mine["seconds"] == 1
    assert ana["organisation"] and ana["seconded"] == [] and ana["nominations_left"] == 29
    ben = exercise.personal(state, audience(participant_id="p:2", hidden=True))
    assert ben["mine"] == {} and ben["seconded"] == [mine["id"]]
    assert REASON not in wire(ben)
    nobody = exercise.personal(state, audience(participant_id="p:77"))
    assert nobody == {"organisation": "", "mine": {}, "seconded": [], "nominations_left": 30}


def test_views_do_not_mutate_state():
    state = board()
    before = copy.deepcopy(state)
    exercise.view(state, audience(anonymous=True, sector_sizes={"Faith": 1}))
    exercise.personal(state, audience(participant_id="p:1"))
    exercise.plan(state, state["config"])
    exported(exercise.contributions(state), *ACTORS)
    assert state == before


def test_plan_has_roles_structure_and_flags():
    state = board()
    items = exercise.plan(state, state["config"])
    json.dumps(items)
    assert {i["section"] for i in items} == {"roles", "structure", "flags"}
    assert all(i["section"] in PLAN_SECTIONS for i in items)
    lead = next(i for i in items if i["ref"] == "role:r1")
    assert lead["data"]["lead"] == "North School" and lead["sectors"] == ["Education"]
    assert "Lead: North School" in lead["text"] and "Responsibilities:" in lead["text"]
    body = next(i for i in items if i["ref"] == "body:b8")
    assert body["data"]["members"] == ["North School"] and body["text"] == "Members: North School."
    flag_refs = {i["ref"] for i in items if i["section"] == "flags"}
    assert "flag:unfilled:r2" in flag_refs and "flag:one_sector:b8" in flag_refs
    assert "flag:no_role:faith" in flag_refs and "flag:no_role:health" in flag_refs
    assert len({i["ref"] for i in items}) == len(items)
    assert exercise.plan(state, state["config"]) == items


def test_contributions_rows_have_an_author_column():
    rows = exported(exercise.contributions(board()), *ACTORS)
    json.dumps(rows)
    assert rows[0]["author"] == "Ana Secretname" and rows[0]["reason"] == REASON and rows[0]["seconds"] == 1
    assert {r["type"] for r in rows} == {"nomination", "confirmed lead", "confirmed member"}
    assert all("author" in r for r in rows)
    assert len({tuple(r) for r in rows}) == 1  # every row has the same columns


# -- action forms --------------------------------------------------------------------------


@pytest.mark.parametrize("form,payload", [
    (forms.VolunteerForm, {"target_id": "r1"}),
    (forms.VolunteerForm, {"target_id": "r1", "reason": "we can"}),
    (forms.NominateForm, {"target_id": "r1", "organisation": "City Clinic", "reason": "data"}),
    (forms.NominationForm, {"nomination_id": "n4"}),
    (forms.ConfirmNominationForm, {"nomination_id": "n4", "position": "lead"}),
    (forms.AssignForm, {"target_id": "b8", "organisation": "o3"}),
    (forms.UnassignForm, {"target_id": "b8", "organisation": "o3"}),
    (forms.AddItemForm, {"name": "Scribe"}),
    (forms.EditRoleForm, {"target_id": "r1", "name": "Scribe", "responsibilities": "notes\nminutes"}),
    (forms.EditBodyForm, {"target_id": "b1", "name": "Board", "description": "decides"}),
    (forms.TargetForm, {"target_id": "r1"}),
    (forms.AddOrganisationForm, {"name": "Food Bank", "sector": "Community"}),
    (forms.OrganisationForm, {"organisation": "o1"}),
    (forms.LimitForm, {"limit": "3"}),
])
def test_action_forms_accept_good_payloads(form, payload):
    data, errors = validate(form, payload)
    assert errors is None, errors


@pytest.mark.parametrize("form,payload,field", [
    (forms.VolunteerForm, {}, "target_id"),
    (forms.VolunteerForm, {"target_id": "r1", "reason": "x" * 501}, "reason"),
    (forms.NominateForm, {"target_id": "r1", "organisation": "City Clinic"}, "reason"),
    (forms.NominateForm, {"target_id": "r1", "reason": "why"}, "organisation"),
    (forms.NominateForm, {"target_id": "r1", "organisation": "o" * 81, "reason": "why"}, "organisation"),
    (forms.NominationForm, {"nomination_id": "n" * 25}, "nomination_id"),
    (forms.AssignForm, {"target_id": "r1"}, "organisation"),
    (forms.AddItemForm, {"name": ""}, "name"),
    (forms.AddItemForm, {"name": "x", "description": "y" * 241}, "description"),
    (forms.EditRoleForm, {"name": "x"}, "target_id"),
    (forms.AddOrganisationForm, {"name": "Food Bank", "sector": "s" * 61}, "sector"),
    (forms.LimitForm, {"limit": "11"}, "limit"),
    (forms.LimitForm, {"limit": "many"}, "limit"),
])
def test_action_forms_reject_bad_payloads(form, payload, field):
    data, errors = validate(form, payload)
    assert data is None and field in errors


def test_every_action_has_a_handler_and_a_label():
    from plugins.role_board.reducer import HANDLERS

    assert set(exercise.actions) == set(HANDLERS)
    assert all(spec.label for spec in exercise.actions.values())
    participant_actions = {k for k, spec in exercise.actions.items() if "participant" in spec.roles}
    assert participant_actions == {"volunteer", "nominate", "second", "unsecond", "withdraw"}
    assert all(exercise.actions[k].statuses == {"open"} for k in participant_actions)


def test_flags_on_the_wire_are_codes_not_sentences():
    """Everyone sharing a view may read another language: flags carry kinds and values only."""
    view = exercise.view(board(), audience("screen", anonymous=True, sector_sizes={"Faith": 1, "Housing": 4}))
    for flag in view["flags"].values():
        assert "text" not in flag and set(flag) <= {"id", "kind", "target", "organisation", "name", "sector",
                                                    "count", "limit", "order"}
    assert view["flags"]["unfilled:r2"]["name"] == view["roles"]["r2"]["name"]


def test_plan_errors_and_default_config_follow_the_language(app):
    from flask_babel import force_locale

    state = board()
    with app.test_request_context(), force_locale("fr"):
        items = exercise.plan(state, state["config"])
        assert next(i for i in items if i["ref"] == "role:r1")["text"].startswith("Chef de file\u00a0: North School.")
        assert any(i["title"].startswith("Aucune organisation n'a encore pris le rôle") for i in items)
        with pytest.raises(DomainError) as info:
            exercise.apply(state, Action("add_role", {"name": state["roles"]["r1"]["name"]}), FACILITATOR)
        assert info.value.message.startswith("Il existe déjà un rôle appelé Lead")
        defaults = forms.RoleBoardConfigForm().data
        assert defaults["roles"].startswith("Chef de file / coordination centrale | Réunit les partenaires")
        assert exercise.title == "Tableau des rôles"
    assert exercise.title == "Role assignment board"  # outside a request: English
    assert forms.RoleBoardConfigForm().data["roles"].startswith("Lead / backbone coordination | Brings")


# -- the templates inside the core pages, for every audience -------------------------------


def test_console_screen_and_participant_pages_render(app, client):
    owner = create_facilitator()
    partnership = create_partnership(owner)
    workshop = create_workshop(partnership, steps=(("role_board", None),))
    login(client)
    console = client.get(f"/w/{workshop.id}/console").data.decode()
    assert 'data-action="edit_role"' in console and 'data-action="add_organisation"' in console
    assert "Lead / backbone coordination" in console  # role options rendered server-side
    screen = client.get(f"/w/{workshop.id}/screen").data.decode()
    assert 'data-region="flags"' in screen
    _, token = create_participant(workshop)
    client.set_cookie(cookie_name(workshop.id), token)
    page = client.get(f"/w/{workshop.id}/me").data.decode()
    assert 'data-action="nominate"' in page and "Data team" in page
    assert "style=" not in page and "<script>" not in page.split("</head>")[-1]



def test_participant_page_and_console_render_in_french(app, client):
    """A participant who reads French gets the board's own texts, and its JS strings, in French."""
    workshop, page = french_participant_page(client, "role_board")
    assert "Proposer une organisation" in page and "Vos propositions" in page
    assert ">Nominate an organisation</h3>" not in page and ">Your nominations<" not in page
    boot = json.loads(page.split('<script type="application/json" id="boot">')[1].split("</script>")[0])
    assert boot["lang"] == "fr"  # the board's browser strings travel in the boot data
    strings = boot["strings"]
    assert strings["No organisation has taken on {name} yet."] == "Aucune organisation n'a encore pris le rôle {name}."
    assert strings["{n} nomination"] == ["{n} proposition", "{n} propositions"]
    login(client)
    fresh_locale()
    console = client.get(f"/w/{workshop.id}/console?lang=fr").data.decode()
    assert "Points d'attention" in console and "Enregistrer le rôle" in console and ">Save role<" not in console


# -- measures ------------------------------------------------------------------------------------


def test_measures_count_the_roles_with_a_lead_and_those_without():
    found = {m.key: m.value for m in exercise.measures(board(), {})}
    # Seven default roles; only the first has a lead (a nomination is not a lead).
    assert found == {"roles_led": 1, "roles_without_lead": 6}
