"""What each audience sees of the Commitments ledger: the facilitator's totals, gaps, flags and
organisations; the hide switch and anonymity on the server; an organisation gone from the room;
the plan and the export rows."""
import json

from app.exercises import Action, Actor, Audience
from plugins.commitments import exercise, forms
from tests.roster_helpers import exported, names

FACILITATOR = Actor(role="facilitator", id="f:1", name="Fran")
ANA = Actor(role="participant", id="p:1", name="Ana Quill", organisation="North School", sector="Education")
BEN = Actor(role="participant", id="p:2", name="Ben Marrow", organisation="City Clinic", sector="Health")
ROSTER = names(ANA, BEN, FACILITATOR)


def act(state, actor, type_, **data):
    return exercise.apply(state, Action(type_, data), actor)


def commit(state, actor, kind, description, amount, until="", essential=True):
    return act(state, actor, "commit", kind=kind, description=description, amount=amount, until=until,
               essential=essential)


def ledger():
    state = exercise.initial_state({**forms.CommitmentsConfigForm().data,
                                    "needs": "staff time | 100\nfunds | 10000\npeople | 2", "overload_hours": 50})
    state = commit(state, ANA, "staff_time", "Youth worker two evenings a week", "70", until="2027-06-30")
    state = commit(state, BEN, "staff_time", "Nurse time for the drop-in", "20", essential=False)
    state = commit(state, BEN, "funds", "Seed money for the pilot", "12 000")
    state = commit(state, ANA, "spaces", "The school hall", "Tuesdays after 4 pm")
    return state


def facilitator(state, roster=ROSTER, **more):
    return exercise.view(state, Audience(role="facilitator", names=roster, **more))


def test_the_console_sees_totals_needs_gaps_and_flags():
    view = facilitator(ledger())
    staff, funds, people = view["kinds"]["staff_time"], view["kinds"]["funds"], view["kinds"]["people"]
    assert (staff["total"], staff["need"], staff["gap"], staff["count"]) == (90, 100, 10, 2)
    assert (funds["total"], funds["need"], funds["gap"]) == (12000, 10000, 0)
    assert (people["total"], people["need"], people["gap"]) == (0, 2, 2)
    assert view["kinds"]["spaces"]["counted"] is False and "total" not in view["kinds"]["spaces"]
    flags = {(f["kind"], f["organisation"]) for f in view["flags"].values()}
    assert flags == {("overload", "North School"), ("share", "North School")}
    orgs = {o["name"]: o for o in view["organisations"].values()}
    assert orgs["North School"]["amounts"] == {"staff_time": 70} and orgs["North School"]["count"] == 2
    assert orgs["City Clinic"]["amounts"] == {"staff_time": 20, "funds": 12000}
    assert not any(o["gone"] for o in orgs.values())
    assert not any("gone" in c for c in view["commitments"].values())


def test_nothing_that_grows_is_an_array():
    view = facilitator(ledger())
    for key in ("commitments", "kinds", "flags", "organisations"):
        assert isinstance(view[key], dict)
    assert all(isinstance(row.get("orgs", {}), dict) for row in view["kinds"].values())


def test_an_organisation_no_longer_in_the_room_is_kept_and_marked():
    state = ledger()
    # Ben was purged (or his organisation changed on the roster): City Clinic has nobody left.
    view = facilitator(state, roster=names(ANA, FACILITATOR))
    clinic = [c for c in view["commitments"].values() if c["organisation"] == "City Clinic"]
    assert len(clinic) == 2 and all(c["gone"] for c in clinic)
    assert all(c["author"]["name"] == "" for c in clinic)
    assert {o["name"]: o["gone"] for o in view["organisations"].values()} == {"North School": False,
                                                                               "City Clinic": True}
    assert view["kinds"]["funds"]["total"] == 12000  # still counted
    assert len(exercise.plan(act(state, FACILITATOR, "confirm", commitment_id=clinic[0]["id"]), {})) >= 1


def test_participants_see_who_brings_what_but_not_while_hidden():
    state = ledger()
    room = exercise.view(state, Audience(role="participant", names=ROSTER))
    assert {c["organisation"] for c in room["commitments"].values()} == {"North School", "City Clinic"}
    assert room["kinds"]["staff_time"]["orgs"]
    hidden = exercise.view(state, Audience(role="participant", hidden=True, names=ROSTER))
    wire = json.dumps(hidden)
    assert hidden["hidden_count"] == 4 and hidden["commitments"] == {}
    for secret in ("Youth worker", "North School", "12000", "Ana"):
        assert secret not in wire
    screen = exercise.view(state, Audience(role="screen", hidden=True))
    assert screen["commitments"] == {} and screen["hidden_count"] == 4


def test_anonymous_rooms_see_totals_without_organisations():
    state = ledger()
    for role in ("participant", "screen"):
        view = exercise.view(state, Audience(role=role, anonymous=True, sector_sizes={"Education": 1, "Health": 4}))
        wire = json.dumps(view)
        assert "North School" not in wire and "City Clinic" not in wire and '"p:1"' not in wire
        assert view["kinds"]["staff_time"]["total"] == 90 and "orgs" not in view["kinds"]["staff_time"]
        assert view["flags"] == {} and view["organisations"] == {} and view["anonymous"] is True
        # A sector shows only for a group of three or more.
        sectors = {c["author"].get("sector") for c in view["commitments"].values()}
        assert sectors == {None, "Health"}
    assert "North School" in json.dumps(facilitator(state, anonymous=True))


def test_personal_is_only_ones_own():
    state = ledger()
    mine = exercise.personal(state, Audience(role="participant", participant_id="p:1"))["mine"]
    assert {c["description"] for c in mine.values()} == {"Youth worker two evenings a week", "The school hall"}
    assert exercise.personal(state, Audience(role="participant", participant_id="p:9"))["mine"] == {}


def test_confirmed_commitments_become_actions_with_owner_and_due(app):
    state = ledger()
    ids = {c["description"]: c["id"] for c in state["commitments"].values()}
    state = act(state, FACILITATOR, "confirm", commitment_id=ids["Youth worker two evenings a week"])
    state = act(state, FACILITATOR, "confirm", commitment_id=ids["Seed money for the pilot"])
    with app.test_request_context():
        items = exercise.plan(state, state["config"])
    actions = [i for i in items if i["section"] == "actions"]
    assert len(actions) == 2  # unconfirmed ones stay out
    youth = next(i for i in actions if i["title"] == "Youth worker two evenings a week")
    assert youth["data"]["owner"] == "North School" and youth["data"]["due"] == "2027-06-30"
    assert youth["text"] == ("North School brings: Staff time · 70 hours a month · essential · "
                             "until June 30, 2027.")
    seed = next(i for i in actions if i["title"] == "Seed money for the pilot")
    assert seed["data"]["due"] == "" and "12,000 €" in seed["text"]
    gaps = {i["ref"]: i for i in items if i["section"] == "flags"}
    assert set(gaps) == {"gap:staff_time", "gap:people"}  # funds are covered
    assert gaps["gap:staff_time"]["title"] == "Still needed: 10 hours a month (staff time)"
    assert exercise.plan_data_words(youth["data"]) == {"kind": "Staff time"}


def test_export_rows_carry_the_organisation_as_content_and_the_author_from_the_roster():
    rows = exported(exercise.contributions(ledger()), ANA, BEN)
    first = rows[0]
    assert (first["kind"], first["amount"], first["unit"], first["committing_organisation"]) == (
        "staff_time", 70, "hours/month", "North School")
    assert first["author"] == "Ana Quill" and first["organisation"] == "North School"
    assert "committing_organisation" in exercise.authorship.names  # blanked in anonymous exports


# -- measures ------------------------------------------------------------------------------------


def test_measures_give_hours_funds_organisations_and_needs_met_or_open():
    found = {m.key: m.value for m in exercise.measures(ledger(), {})}
    # Needs: 100 hours (90 committed: open), 10 000 in funds (12 000: met), 2 people (none: open).
    assert found == {"staff_hours": 90, "funds": 12000, "organisations": 2, "needs_met": 1, "needs_open": 2}


def test_an_empty_ledger_without_needs_gives_no_figure():
    assert exercise.measures(exercise.initial_state(forms.CommitmentsConfigForm().data), {}) == []
