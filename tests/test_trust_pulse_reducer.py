"""Trust and relationship pulse: the reducer's rules, pure (no app)."""
import copy
import json

import pytest

from app.exercises import Action, Actor, DomainError
from app.exercises.registry import default_config
from plugins.trust_pulse import exercise
from plugins.trust_pulse.forms import CORE
from tests import phase_helpers as ph

ANA = Actor(role="participant", id="p:1", name="Ana", organisation="North School", sector="Education")
BEN = Actor(role="participant", id="p:2", name="Ben", organisation="City Clinic", sector="Health")
FRAN = Actor(role="facilitator", id="f:1", name="Fran")


def fresh(**config):
    return ph.started(exercise, {**default_config(exercise), **config})


def answer(question="trust", value=3, comment=""):
    return Action("answer", {"question_id": question, "value": value, "comment": comment})


def test_the_core_questions_have_stable_keys_and_come_first():
    state = fresh(extra_questions="Do we celebrate wins together?\n\nDo we celebrate wins together?")
    ordered = sorted(state["questions"].values(), key=lambda q: q["order"])
    assert [q["id"] for q in ordered] == ["trust", "disagree", "heard", "between", "q1"]
    assert [k for k, _ in CORE] == ["trust", "disagree", "heard", "between"]
    assert ordered[-1] == {"id": "q1", "order": 4, "core": False, "text": "Do we celebrate wins together?"}
    assert state["sheets"] == {}
    assert exercise.hidden_at_start({}) is True


def test_an_answer_is_kept_per_person_so_they_can_change_it():
    state = exercise.apply(fresh(), answer("trust", 2, "  slow   start "), ANA)
    assert state["sheets"]["p:1"] == {"sector": "Education",
                                      "answers": {"trust": {"value": 2, "comment": "slow start"}}}
    state = exercise.apply(state, answer("trust", 4), ANA)
    assert state["sheets"]["p:1"]["answers"]["trust"] == {"value": 4, "comment": ""}
    state = exercise.apply(state, answer("heard", 5), ANA)
    assert set(state["sheets"]["p:1"]["answers"]) == {"trust", "heard"}
    assert len(state["sheets"]) == 1


def test_the_state_holds_no_name_or_organisation():
    state = exercise.apply(fresh(), answer("trust", 2, "hello"), ANA)
    stored = json.dumps(state)
    assert "Ana" not in stored and "North School" not in stored


@pytest.mark.parametrize("value", [0, 6, -1, 99, None, "3", True])
def test_a_value_off_the_scale_is_refused(value):
    state = fresh()
    with pytest.raises(DomainError) as err:
        exercise.apply(state, answer("trust", value), ANA)
    assert err.value.field == "value" and "1 to 5" in err.value.message
    assert state == fresh()


@pytest.mark.parametrize("question", ["nope", "", "q9", "<script>alert(1)</script>", None])
def test_an_unknown_question_is_refused(question):
    with pytest.raises(DomainError, match="not part of this pulse") as err:
        exercise.apply(fresh(), answer(question, 3), ANA)
    assert err.value.field == "question_id"


def test_an_own_question_can_be_answered():
    state = exercise.apply(fresh(extra_questions="Do we share credit?"), answer("q1", 5), BEN)
    assert state["sheets"]["p:2"]["answers"]["q1"]["value"] == 5


def test_an_over_long_comment_is_refused_and_loses_the_saved_answer_not():
    state = exercise.apply(fresh(), answer("trust", 2, "kept"), ANA)
    before = copy.deepcopy(state)
    with pytest.raises(DomainError, match="under 280 characters") as err:
        exercise.apply(state, answer("trust", 5, "x" * 281), ANA)
    assert err.value.field == "comment"
    assert state == before
    exercise.apply(state, answer("trust", 5, "x" * 280), ANA)


def test_the_comment_length_follows_the_config():
    state = fresh(comment_length=50)
    with pytest.raises(DomainError, match="under 50 characters"):
        exercise.apply(state, answer("trust", 2, "y" * 51), ANA)


def test_markup_in_a_comment_is_kept_as_text():
    state = exercise.apply(fresh(), answer("trust", 2, "<script>alert(1)</script>"), ANA)
    assert state["sheets"]["p:1"]["answers"]["trust"]["comment"] == "<script>alert(1)</script>"


def test_answering_after_the_results_phase_is_refused_by_the_core_phase_check():
    state = ph.apply(exercise, fresh(), answer("trust", 3), ANA)
    closed = ph.at(state, "results", exercise)
    with pytest.raises(DomainError, match="answer the pulse") as err:
        ph.apply(exercise, closed, answer("trust", 1), ANA)
    assert "Results" in err.value.message
    assert not ph.hidden(closed)


def test_facilitators_do_not_answer():
    assert exercise.actions["answer"].roles == frozenset({"participant"})
    with pytest.raises(DomainError, match="facilitators do not answer"):
        exercise.apply(fresh(), answer("trust", 3), FRAN)


def test_apply_is_pure():
    state = exercise.apply(fresh(), answer("trust", 3), ANA)
    before = copy.deepcopy(state)
    one = exercise.apply(state, answer("trust", 1, "changed"), ANA)
    two = exercise.apply(copy.deepcopy(before), answer("trust", 1, "changed"), ANA)
    assert state == before and one == two


def test_an_unknown_action_is_refused():
    with pytest.raises(DomainError):
        exercise.apply(fresh(), Action("reveal_answers", {}), FRAN)
