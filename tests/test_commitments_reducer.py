"""Pure tests of the Commitments ledger: every action, every refusal, the amounts' units and
arithmetic, the needs lines, totals, gaps and flags."""
import copy
import json

import pytest

from app.exercises import Action, Actor, DomainError
from app.exercises.validation import validate
from plugins.commitments import exercise, forms
from plugins.commitments.ledger import AmountError, flags, kind_for, parse_amount, parse_needs, totals
from tests.phase_helpers import apply as phased
from tests.phase_helpers import at

FACILITATOR = Actor(role="facilitator", id="f:1", name="Fran")
ANA = Actor(role="participant", id="p:1", name="Ana", organisation="North School", sector="Education")
BEN = Actor(role="participant", id="p:2", name="Ben", organisation="City Clinic", sector="Health")
ANA_COLLEAGUE = Actor(role="participant", id="p:3", name="Al", organisation="north  school", sector="Education")
NO_ORG = Actor(role="participant", id="p:9", name="Nia", sector="Community")


def start(**overrides):
    return exercise.initial_state({**forms.CommitmentsConfigForm().data, **overrides})


def act(state, actor, type_, **data):
    return exercise.apply(state, Action(type_, data), actor)


def commit(state, actor, kind="staff_time", description="Two evenings of a youth worker", amount="12", **more):
    return act(state, actor, "commit", kind=kind, description=description, amount=amount,
               until=more.pop("until", ""), essential=more.pop("essential", True), **more)


def refused(state, actor, type_, match, field=None, **data):
    before = copy.deepcopy(state)
    with pytest.raises(DomainError, match=match) as caught:
        act(state, actor, type_, **data)
    assert state == before
    if field:
        assert caught.value.field == field
    return caught.value


def only(state):
    (c,) = state["commitments"].values()
    return c


# -- amounts -------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "value"), [
    ("12", 12), ("12.5", 12.5), ("12,5", 12.5), ("1 000", 1000), ("1\u00a0000", 1000), ("1\u202f000,5", 1000.5),
    ("1,000", 1000), ("1,000,000", 1_000_000), ("1.000.000", 1_000_000), ("1,000.50", 1000.5),
    ("1.000,50", 1000.5), (" 40 ", 40), ("0,25", 0.25), ("2500.50", 2500.5),
])
def test_amounts_read_as_numbers_in_either_writing(text, value):
    assert parse_amount(text, "funds") == value


@pytest.mark.parametrize(("text", "message"), [
    ("twelve", "number only"), ("12 hours", "number only"), ("€12", "number only"), ("1,2,3", "number only"),
    ("12.", "number only"), ("", "as a number"), ("   ", "as a number"), ("-5", "negative"), ("−5", "negative"),
    ("0", "more than zero"), ("0,0", "more than zero"), ("<script>1</script>", "number only"),
])
def test_text_negative_and_zero_amounts_are_refused(text, message):
    with pytest.raises(AmountError, match=message):
        parse_amount(text, "staff_time")


def test_absurd_amounts_are_refused_per_kind():
    assert parse_amount("20000", "staff_time") == 20000
    with pytest.raises(AmountError, match="more than 20,000"):
        parse_amount("20001", "staff_time")
    assert parse_amount("1000000000", "funds") == 1_000_000_000
    with pytest.raises(AmountError, match="number only"):
        parse_amount("1e12", "funds")  # not a number as people write one
    with pytest.raises(AmountError, match="more than"):
        parse_amount("1000000001", "funds")
    with pytest.raises(AmountError, match="more than"):
        parse_amount("10001", "people")


def test_people_are_counted_in_whole_numbers():
    assert parse_amount("3", "people") == 3
    with pytest.raises(AmountError, match="whole numbers"):
        parse_amount("2,5", "people")


def test_free_text_kinds_keep_their_words():
    assert parse_amount("  room for 30,   Tuesdays ", "spaces") == "room for 30, Tuesdays"
    assert parse_amount("", "data") == ""
    with pytest.raises(AmountError, match="under 120"):
        parse_amount("x" * 121, "in_kind")


# -- needs ----------------------------------------------------------------------------------


def test_needs_lines_in_english_or_french():
    assert parse_needs("staff time | 40\nfunds | 10 000\n\npeople|6") == {"staff_time": 40, "funds": 10000, "people": 6}
    assert parse_needs("Temps de travail | 12,5\nfonds | 2000") == {"staff_time": 12.5, "funds": 2000}
    assert kind_for("staff_time") == "staff_time" and kind_for("Spaces") is None


@pytest.mark.parametrize(("text", "message"), [
    ("staff time 40", "Line 1: write a kind, a bar"), ("funds | 10\nrooms | 2", "Line 2: “rooms” is not a kind"),
    ("spaces | 2", "not a kind that can be counted"), ("funds | ten", "Line 1: Write the amount as a number"),
    ("funds | 1\nfunds | 2", "Line 2: Funds is there twice"), ("funds | -3", "negative"),
])
def test_wrong_needs_lines_are_named(app, text, message):
    with app.test_request_context():
        with pytest.raises(ValueError, match=message):
            parse_needs(text)


def test_the_config_form_refuses_a_wrong_needs_line(app):
    with app.test_request_context():
        data, errors = validate(forms.CommitmentsConfigForm, {**forms.CommitmentsConfigForm().data,
                                                              "needs": "staff time | lots"})
        assert "needs" in errors and "Line 1" in errors["needs"][0]
        data, errors = validate(forms.CommitmentsConfigForm, {**forms.CommitmentsConfigForm().data,
                                                              "needs": "staff time | 40"})
        assert not errors and exercise.initial_state(data)["needs"] == {"staff_time": 40}


def test_initial_state_from_the_config():
    state = start(needs="staff time | 40\nfunds | 10000")
    assert state["needs"] == {"staff_time": 40, "funds": 10000}
    assert state["commitments"] == {} and state["next_id"] == 1
    assert start(needs="garbage")["needs"] == {}  # an imported config that the form never checked
    json.dumps(start())


# -- commit / edit / withdraw ---------------------------------------------------------------


def test_commit_stores_the_organisation_as_content_and_the_author_as_id_and_sector():
    state = commit(start(), ANA, amount="12,5", until="2027-06-30")
    c = only(state)
    assert (c["kind"], c["amount"], c["until"], c["essential"], c["confirmed"]) == ("staff_time", 12.5, "2027-06-30",
                                                                                   True, False)
    assert c["organisation"] == "North School"
    assert c["author"] == {"id": "p:1", "sector": "Education"}
    assert "Ana" not in json.dumps(state)


def test_commit_takes_a_date_object_from_the_form():
    data, errors = validate(forms.CommitForm, {"kind": "funds", "description": "Seed money", "amount": "1 000",
                                               "until": "2027-01-31", "essential": False})
    assert not errors
    c = only(exercise.apply(start(), Action("commit", data), BEN))
    assert (c["amount"], c["until"], c["essential"]) == (1000, "2027-01-31", False)


def test_the_form_refuses_a_bad_date_and_an_unknown_kind(app):
    with app.test_request_context():
        _, errors = validate(forms.CommitForm, {"kind": "gold", "description": "x", "amount": "1", "until": "soon"})
    assert set(errors) == {"kind", "until"}


def test_commit_refusals_name_their_field():
    state = start()
    refused(state, ANA, "commit", "Say what your organisation commits", field="description", kind="funds",
            description="   ", amount="10", until="", essential=True)
    refused(state, ANA, "commit", "number only", field="amount", kind="funds", description="Seed money",
            amount="ten thousand", until="", essential=True)
    refused(state, ANA, "commit", "negative", field="amount", kind="staff_time", description="Hours",
            amount="-4", until="", essential=True)
    refused(state, ANA, "commit", "whole numbers", field="amount", kind="people", description="Volunteers",
            amount="1,5", until="", essential=True)
    refused(state, ANA, "commit", "kinds in the list", field="kind", kind="gold", description="x", amount="1",
            until="", essential=True)
    refused(state, ANA, "commit", "under 300", field="description", kind="data", description="x" * 301,
            amount="", until="", essential=True)
    refused(state, ANA, "commit", "calendar day", field="until", kind="data", description="Counts",
            amount="", until="30/06/2027", essential=True)
    refused(state, ANA, "commit", "between 2000 and 2100", field="until", kind="data", description="Counts",
            amount="", until="2300-01-01", essential=True)
    refused(state, NO_ORG, "commit", "organisation is not on the list", kind="data", description="Counts",
            amount="", until="", essential=True)


def test_markup_is_kept_as_text():
    c = only(commit(start(), ANA, kind="in_kind", description="<script>alert(1)</script>", amount="<b>x</b>"))
    assert c["description"] == "<script>alert(1)</script>" and c["amount"] == "<b>x</b>"


def test_a_participant_has_a_limit_and_the_ledger_too(monkeypatch):
    from plugins.commitments import reducer

    monkeypatch.setattr(reducer, "MAX_EACH", 2)
    state = commit(commit(start(), ANA), ANA)
    refused(state, ANA, "commit", "You have recorded 2", kind="data", description="x", amount="", until="",
            essential=True)
    monkeypatch.setattr(reducer, "MAX_COMMITMENTS", 2)
    refused(state, BEN, "commit", "ledger is full", kind="data", description="x", amount="", until="",
            essential=True)


def test_edit_own_changes_it_and_takes_back_a_confirmation():
    state = commit(start(), ANA)
    cid = only(state)["id"]
    state = act(state, FACILITATOR, "confirm", commitment_id=cid)
    assert only(state)["confirmed"]
    state = act(state, ANA, "edit", commitment_id=cid, kind="funds", description="Seed money", amount="2 500,50",
                until="", essential=False)
    c = only(state)
    assert (c["kind"], c["amount"], c["essential"], c["confirmed"]) == ("funds", 2500.5, False, False)
    assert c["organisation"] == "North School"  # the commitment stays the organisation's


def test_the_facilitator_edits_any_and_keeps_the_confirmation():
    state = commit(start(), ANA)
    cid = only(state)["id"]
    state = act(state, FACILITATOR, "confirm", commitment_id=cid)
    state = act(state, FACILITATOR, "edit", commitment_id=cid, kind="staff_time", description="Typo fixed",
                amount="16", until="", essential=True)
    assert only(state)["confirmed"] and only(state)["description"] == "Typo fixed"
    assert only(state)["author"]["id"] == "p:1"


def test_nobody_edits_or_withdraws_another_participants_commitment():
    state = commit(start(), ANA)
    cid = only(state)["id"]
    refused(state, BEN, "edit", "only change the commitments you recorded", commitment_id=cid, kind="funds",
            description="Mine now", amount="1", until="", essential=True)
    refused(state, BEN, "withdraw", "only change the commitments you recorded", commitment_id=cid)
    # Even a colleague of the same organisation: the one who typed it answers for it.
    refused(state, ANA_COLLEAGUE, "withdraw", "only change", commitment_id=cid)


def test_a_bad_edit_loses_nothing():
    state = commit(start(), ANA)
    cid = only(state)["id"]
    refused(state, ANA, "edit", "number only", field="amount", commitment_id=cid, kind="staff_time",
            description="Changed", amount="a lot", until="", essential=True)


def test_unknown_ids_are_refused():
    state = commit(start(), ANA)
    for type_ in ("withdraw", "confirm", "unconfirm"):
        refused(state, FACILITATOR, type_, "no longer exists", commitment_id="k99")
    refused(state, ANA, "edit", "no longer exists", commitment_id="k99", kind="data", description="x", amount="",
            until="", essential=True)


def test_withdraw_own_and_by_the_facilitator():
    state = commit(commit(start(), ANA), BEN)
    ana, ben = sorted(state["commitments"])
    state = act(state, ANA, "withdraw", commitment_id=ana)
    assert list(state["commitments"]) == [ben]
    state = act(state, FACILITATOR, "withdraw", commitment_id=ben)
    assert state["commitments"] == {}
    refused(state, ANA, "withdraw", "no longer exists", commitment_id=ana)


def test_confirm_and_unconfirm():
    state = commit(start(), ANA)
    cid = only(state)["id"]
    state = act(state, FACILITATOR, "confirm", commitment_id=cid)
    assert only(state)["confirmed"] is True
    state = act(state, FACILITATOR, "unconfirm", commitment_id=cid)
    assert only(state)["confirmed"] is False


def test_set_needs_live_and_refused_when_wrong(app):
    state = start(needs="funds | 100")
    state = act(state, FACILITATOR, "set_needs", needs="staff time | 40\npeople | 4")
    assert state["needs"] == {"staff_time": 40, "people": 4}
    with app.test_request_context():
        refused(state, FACILITATOR, "set_needs", "Line 1", field="needs", needs="data | 3")
    assert act(state, FACILITATOR, "set_needs", needs="")["needs"] == {}


def test_only_the_facilitator_confirms_or_sets_needs():
    for type_ in ("confirm", "unconfirm", "set_needs"):
        assert exercise.actions[type_].roles == frozenset({"facilitator"})


def test_review_phase_stops_participants_but_not_the_facilitator():
    state = commit(start(), ANA)
    cid = only(state)["id"]
    review = at(state, "review", exercise)
    with pytest.raises(DomainError, match="Review and confirm"):
        phased(exercise, review, Action("withdraw", {"commitment_id": cid}), ANA)
    done = phased(exercise, review, Action("confirm", {"commitment_id": cid}), FACILITATOR)
    assert only(done)["confirmed"]


def test_apply_does_not_mutate_and_is_deterministic():
    state = commit(start(), ANA)
    before = copy.deepcopy(state)
    one = commit(state, BEN, kind="funds", amount="10")
    two = commit(state, BEN, kind="funds", amount="10")
    assert one == two and state == before


# -- totals and flags -----------------------------------------------------------------------


def ledger():
    state = start(needs="staff time | 100\nfunds | 10000", overload_hours=50, load_share=60)
    state = commit(state, ANA, amount="60")
    state = commit(state, ANA_COLLEAGUE, amount="10,5")
    state = commit(state, BEN, amount="20")
    state = commit(state, BEN, kind="funds", description="Seed money", amount="4 000")
    state = commit(state, ANA, kind="spaces", description="Hall", amount="Tuesdays")
    return state


def test_totals_per_kind_and_organisation_fold_spellings_together():
    by_kind = totals(ledger()["commitments"].values())
    staff = by_kind["staff_time"]
    assert (staff["count"], staff["total"], staff["confirmed"]) == (3, 90.5, 0)
    assert {o["name"]: o["amount"] for o in staff["orgs"].values()} == {"North School": 70.5, "City Clinic": 20}
    assert by_kind["funds"]["total"] == 4000 and by_kind["spaces"]["count"] == 1 and by_kind["spaces"]["total"] == 0


def test_flags_over_commitment_and_a_dominant_share():
    state = ledger()
    found = flags(totals(state["commitments"].values()), 50, 60)
    kinds = {(f["kind"], f["organisation"]) for f in found}
    assert ("overload", "North School") in kinds  # 70.5 hours > 50
    assert ("share", "North School") in kinds  # 78 % of staff time > 60 %
    assert ("overload", "City Clinic") not in kinds
    # A kind with one commitment is not "carried by one organisation" yet.
    assert not any(f["kind"] == "share" and f["of"] == "funds" for f in found)
    assert not flags(totals(state["commitments"].values()), 100, 80)
