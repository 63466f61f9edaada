"""The roll-up's pure model (app/tables/rollup.py) and each exercise's ``adopt`` hook: a table's
results, as its instance's reducer made them, brought into the plenary step by actions the
plenary reducer accepts, and promoted to the plan with their tables and sectors."""
from __future__ import annotations

import pytest

from app.exercises import Action, Actor
from app.exercises.registry import default_config
from app.exercises.validation import validate
from app.tables import rollup
from app.tables.rollup import RollupRefused, TableWork

FAC = Actor(role="facilitator", id="f:1", name="Fran")
SECTORS = ("Education", "Health", "Housing", "Police", "Youth work")


@pytest.fixture
def exercises(app):
    return app.extensions["exercises"]


def person(number, sector="Education", organisation="North School"):
    return Actor(role="participant", id=f"p:{number}", organisation=organisation, sector=sector)


def played(exercise, moves, config=None):
    """A table instance's state: ``moves`` ``(actor, type, data)`` through the reducer, each
    through its action's form first, as the engine sends them."""
    state = exercise.initial_state(config or default_config(exercise))
    for actor, action_type, data in moves:
        state = exercise.apply(state, Action(action_type, _valid(exercise, action_type, data)), actor)
    return state


def _valid(exercise, action_type, data):
    clean, errors = validate(exercise.actions[action_type].form, data)
    assert errors is None, (action_type, errors)
    return clean


def brought_in(exercise, plenary, actions):
    """The plenary state after the adopted actions, sent as the engine sends them: by the
    facilitator, each validated by its action's form, facilitators allowed."""
    for action in actions:
        assert "facilitator" in exercise.actions[action["type"]].roles
        plenary = exercise.apply(plenary, Action(action["type"], _valid(exercise, action["type"], action["data"])),
                                 FAC)
    return plenary


def tables_for(exercise, states, counts=None, anonymous=False, lived=False):
    works = [TableWork(table_id=10 + n, name=f"Table {n + 1}", instance_id=100 + n, state=state,
                       config=state.get("config", {}), sector_counts=(counts or {}).get(n, {}), contributed=n)
             for n, state in enumerate(states)]
    return rollup.outputs(exercise, works, anonymous, lived)


# -- the model ----------------------------------------------------------------------------


def test_each_table_gives_its_plan_items_keyed_by_instance_and_ref(exercises):
    ideas = exercises.get("ideas")
    oak = played(ideas, [(person(1), "add_note", {"text": "Breakfast club"})])
    elm = played(ideas, [(person(2), "add_note", {"text": "Walking bus"}), (person(3), "add_note", {"text": "Vans"})])
    tables = tables_for(ideas, [oak, elm], counts={0: {"Education": 4}, 1: {"Health": 1, "Housing": 2}})
    assert [(t["table"], t["name"], t["seated"], t["contributed"]) for t in tables] == [
        (10, "Table 1", 4, 0), (11, "Table 2", 3, 1)]
    assert [i["key"] for i in tables[0]["items"]] == ["100:note:n1"]
    assert sorted(i["title"] for i in tables[1]["items"]) == ["Vans", "Walking bus"]
    assert all(i["key"].startswith("101:note:") for i in tables[1]["items"])


def test_a_tables_sectors_are_named_as_the_screen_names_groups():
    counts = {"Education": 3, "Health": 1, "Young person": 2, "Parent or carer": 1, "": 1}
    assert rollup.table_sectors(counts, anonymous=False, lived_experience=False) == [
        "Education", "Health", "Parent or carer", "Young person"]
    # The community roles as one group, named once it has three people at the table.
    assert rollup.table_sectors(counts, anonymous=False, lived_experience=True) == [
        "Education", "Health", "Lived experience"]
    # Anonymous: only groups of three or more at this table (Health's one person is not named).
    assert rollup.table_sectors(counts, anonymous=True, lived_experience=True) == ["Education", "Lived experience"]
    assert rollup.table_sectors(counts, anonymous=True, lived_experience=False) == ["Education"]


def test_choosing_refuses_nothing_repeats_and_strangers(exercises):
    ideas = exercises.get("ideas")
    tables = tables_for(ideas, [played(ideas, [(person(1), "add_note", {"text": "A"})])])
    for keys, code in (([], "invalid"), (["100:note:n1", "100:note:n1"], "invalid"), (["999:note:n1"], "not_found"),
                       (["100:note:n9"], "not_found"), (["x"] * 51, "invalid")):
        with pytest.raises(RollupRefused) as info:
            rollup.chosen(tables, keys)
        assert info.value.code == code and info.value.message
    assert rollup.chosen(tables, ["100:note:n1"])[0][1]["name"] == "Table 1"


def test_adopting_is_refused_twice_and_for_an_exercise_without_the_hook(exercises):
    ideas = exercises.get("ideas")
    tables = tables_for(ideas, [played(ideas, [(person(1), "add_note", {"text": "A"})])])
    picked = rollup.chosen(tables, ["100:note:n1"])
    decided = rollup.decisions(None)
    assert rollup.adoption(ideas, picked, {}, decided, None) == [{"type": "add_note", "data": {"text": "A"}}]
    with pytest.raises(RollupRefused) as info:
        rollup.adoption(ideas, picked, {}, {**decided, "adopted": ["100:note:n1"]}, None)
    assert info.value.code == "already"
    pulse = exercises.get("trust_pulse")
    with pytest.raises(RollupRefused) as info:
        rollup.adoption(pulse, [({"key": "1:x", "ref": "x", "section": "flags"}, tables[0])], {}, decided, None)
    assert info.value.code == "not_adoptable"


def test_promoting_merges_words_sectors_and_tables(exercises):
    ideas = exercises.get("ideas")
    oak = played(ideas, [(person(1, "Health"), "add_note", {"text": "Breakfast club"})])
    elm = played(ideas, [(person(2, "Housing"), "add_note", {"text": "Walking bus"})])
    tables = tables_for(ideas, [oak, elm], counts={0: {"Education": 3}, 1: {"Police": 3}})
    picked = rollup.chosen(tables, ["100:note:n1", "101:note:n1"])
    entry = rollup.promotion(picked, rollup.decisions(None), None, None)
    assert entry == {"id": "r1", "keys": ["100:note:n1", "101:note:n1"], "section": "ideas",
                     "title": "Breakfast club / Walking bus", "text": "0 dots", "data": {},
                     "sectors": ["Education", "Health", "Housing", "Police"], "tables": ["Table 1", "Table 2"]}
    single = rollup.promotion(picked[:1], rollup.decisions(None), "Breakfast for all", "Every school")
    assert (single["title"], single["text"]) == ("Breakfast for all", "Every school")
    assert "wording" not in single["data"] and single["data"]["rank"] == 1  # the words are the facilitator's
    decided = {**rollup.decisions(None), "planned": [entry]}
    with pytest.raises(RollupRefused) as info:
        rollup.promotion(picked[1:], decided, None, None)
    assert info.value.code == "already"
    [contribution] = rollup.plan_contributions(decided)
    assert contribution["ref"] == "rollup:r1" and contribution["tables"] == ["Table 1", "Table 2"]


def test_the_console_and_screen_parts(exercises):
    ideas = exercises.get("ideas")
    tables = tables_for(ideas, [played(ideas, [(person(1), "add_note", {"text": "A"})]),
                                played(ideas, [(person(2), "add_note", {"text": "B"})])])
    decided = {**rollup.decisions(None), "adopted": ["100:note:n1"],
               "planned": [{"id": "r1", "keys": ["101:note:n1"], "section": "ideas", "title": "B", "text": "",
                            "tables": ["Table 2"]}]}
    part = rollup.console_part(ideas, tables, decided, {})
    assert part["adoptable"] is True and part["screen"] == {"mode": "off", "table": None}
    assert part["tables"][0]["items"][0] == {"key": "100:note:n1", "section": "ideas", "title": "A",
                                             "text": "0 dots", "adopted": True, "planned": False,
                                             "adoptable": True}
    assert part["tables"][1]["items"][0]["planned"] is True
    assert part["planned"] == [{"id": "r1", "title": "B", "text": "", "keys": ["101:note:n1"],
                                "tables": ["Table 2"]}]
    assert rollup.screen_part(1, "Ideas", tables, decided) is None
    turn = {**decided, "screen": rollup.screen_choice(tables, "turn", 11)}
    shown = rollup.screen_part(1, "Ideas", tables, turn)
    assert shown["mode"] == "turn" and [t["name"] for t in shown["tables"]] == ["Table 2"]
    assert set(shown["tables"][0]["items"][0]) == {"key", "section", "title", "text"}
    assert rollup.screen_choice(tables, "turn", None) == {"mode": "turn", "table": 10}
    for mode, table, code in (("turn", 99, "not_found"), ("sideways", None, "invalid")):
        with pytest.raises(RollupRefused) as info:
            rollup.screen_choice(tables, mode, table)
        assert info.value.code == code
    assert rollup.console_part(exercises.get("trust_pulse"), [], rollup.decisions(None), {})["adoptable"] is False


def test_stored_decisions_are_read_whatever_was_stored():
    assert rollup.decisions(None) == {"adopted": [], "planned": [], "screen": {"mode": "off", "table": None},
                                      "next": 1}
    odd = rollup.decisions({"adopted": ["1:a", 3], "planned": [{"no": "id"}], "screen": {"mode": "all", "table": 4}})
    assert odd["adopted"] == ["1:a"] and odd["planned"] == [] and odd["screen"] == {"mode": "all", "table": None}


# -- the exercises' hooks -------------------------------------------------------------------


def test_alignment_in_five_tables_rolls_up_into_the_plenary_and_the_plan(exercises):
    mapper = exercises.get("alignment_mapper")
    states = []
    for n in range(5):
        moves = [(person(10 * n + 1, "Education"), "add_goal", {"text": f"Safe routes {n}"}),
                 (person(10 * n + 2, "Health"), "add_goal", {"text": f"Healthy meals {n}"})]
        state = played(mapper, moves)
        card = next(iter(state["cards"]))
        state = mapper.apply(state, Action("respond", {"card_id": card, "response": "shared"}),
                             person(10 * n + 2, "Health"))
        states.append(state)
    tables = tables_for(mapper, states, counts={n: {"Education": 3, "Health": 3} for n in range(5)})
    assert len(tables) == 5
    purpose = next(i for i in tables[0]["items"] if i["section"] == "purpose")
    assert mapper.adopt([purpose], default_config(mapper), None) is None  # the step's own, not a table's
    goals = [i for t in tables for i in t["items"] if i["title"].startswith("Safe routes")]
    assert len(goals) == 5
    picked = rollup.chosen(tables, [g["key"] for g in goals])
    config = default_config(mapper)
    actions = rollup.adoption(mapper, picked, config, rollup.decisions(None), "Safe routes to school")
    plenary = brought_in(mapper, mapper.initial_state(config), actions)
    assert [t["name"] for t in plenary["themes"].values()] == ["Safe routes to school"]
    # One table's goal, in its own words; the room then rates the themes.
    one = brought_in(mapper, plenary, mapper.adopt([goals[0]], config, None))
    assert sorted(t["name"] for t in one["themes"].values()) == ["Safe routes 0", "Safe routes to school"]
    assert mapper.adopt([goals[0]], {**config, "use_themes": False, "use_essential": False}, None) is None
    entry = rollup.promotion(picked, rollup.decisions(None), "Safe routes to school", None)
    assert entry["section"] in ("common_ground", "differences")
    assert entry["tables"] == [f"Table {n}" for n in range(1, 6)] and entry["sectors"] == ["Education", "Health"]


def test_alignment_themes_come_in_as_themes(exercises):
    mapper = exercises.get("alignment_mapper")
    theme = {"ref": "theme:t1", "title": "Getting to school", "section": "common_ground"}
    other = {"ref": "theme:t2", "title": "Meals", "section": "common_ground"}
    config = default_config(mapper)
    plenary = brought_in(mapper, mapper.initial_state(config), mapper.adopt([theme, other], config, None))
    assert [t["name"] for t in plenary["themes"].values()] == ["Getting to school / Meals"]


def test_ideas_notes_come_in_as_one_note(exercises):
    ideas = exercises.get("ideas")
    tables = tables_for(ideas, [played(ideas, [(person(1), "add_note", {"text": "Breakfast club"})]),
                                played(ideas, [(person(2), "add_note", {"text": "Breakfast club"})])])
    picked = rollup.chosen(tables, ["100:note:n1", "101:note:n1"])
    plenary = brought_in(ideas, ideas.initial_state(default_config(ideas)),
                         rollup.adoption(ideas, picked, {}, rollup.decisions(None), None))
    assert [n["text"] for n in plenary["notes"].values()] == ["Breakfast club"]  # the same words once
    assert next(iter(plenary["notes"].values()))["author"]["id"] == "f:1"


def test_agreement_a_tables_wording_amends_the_rooms_clause(exercises):
    agreement = exercises.get("agreement")
    config = default_config(agreement)
    table = played(agreement, [], config)
    clause = next(iter(table["clauses"]))
    table = agreement.apply(table, Action("amend_clause", {"clause_id": clause, "heading": "Purpose",
                                                           "text": "We serve every family in the district."}), FAC)
    [tables] = [tables_for(agreement, [table])]
    items = tables[0]["items"]
    log = next(i for i in items if i["key"].endswith("agreement:log"))
    assert agreement.adopt([log], config, None) is None
    first = next(i for i in items if i["key"] == f"100:clause:{clause}")
    plenary = brought_in(agreement, agreement.initial_state(config), agreement.adopt([first], config, None))
    version = plenary["clauses"][clause]["versions"][str(plenary["clauses"][clause]["version"])]
    assert version["text"] == "We serve every family in the district."
    # The room's words already: the plenary reducer says so.
    from app.exercises import DomainError

    with pytest.raises(DomainError, match="unchanged"):
        brought_in(agreement, plenary, agreement.adopt([first], config, None))
    two = [i for i in items if i["key"].startswith("100:clause:")][:2]
    merged = brought_in(agreement, agreement.initial_state(config), agreement.adopt(two, config, "One clause"))
    assert len(merged["clauses"]) == len(agreement.initial_state(config)["clauses"]) + 1


def test_indicators_an_adopted_indicator_comes_in_as_a_proposal(exercises):
    indicators = exercises.get("indicators")
    table = played(indicators, [(person(1), "propose", {"name": "Children ready for school", "kind": "quantitative",
                                                        "source": "School census", "baseline": "60", "target": "80",
                                                        "unit": "%", "review": "2027-06-30"})])
    indicator = next(i for i in table["indicators"] if not table["indicators"][i].get("carried_over"))
    table = indicators.apply(table, Action("adopt", {"indicator_id": indicator}), FAC)
    [item] = [i for i in tables_for(indicators, [table])[0]["items"]]
    plenary = brought_in(indicators, indicators.initial_state(default_config(indicators)),
                         indicators.adopt([item], {}, None))
    [proposed] = list(plenary["indicators"].values())
    assert (proposed["name"], proposed["source"], proposed["target"], proposed["unit"], proposed["adopted"]) == (
        "Children ready for school", "School census", 80, "%", False)
    assert proposed["review"] == "2027-06-30" and proposed["author"]["id"] == "f:1"
    renamed = brought_in(indicators, indicators.initial_state(default_config(indicators)),
                         indicators.adopt([item, item], {}, "School readiness at five"))
    assert [i["name"] for i in renamed["indicators"].values()] == ["School readiness at five"]


def test_commitments_a_confirmed_commitment_stays_its_organisations(exercises):
    commitments = exercises.get("commitments")
    config = default_config(commitments)
    table = played(commitments, [(person(1, "Health", "City Clinic"), "commit",
                                  {"kind": "staff_time", "description": "A nurse at the hub", "amount": "8",
                                   "until": "2027-12-31", "essential": True}),
                                 (person(2, "Housing", "Homes Trust"), "commit",
                                  {"kind": "spaces", "description": "The hall on Fridays", "amount": "one hall"})],
                    config)
    for commitment in list(table["commitments"]):
        table = commitments.apply(table, Action("confirm", {"commitment_id": commitment}), FAC)
    items = [i for i in tables_for(commitments, [table])[0]["items"] if i["key"].startswith("100:commitment:")]
    assert len(items) == 2
    plenary = brought_in(commitments, commitments.initial_state(config), commitments.adopt(items, config, None))
    brought = sorted(plenary["commitments"].values(), key=lambda c: c["order"])
    assert [(c["organisation"], c["description"], c["confirmed"]) for c in brought] == [
        ("City Clinic", "A nurse at the hub", True), ("Homes Trust", "The hall on Fridays", True)]
    assert brought[0]["until"] == "2027-12-31" and brought[0]["essential"] is True
    gap = {"ref": "gap:funds", "section": "flags", "title": "Still needed"}
    assert commitments.adopt([gap], config, None) is None
    one = brought_in(commitments, commitments.initial_state(config), commitments.adopt(items[:1], config, "A nurse"))
    assert [c["description"] for c in one["commitments"].values()] == ["A nurse"]


@pytest.mark.parametrize("key", ["data_sharing", "policy_window", "reframing", "role_board", "trust_pulse"])
def test_the_other_exercises_are_not_adoptable(exercises, key):
    exercise = exercises.get(key)
    assert exercise.adopt([{"ref": "anything", "section": "flags", "title": "x"}], {}, None) is None
