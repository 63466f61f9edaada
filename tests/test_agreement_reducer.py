"""Pure tests of the partnership agreement reducer and forms: no app, no database."""
import copy
import json

import pytest

from app.exercises import Action, Actor, DomainError
from app.exercises.validation import validate
from plugins.agreement import exercise, forms
from plugins.agreement.forms import parse_clauses

ANA = Actor(role="participant", id="p:1", name="Ana", organisation="North School", sector="Education")
BEN = Actor(role="participant", id="p:2", name="Ben", organisation="City Clinic", sector="Health")
CY = Actor(role="participant", id="p:3", name="Cy", organisation="East School", sector="Education")
FAC = Actor(role="facilitator", id="f:1", name="Fran")

TWO = "## Purpose\nWe work together for every child.\n\n## Data sharing\nWe share only what the work needs."


def config(**overrides):
    data, errors = validate(forms.AgreementConfigForm, {
        **{f.name: f.data for f in forms.AgreementConfigForm()}, "clauses": TWO,
        "organisations": "North School\nCity Clinic\nEast School", **overrides})
    assert errors is None, errors
    return data


def fresh(**overrides):
    return exercise.initial_state(config(**overrides))


def run(state, action_type, actor, sent_at=0, **data):
    """Validate ``data`` through the action's form (as the engine does), then apply it as
    accepted at ``sent_at`` (the core's ``Action.at``, seconds since 1970)."""
    clean, errors = validate(exercise.actions[action_type].form, data)
    assert errors is None, errors
    return exercise.apply(state, Action(action_type, clean, at=sent_at), actor)


def refused(state, action_type, actor, match, field=None, **data):
    before = copy.deepcopy(state)
    with pytest.raises(DomainError, match=match) as caught:
        run(state, action_type, actor, **data)
    assert state == before, "a refused action changed the state"
    if field:
        assert caught.value.field == field
    return caught.value


def opened(state=None, clause="c1"):
    return run(state or fresh(), "open_clause", FAC, clause_id=clause, sent_at=1764660000)


def answer(state, actor, kind="support", reason="", clause="c1", version=1, sent_at=1764660100):
    return run(state, "answer", actor, clause_id=clause, version=version, answer=kind, reason=reason, sent_at=sent_at)


def amend(state, text="We work together for every child and family.", clause="c1", heading="Purpose"):
    return run(state, "amend_clause", FAC, clause_id=clause, heading=heading, text=text, sent_at=1764660200)


# -- the config ---------------------------------------------------------------------------


def test_headings_split_the_clauses_and_keep_their_paragraphs():
    assert parse_clauses("## One\nFirst line\n\nsecond para\n## Two\n  Spaced   text ") == [
        ("One", "First line\n\nsecond para"), ("Two", "Spaced text")]


def test_without_headings_each_paragraph_is_a_clause():
    assert parse_clauses("First clause\ncontinues\n\n\nSecond clause") == [
        ("", "First clause\ncontinues"), ("", "Second clause")]


def test_a_heading_without_text_is_skipped_and_text_before_any_heading_is_a_clause():
    assert parse_clauses("Preamble text\n## Empty\n\n## Real\nBody") == [("", "Preamble text"), ("Real", "Body")]


def test_the_config_text_becomes_numbered_draft_clauses():
    state = fresh()
    assert [c["versions"]["1"]["heading"] for c in state["clauses"].values()] == ["Purpose", "Data sharing"]
    assert all(c["status"] == "draft" and c["version"] == 1 for c in state["clauses"].values())
    assert state["config"]["organisations"] == ["North School", "City Clinic", "East School"]
    assert state["open"] == ""


def test_the_default_config_is_valid_and_drafts_clauses():
    data, errors = validate(forms.AgreementConfigForm, {f.name: f.data for f in forms.AgreementConfigForm()})
    assert errors is None
    assert len(exercise.initial_state(data)["clauses"]) == 3


@pytest.mark.parametrize(("text", "message"), [
    ("## H\n" + "x" * 3001, "under 3000"),
    ("## " + "h" * 121 + "\ntext", "heading under"),
    ("\n\n".join(f"clause {i}" for i in range(41)), "At most 40"),
])
def test_the_config_refuses_huge_clauses_with_a_clear_message(text, message):
    _data, errors = validate(forms.AgreementConfigForm, {**config(), "clauses": text, "reason_max": 600})
    assert errors and message in " ".join(errors["clauses"])


def test_partnership_defaults_draft_from_purpose_and_organisations():
    drafted = exercise.partnership_defaults({"purpose": "Every child ready for school",
                                             "organisations": ["North School", "City Clinic"]})
    clauses = parse_clauses(drafted["clauses"])
    headings = [h for h, _ in clauses]
    assert headings[:2] == ["Purpose", "Partners and roles"] and "Review and exit" in headings
    assert "Data sharing" in headings and "Indicators" in headings and "Decision-making" in headings
    assert "Every child ready for school" in clauses[0][1] and "North School, City Clinic" in clauses[1][1]
    assert drafted["organisations"] == "North School\nCity Clinic"
    assert exercise.partnership_defaults({})["clauses"] == forms.DEFAULT_CLAUSES


# -- opening and answering ----------------------------------------------------------------


def test_opening_a_clause_puts_it_to_the_room_and_logs_it():
    state = opened()
    clause = state["clauses"]["c1"]
    assert state["open"] == "c1" and clause["status"] == "open"
    assert clause["log"][-1]["event"] == "opened" and clause["log"][-1]["sent_at"] == 1764660000


def test_opening_another_clause_pauses_the_first_and_keeps_its_answers():
    state = answer(opened(), ANA)
    state = opened(state, "c2")
    assert state["open"] == "c2" and state["clauses"]["c1"]["status"] == "paused"
    assert state["clauses"]["c1"]["answers"]["1"]["p:1"]["answer"] == "support"
    refused(state, "answer", BEN, "not open", clause_id="c1", version=1, answer="support", reason="")


def test_an_open_clause_cannot_be_opened_again():
    refused(opened(), "open_clause", FAC, "open already", clause_id="c1")


def test_answering_a_clause_that_is_not_open_is_refused():
    refused(fresh(), "answer", ANA, "not open for answers", clause_id="c1", version=1, answer="support", reason="")


def test_an_answer_is_stored_with_its_version_time_and_author_never_a_name():
    state = answer(opened(), ANA, "discuss", "Who pays for it?")
    given = state["clauses"]["c1"]["answers"]["1"]["p:1"]
    assert given["answer"] == "discuss" and given["reason"] == "Who pays for it?"
    assert given["author"] == {"id": "p:1", "sector": "Education"} and given["sent_at"] == 1764660100
    assert "Ana" not in json.dumps(state) and "North School" not in json.dumps(state["clauses"])


@pytest.mark.parametrize("kind", ["reservations", "object"])
def test_reservations_and_cannot_support_need_a_reason(kind):
    error = refused(opened(), "answer", ANA, "needs a reason", field="reason", clause_id="c1", version=1,
                    answer=kind, reason="   ")
    assert error.field == "reason"


@pytest.mark.parametrize("kind", ["support", "discuss"])
def test_a_reason_is_optional_otherwise(kind):
    state = answer(opened(), ANA, kind)
    assert state["clauses"]["c1"]["answers"]["1"]["p:1"]["reason"] == ""


def test_a_participant_changes_their_answer_while_the_clause_is_open():
    state = answer(opened(), ANA, "support")
    first_id = state["clauses"]["c1"]["answers"]["1"]["p:1"]["id"]
    state = answer(state, ANA, "object", "The exit notice is too short")
    given = state["clauses"]["c1"]["answers"]["1"]["p:1"]
    assert given["answer"] == "object" and given["changed"] and given["id"] == first_id
    assert len(state["clauses"]["c1"]["answers"]["1"]) == 1
    refused(state, "answer", ANA, "your answer already", clause_id="c1", version=1, answer="object",
            reason="The exit notice is too short")


def test_an_unknown_answer_or_clause_is_refused():
    _clean, errors = validate(forms.AnswerForm, {"clause_id": "c1", "version": 1, "answer": "maybe", "reason": ""})
    assert errors and "answer" in errors
    refused(opened(), "answer", ANA, "no longer exists", clause_id="c99", version=1, answer="support", reason="")


def test_facilitators_do_not_answer():
    refused(opened(), "answer", FAC, "for participants", clause_id="c1", version=1, answer="support", reason="")


def test_markup_in_a_reason_is_kept_as_text():
    state = answer(opened(), ANA, "object", "<script>alert(1)</script>")
    assert state["clauses"]["c1"]["answers"]["1"]["p:1"]["reason"] == "<script>alert(1)</script>"


def test_a_huge_reason_is_refused_by_the_step_setting():
    state = opened(fresh(reason_max=100))
    refused(state, "answer", ANA, "under 100", field="reason", clause_id="c1", version=1, answer="object",
            reason="x" * 101)
    _clean, errors = validate(forms.AnswerForm, {"clause_id": "c1", "version": 1, "answer": "object",
                                                 "reason": "x" * 1001})
    assert errors and "reason" in errors


# -- amending ---------------------------------------------------------------------------


def test_amending_an_unanswered_clause_corrects_it_in_place():
    state = amend(fresh())
    clause = state["clauses"]["c1"]
    assert clause["version"] == 1 and clause["versions"]["1"]["text"].endswith("and family.")
    assert clause["status"] == "draft" and clause["log"][-1]["event"] == "edited"


def test_amending_an_answered_clause_makes_a_new_version_and_reopens_it():
    state = answer(answer(opened(), ANA, "support"), BEN, "reservations", "Name the budget")
    state = amend(state)
    clause = state["clauses"]["c1"]
    assert clause["version"] == 2 and clause["status"] == "open" and state["open"] == "c1"
    assert clause["versions"]["1"]["text"] == "We work together for every child."
    assert clause["versions"]["2"]["text"] == "We work together for every child and family."
    # The earlier answers stay with version 1, untouched; version 2 starts empty.
    assert set(clause["answers"]["1"]) == {"p:1", "p:2"} and clause["answers"]["2"] == {}
    assert clause["answers"]["1"]["p:2"]["reason"] == "Name the budget"
    assert [e["event"] for e in clause["log"]][-2:] == ["amended", "opened"]


def test_an_answer_to_the_outdated_version_is_refused_and_loses_nothing():
    state = amend(answer(opened(), ANA))
    error = refused(state, "answer", BEN, "was amended; read the new text", field="version", clause_id="c1",
                    version=1, answer="object", reason="Too vague")
    assert error.field == "version"
    assert state["clauses"]["c1"]["answers"]["1"]["p:1"]["answer"] == "support"
    state = answer(state, BEN, "support", version=2)
    assert set(state["clauses"]["c1"]["answers"]["2"]) == {"p:2"}


def test_amend_while_answers_arrive_each_answer_lands_on_the_version_it_was_given_to():
    """The engine serialises actions: answers sent before the amendment arrive after it. Each
    carries the version its sender read; the late ones are refused, the new ones go to v2."""
    state = answer(opened(), ANA, "support")           # read v1, arrives before the amendment
    state = amend(state)                                # the facilitator amends: v2
    refused(state, "answer", BEN, "was amended", clause_id="c1", version=1, answer="support", reason="")
    state = answer(state, CY, "discuss", version=2)     # read v2
    refused(state, "answer", ANA, "was amended", clause_id="c1", version=1, answer="object", reason="Changed mind")
    state = answer(state, ANA, "object", "Still too vague", version=2)
    clause = state["clauses"]["c1"]
    assert {k: v["answer"] for k, v in clause["answers"]["1"].items()} == {"p:1": "support"}
    assert {k: v["answer"] for k, v in clause["answers"]["2"].items()} == {"p:3": "discuss", "p:1": "object"}
    assert clause["answers"]["1"]["p:1"]["seq"] < clause["answers"]["2"]["p:3"]["seq"] \
        < clause["answers"]["2"]["p:1"]["seq"]


def test_an_answer_to_a_version_from_the_future_is_refused():
    refused(opened(), "answer", ANA, "was amended", clause_id="c1", version=2, answer="support", reason="")


def test_amending_twice_keeps_every_version():
    state = amend(answer(opened(), ANA))
    state = answer(state, BEN, "object", "No", version=2)
    state = amend(state, text="Third wording of the clause.")
    clause = state["clauses"]["c1"]
    assert clause["version"] == 3 and sorted(clause["versions"]) == ["1", "2", "3"]
    assert set(clause["answers"]["1"]) == {"p:1"} and set(clause["answers"]["2"]) == {"p:2"}


def test_amending_a_paused_clause_reopens_it_and_pauses_the_open_one():
    state = answer(opened(), ANA)
    state = opened(state, "c2")
    state = amend(state)
    assert state["open"] == "c1" and state["clauses"]["c2"]["status"] == "paused"


def test_an_amendment_must_change_something_and_may_not_be_empty_or_huge():
    state = answer(opened(), ANA)
    refused(state, "amend_clause", FAC, "unchanged", clause_id="c1", heading="Purpose",
            text="We work together   for every child.")
    with pytest.raises(DomainError, match="Write the clause first"):  # past the form, the reducer refuses too
        exercise.apply(state, Action("amend_clause", {"clause_id": "c1", "heading": "", "text": "\n \n"}), FAC)
    _clean, errors = validate(forms.AmendClauseForm, {"clause_id": "c1", "heading": "", "text": "x" * 3001})
    assert errors and "text" in errors
    _clean, errors = validate(forms.AmendClauseForm, {"clause_id": "c1", "heading": "", "text": ""})
    assert errors and "text" in errors


# -- adding, removing, closing ------------------------------------------------------------


def test_the_facilitator_adds_a_clause_live():
    state = run(fresh(), "add_clause", FAC, heading="Resources", text="Each partner gives one day a month.")
    new = state["clauses"]["c3"]
    assert new["versions"]["1"]["heading"] == "Resources" and new["order"] > state["clauses"]["c2"]["order"]


def test_markup_in_a_clause_is_kept_as_text():
    state = run(fresh(), "add_clause", FAC, heading="<b>Bold</b>", text="<script>x()</script>")
    assert state["clauses"]["c3"]["versions"]["1"]["text"] == "<script>x()</script>"


def test_a_step_holds_at_most_forty_clauses():
    state = fresh(clauses="\n\n".join(f"Clause {i}" for i in range(40)))
    refused(state, "add_clause", FAC, "At most 40", heading="", text="One more")


def test_only_a_clause_without_answers_can_be_removed():
    state = run(fresh(), "remove_clause", FAC, clause_id="c2")
    assert "c2" not in state["clauses"]
    state = answer(opened(), ANA)
    refused(state, "remove_clause", FAC, "answers on record", clause_id="c1")
    refused(state, "remove_clause", FAC, "no longer exists", clause_id="c9")


def test_closing_records_the_outcome_and_when_and_stops_answers():
    state = answer(opened(), ANA, "reservations", "Budget year")
    state = run(state, "close_clause", FAC, clause_id="c1", outcome="agreed_reservations", sent_at=1764660900)
    clause = state["clauses"]["c1"]
    assert clause["status"] == "closed" and state["open"] == ""
    assert clause["versions"]["1"]["outcome"] == "agreed_reservations"
    assert clause["versions"]["1"]["outcome_at"] == 1764660900
    assert clause["log"][-1] == {"event": "closed", "version": 1, "seq": clause["log"][-1]["seq"],
                                 "sent_at": 1764660900, "outcome": "agreed_reservations"}
    refused(state, "answer", BEN, "not open", clause_id="c1", version=1, answer="support", reason="")
    refused(state, "close_clause", FAC, "closed already", clause_id="c1", outcome="agreed")


def test_a_draft_cannot_be_closed_and_the_outcome_must_be_known():
    refused(fresh(), "close_clause", FAC, "Put the clause to the room", clause_id="c1", outcome="agreed")
    _clean, errors = validate(forms.CloseClauseForm, {"clause_id": "c1", "outcome": "won"})
    assert errors and "outcome" in errors


def test_reopening_a_closed_clause_logs_the_old_outcome_and_takes_answers_again():
    state = run(answer(opened(), ANA), "close_clause", FAC, clause_id="c1", outcome="future")
    state = opened(state)
    clause = state["clauses"]["c1"]
    assert clause["status"] == "open" and clause["versions"]["1"]["outcome"] == ""
    assert [e["event"] for e in clause["log"]][-2:] == ["closed", "reopened"]
    assert clause["log"][-2]["outcome"] == "future"
    assert answer(state, BEN)["clauses"]["c1"]["answers"]["1"]["p:2"]


def test_amending_a_closed_clause_keeps_the_old_outcome_on_the_old_version():
    state = run(answer(opened(), ANA), "close_clause", FAC, clause_id="c1", outcome="agreed")
    state = amend(state)
    clause = state["clauses"]["c1"]
    assert clause["versions"]["1"]["outcome"] == "agreed" and clause["versions"]["2"]["outcome"] == ""
    assert clause["status"] == "open" and state["open"] == "c1"


# -- representatives ----------------------------------------------------------------------


def test_the_facilitator_names_a_representative_by_actor_id_only():
    state = run(fresh(), "set_representative", FAC, actor_id="p:2", organisation="  City   Clinic ")
    assert state["representatives"] == {"p:2": {"organisation": "City Clinic", "left": False,
                                                "seq": state["representatives"]["p:2"]["seq"]}}
    refused(state, "set_representative", FAC, "already represent", actor_id="p:2", organisation="City Clinic")


@pytest.mark.parametrize("actor_id", ["f:1", "x1", "p:", "Ana", ""])
def test_a_representative_must_be_a_participant_id(actor_id):
    _clean, errors = validate(forms.RepresentativeForm, {"actor_id": actor_id, "organisation": "City Clinic"})
    assert errors and "actor_id" in errors


def test_a_representative_needs_an_organisation():
    _clean, errors = validate(forms.RepresentativeForm, {"actor_id": "p:2", "organisation": "  "})
    assert errors and "organisation" in errors
    _clean, errors = validate(forms.RepresentativeForm, {"actor_id": "p:2", "organisation": "x" * 121})
    assert errors and "organisation" in errors


def test_standing_down_keeps_the_record_marked():
    state = run(fresh(), "set_representative", FAC, actor_id="p:2", organisation="City Clinic")
    state = run(state, "unset_representative", FAC, actor_id="p:2")
    assert state["representatives"]["p:2"]["left"] is True
    refused(state, "unset_representative", FAC, "not a representative", actor_id="p:2")
    refused(state, "unset_representative", FAC, "not a representative", actor_id="p:9")
    state = run(state, "set_representative", FAC, actor_id="p:2", organisation="City Clinic")
    assert state["representatives"]["p:2"]["left"] is False


# -- purity -------------------------------------------------------------------------------


def test_apply_never_changes_its_input_and_is_deterministic():
    state = answer(opened(), ANA)
    before = copy.deepcopy(state)
    one = amend(state)
    two = amend(state)
    assert state == before and one == two
    json.dumps(one)
