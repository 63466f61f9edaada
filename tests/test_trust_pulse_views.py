"""Trust and relationship pulse: what each audience sees. Always anonymous, for everyone."""
import itertools
import json

import pytest

from app.exercises import Action, Actor
from app.exercises.registry import default_config
from plugins.trust_pulse import exercise
from plugins.trust_pulse.views import sector_groups
from tests import phase_helpers as ph
from tests.roster_helpers import names

PEOPLE = [Actor(role="participant", id=f"p:{i}", name=f"Person{i}", organisation=f"Org{i}",
                sector=("Education", "Health", "Housing")[i % 3]) for i in range(1, 10)]
ROSTER = names(*PEOPLE)
ROLES = ("facilitator", "participant", "screen")


def fresh(**config):
    return ph.started(exercise, {**default_config(exercise), **config})


def answered(state, actor, question="trust", value=3, comment=""):
    return ph.apply(exercise, state, Action("answer", {"question_id": question, "value": value,
                                                       "comment": comment}), actor)


def room(values, comments=None, state=None):
    state = state if state is not None else fresh()
    for n, value in enumerate(values):
        state = answered(state, PEOPLE[n], "trust", value, (comments or {}).get(n, ""))
    return state


def seen(state, role, anonymous=False, participant=None):
    audience = ph.audience(exercise, state, role=role, anonymous=anonymous, names=ROSTER,
                           sector_sizes={"Education": 3, "Health": 3, "Housing": 3}, participant_id=participant)
    return exercise.view(state, audience)


def wire(state, role, **kw):
    return json.dumps(seen(state, role, **kw))


def test_while_answering_every_audience_sees_counts_only():
    state = room([1, 5, 2, 4], comments={0: "We rarely talk"})
    for role in ROLES:
        view = seen(state, role)
        assert view["respondents"] == 4 and view["results_shown"] is False
        assert view["questions"]["trust"]["answered"] == 4
        assert "results" not in view["questions"]["trust"]
        assert "We rarely talk" not in json.dumps(view)


def test_results_phase_shows_distribution_mean_and_comments_without_authors():
    state = ph.at(room([1, 5, 2, 4], comments={0: "We rarely talk", 2: "Better than last year"}), "results", exercise)
    for role in ROLES:
        for anonymous in (False, True):
            view = seen(state, role, anonymous=anonymous)
            res = view["questions"]["trust"]["results"]
            assert res["counts"] == {"1": 1, "2": 1, "3": 0, "4": 1, "5": 1}
            assert res["mean"] == 3 and res["n"] == 4
            assert sorted(c["text"] for c in res["comments"].values()) == ["Better than last year", "We rarely talk"]
            text = json.dumps(view)
            assert "p:" not in text and "Person" not in text and "Org" not in text
            # a question nobody answered shows no results
            assert "results" not in view["questions"]["heard"]


def test_fewer_than_three_people_show_no_results_even_in_the_results_phase():
    state = ph.at(room([1, 5], comments={0: "secret-ish"}), "results", exercise)
    for role in ROLES:
        view = seen(state, role)
        assert view["results_shown"] is False and view["respondents"] == 2
        assert "results" not in view["questions"]["trust"] and "secret-ish" not in json.dumps(view)


def test_a_question_with_fewer_than_three_answers_shows_nothing():
    state = room([1, 5, 2])
    state = answered(state, PEOPLE[0], "heard", 1, "only two of us")
    state = answered(state, PEOPLE[1], "heard", 5)
    state = ph.at(state, "results", exercise)
    view = seen(state, "participant")
    assert view["results_shown"] is True and "results" in view["questions"]["trust"]
    assert "results" not in view["questions"]["heard"] and "only two of us" not in json.dumps(view)


def test_the_hide_switch_still_holds_the_room_back():
    state = ph.set_hidden(ph.at(room([1, 5, 2]), "results", exercise), True)
    assert seen(state, "participant")["results_shown"] is False
    assert seen(state, "screen")["results_shown"] is False
    assert seen(state, "facilitator")["results_shown"] is True


@pytest.mark.parametrize("phase", ["answer", "results"])
@pytest.mark.parametrize("others", [[], [2], [2, 4], [2, 4, 5], [1, 1, 1, 5]])
def test_no_audience_can_tell_what_one_more_person_answered(phase, others):
    """One person answers (or changes an answer) while the room is answering: whatever they
    pick, every audience sees exactly the same thing, so diffing before and after tells nothing.
    Once the results phase has come, the core refuses any new answer (so the totals can't move)."""
    before = room(others)
    newcomer = PEOPLE[len(others)]
    if phase == "results":
        closed = ph.at(before, "results", exercise)
        with pytest.raises(Exception, match="answer the pulse"):
            answered(closed, newcomer, "trust", 1)
        return
    for role in ROLES:
        afters = {wire(answered(before, newcomer, "trust", v, "c" if v == 1 else ""), role) for v in range(1, 6)}
        assert len(afters) == 1, (role, others)
        if others:  # and changing an existing answer shows nothing either
            changed = {wire(answered(before, PEOPLE[0], "trust", v), role) for v in range(1, 6)}
            assert len(changed) == 1


def test_a_small_room_in_results_shows_the_same_whatever_one_person_picked():
    """With two answers the results phase shows nothing, so one person's value can't be read by
    the other (who knows their own) from the totals."""
    for role in ROLES:
        views = {wire(ph.at(room([3, v]), "results", exercise), role) for v in range(1, 6)}
        assert len(views) == 1


def test_facilitator_views_never_carry_actor_ids_names_or_sheets():
    state = room([1, 5, 2, 4, 3, 3], comments={1: "Fine"})
    for phase in ("answer", "results"):
        at = ph.at(state, phase, exercise)
        for anonymous in (False, True):
            text = wire(at, "facilitator", anonymous=anonymous)
            for person in PEOPLE:
                assert f'"{person.id}"' not in text and person.name not in text and person.organisation not in text
            assert "sheets" not in text


def test_sector_results_only_for_groups_of_three_and_never_by_subtraction():
    # 3 Education, 2 Health: Health alone is too small, and "everyone but Education" would be
    # Health by subtraction, so no sector is shown at all.
    assert sector_groups([("Education", 1, ""), ("Education", 2, ""), ("Education", 3, ""),
                          ("Health", 5, ""), ("Health", 4, "")]) == {}
    # 3 Education, 3 Health, 1 Housing: the lone Housing answer can't stand as "other" (1 < 3),
    # so the smallest named group (ties by name) joins it.
    groups = sector_groups([("Education", 1, "")] * 3 + [("Health", 5, "")] * 3 + [("Housing", 2, "")])
    assert set(groups) == {"Health", "other"} and len(groups["other"]) == 4
    # 3 and 3 and 3: all shown, nothing left over.
    groups = sector_groups([(s, 3, "") for s in ("Education", "Health", "Housing") for _ in range(3)])
    assert set(groups) == {"Education", "Health", "Housing"}


def test_sector_results_and_pairs_in_the_view():
    values = {"Education": [1, 1, 2], "Health": [5, 4, 5], "Housing": [3, 3]}
    people = {s: [p for p in PEOPLE if p.sector == s] for s in values}
    state = fresh()
    for sector, vs in values.items():
        for person, v in zip(people[sector], vs, strict=False):
            state = answered(state, person, "trust", v)
    state = ph.at(state, "results", exercise)
    res = seen(state, "screen")["questions"]["trust"]["results"]
    # Housing (2) is too small; left alone as "other" it would be 2 < 3, so Education (ties break by
    # name) joins it: Education + Housing = 5 answers as "other", Health 3 shown.
    assert set(res["sectors"]) == {"Health", "other"}
    assert res["sectors"]["Health"]["counts"] == {"1": 0, "2": 0, "3": 0, "4": 1, "5": 2}
    assert res["pairs"] == {}
    state = answered(ph.at(state, "answer", exercise), people["Housing"][2], "trust", 3)
    res = seen(ph.at(state, "results", exercise), "screen")["questions"]["trust"]["results"]
    assert set(res["sectors"]) == {"Education", "Health", "Housing"}
    assert res["pairs"]["Education | Health"] == {"a": "Education", "b": "Health", "gap": 3.33}


def test_comments_come_in_alphabetical_order_not_the_order_people_answered():
    state = ph.at(room([1, 2, 3], comments={0: "zebra", 1: "Apple", 2: "mango"}), "results", exercise)
    comments = seen(state, "participant")["questions"]["trust"]["results"]["comments"]
    assert [c["text"] for c in sorted(comments.values(), key=lambda c: c["order"])] == ["Apple", "mango", "zebra"]
    assert all(set(c) == {"text", "order"} for c in comments.values())


def test_personal_shows_only_ones_own_answers():
    state = room([1, 5], comments={0: "mine", 1: "theirs"})
    mine = exercise.personal(state, ph.audience(exercise, state, role="participant", participant_id="p:1"))
    assert mine == {"answers": {"trust": {"value": 1, "comment": "mine"}}}
    other = exercise.personal(state, ph.audience(exercise, state, role="participant", participant_id="p:9"))
    assert other == {"answers": {}}


def test_own_questions_carry_their_words():
    state = fresh(extra_questions="Do we share credit fairly?")
    view = seen(state, "screen")
    assert view["questions"]["q1"]["text"] == "Do we share credit fairly?"
    assert "text" not in view["questions"]["trust"] and view["questions"]["trust"]["core"] is True


def test_plan_needs_three_answers_and_flags_a_low_question(app):
    from flask_babel import force_locale

    assert exercise.plan(room([1, 1]), {}) == []
    state = room([1, 2, 2])
    for n, v in enumerate([5, 4, 4]):
        state = answered(state, PEOPLE[n], "heard", v)
    with app.test_request_context(), force_locale("en"):
        items = {i["data"]["question"]: i for i in exercise.plan(state, {})}
    assert set(items) == {"trust", "heard"}
    low, fine = items["trust"], items["heard"]
    assert low["section"] == "flags" and fine["section"] == "checkins"
    assert low["data"]["mean"] == 1.67 and low["data"]["n"] == 3 and low["data"]["core"] is True
    assert fine["data"]["counts"] == {"1": 0, "2": 0, "3": 0, "4": 2, "5": 1}
    assert low["title"].startswith("Low trust pulse: We trust each other")
    assert "1.67 out of 5 (3 answers)" in low["text"]
    assert fine["ref"] == "pulse:heard"
    with app.test_request_context(), force_locale("fr"):
        french = exercise.plan_wording(low["data"]["wording"])
    assert "1,67 sur 5" in french["text"] and "confiance" in french["title"]


def test_export_rows_are_totals_without_anyone():
    assert exercise.contributions(room([1, 2])) == []
    rows = exercise.contributions(room([1, 2, 2], comments={0: "private words"}))
    assert rows == [{"question_key": "trust", "question": "We trust each other as much as our shared work needs.",
                     "n": 3, "mean": 1.67, "count_1": 1, "count_2": 2, "count_3": 0, "count_4": 0, "count_5": 0}]
    assert "author" not in rows[0] and exercise.authorship.names == () and exercise.authorship.sector is None


def test_views_send_keyed_objects_only():
    state = ph.at(room([1, 2, 3, 4], comments={0: "a", 1: "b"}), "results", exercise)

    def arrays(node):
        if isinstance(node, list):
            return True
        if isinstance(node, dict):
            return any(arrays(v) for v in node.values())
        return False

    for role, phase in itertools.product(ROLES, ("answer", "results")):
        assert not arrays(seen(ph.at(state, phase, exercise), role))


def test_a_named_workshops_export_still_names_nobody(app):
    """The export model resolves authors from the roster in a named workshop; the pulse's rows
    carry no author, so nothing is resolved."""
    from types import SimpleNamespace

    from app.exercises import Audience
    from app.exports import model

    state = room([1, 2, 2, 5], comments={0: "private words"})
    audience = Audience(role="screen", anonymous=False, sector_sizes={"Education": 3, "Health": 3})
    rows = model.contributions(audience, ROSTER, SimpleNamespace(state=state), exercise)
    text = json.dumps(rows, default=str)
    assert rows and '"mean": 2.5' in text
    for person in PEOPLE:
        assert person.name not in text and person.organisation not in text and f'"{person.id}"' not in text
    assert "private words" not in text


def test_the_plan_takes_the_pulse_only_once_it_is_closed():
    """The live plan page refreshes while people answer: the core asks a pulse step for its plan
    only in the results phase (``plan_from_phase``), so nobody can diff one answer there."""
    from types import SimpleNamespace

    from app.exercises.phases import plans_now

    config = default_config(exercise)
    assert not plans_now(exercise, SimpleNamespace(config=config, phase=None))
    assert not plans_now(exercise, SimpleNamespace(config=config, phase="answer"))
    assert plans_now(exercise, SimpleNamespace(config=config, phase="results"))
    other = type("Other", (), {"plan_from_phase": None})()
    assert plans_now(other, SimpleNamespace(config={}, phase=None))


def test_the_live_plan_page_shows_the_pulse_from_the_results_phase(app):
    from app.extensions import db
    from app.plan.live import workshop_items
    from tests.factories import create_facilitator, create_partnership, create_workshop

    workshop = create_workshop(create_partnership(create_facilitator()), steps=(("trust_pulse", None),))
    step = workshop.steps[0]
    step.state = room([4, 4, 5])
    db.session.commit()
    assert [i for i in workshop_items(workshop) if i["data"].get("question") == "trust"] == []
    step.phase = "results"
    db.session.commit()
    [item] = [i for i in workshop_items(workshop) if i["data"].get("question") == "trust"]
    assert item["section"] == "checkins" and item["data"]["mean"] == 4.33


# -- measures ------------------------------------------------------------------------------------


def figures(state):
    return [(m.key, m.group, m.value, m.count) for m in exercise.measures(state, state["config"])]


def test_measures_give_each_questions_mean_for_the_room_and_each_sector_of_three():
    state = room([1, 2, 3, 4, 5, 1, 2, 3, 4])  # Health 1, 4, 2; Housing 2, 5, 3; Education 3, 1, 4
    assert figures(state) == [("trust", "", 2.78, 9), ("trust", "Education", 2.67, 3),
                              ("trust", "Health", 2.33, 3), ("trust", "Housing", 3.33, 3)]
    (whole, *_groups) = exercise.measures(state, state["config"])
    assert (whole.low, whole.high) == (1, 5)


def test_measures_never_show_a_sector_the_room_figure_would_give_away():
    state = fresh()
    for person, value in ((PEOPLE[0], 5), (PEOPLE[3], 4), (PEOPLE[6], 5), (PEOPLE[1], 1)):
        state = answered(state, person, "trust", value)
    # Health (3) alone would leave Housing's one answer to subtraction: no sector is shown.
    assert figures(state) == [("trust", "", 3.75, 4)]
    assert figures(room([4, 4])) == [], "two answers are two people's own: nothing until three answered"


def test_an_added_question_is_keyed_by_its_words_so_it_lines_up_next_time():
    state = fresh(extra_questions="  Do we  share credit fairly? ")
    for person, value in zip(PEOPLE[:3], (2, 3, 4), strict=True):
        state = answered(state, person, "q1", value)
    assert figures(state) == [("asked:do we share credit fairly?", "", 3, 3)]
