"""What each audience sees of the partnership agreement: tallies, individual voices per sector
(k≥3 in anonymous mode), organisations' positions from their representatives, reasons without
names when anonymous, nothing but a count while hidden; the plan and the export rows."""
import json

from app.exercises import Audience
from plugins.agreement import exercise, views
from tests.roster_helpers import exported, names
from tests.test_agreement_reducer import ANA, BEN, CY, FAC, amend, answer, fresh, opened, run

DEE = ANA.__class__(role="participant", id="p:4", name="Dee", organisation="North School", sector="Education")
ROSTER = names(ANA, BEN, CY, DEE, FAC)
SIZES = {"Education": 3, "Health": 1}


def audience(role="participant", **kw):
    return Audience(role=role, sector_sizes=SIZES, names=ROSTER, **kw)


def room():
    """Three organisations, two with a representative (Ana for North School, Ben for City
    Clinic); clause 1 answered by four people, then amended and answered again by two."""
    state = run(fresh(), "set_representative", FAC, actor_id="p:1", organisation="North School")
    state = run(state, "set_representative", FAC, actor_id="p:2", organisation="City Clinic")
    state = opened(state)
    state = answer(state, ANA, "reservations", "Name the budget year")
    state = answer(state, BEN, "object", "The exit notice is too short", sent_at=1764660300)
    state = answer(state, CY, "support")
    state = answer(state, DEE, "discuss", "Who chairs it?")
    return state


def test_the_facilitator_sees_tallies_names_and_each_organisations_position():
    view = exercise.view(room(), audience("facilitator", anonymous=True))
    results = view["clauses"]["c1"]["results"]
    assert results["tally"] == {"support": 1, "reservations": 1, "discuss": 1, "object": 1} and results["total"] == 4
    orgs = results["organisations"]
    assert orgs["North School"]["answer"] == "reservations" and orgs["North School"]["by"] == "Ana"
    assert orgs["City Clinic"]["answer"] == "object" and orgs["City Clinic"]["sent_at"] == 1764660300
    # East School has nobody named: no position recorded, even though Cy (East School) answered.
    assert "answer" not in orgs["East School"] and orgs["East School"]["represented"] is False
    reasons = {r["reason"]: r["author"]["name"] for r in results["reasons"].values()}
    assert reasons == {"Name the budget year": "Ana", "The exit notice is too short": "Ben", "Who chairs it?": "Dee"}
    assert view["representatives"]["p:1"]["name"] == "Ana"


def test_individual_voices_are_counted_per_sector():
    results = exercise.view(room(), audience())["clauses"]["c1"]["results"]
    assert results["by_sector"]["reservations"] == {"Education": 1}
    assert results["by_sector"]["object"] == {"Health": 1}


def test_anonymous_views_show_no_name_nor_actor_id_and_fold_small_sectors():
    for role in ("participant", "screen"):
        view = exercise.view(room(), audience(role, anonymous=True))
        wire = json.dumps(view)
        for needle in ("Ana", "Ben", "Dee", '"p:1"', '"p:2"', "actor_id", '"by"'):
            assert needle not in wire, (role, needle)
        results = view["clauses"]["c1"]["results"]
        assert results["by_sector"]["object"] == {"other": 1}  # Health has 1 person: under k=3
        assert results["by_sector"]["support"] == {"Education": 1}  # Education has 3
        # Reasons stay, without names; the sector only for a group of 3+.
        sectors = {r["reason"]: r["author"] for r in results["reasons"].values()}
        assert sectors["The exit notice is too short"] == {}
        assert sectors["Name the budget year"] == {"sector": "Education"}
        # Organisations' positions are the organisations' own, shown without the person.
        assert results["organisations"]["City Clinic"]["answer"] == "object"


def test_named_workshops_show_who_gave_an_organisations_position():
    results = exercise.view(room(), audience())["clauses"]["c1"]["results"]
    assert results["organisations"]["North School"]["by"] == "Ana"


def test_while_hidden_only_the_number_of_answers_goes_out():
    view = exercise.view(room(), audience(hidden=True))
    assert view["clauses"]["c1"]["results"] == {"total": 4, "hidden": True}
    for secret in ("Name the budget year", "reservations", "object"):
        assert secret not in json.dumps(view["clauses"]["c1"]["results"])
    assert "tally" in exercise.view(room(), audience("facilitator", hidden=True))["clauses"]["c1"]["results"]


def test_after_an_amendment_the_old_answers_stay_with_the_old_version():
    state = amend(room())
    state = answer(state, CY, "support", version=2)
    fac = exercise.view(state, audience("facilitator"))["clauses"]["c1"]
    assert fac["version"] == 2 and fac["results"]["total"] == 1
    assert fac["results"]["organisations"]["North School"].get("answer") is None
    old = fac["versions"]["1"]
    assert old["text"] == "We work together for every child." and old["results"]["total"] == 4
    assert old["results"]["organisations"]["City Clinic"]["answer"] == "object"
    room_view = exercise.view(state, audience())["clauses"]["c1"]
    assert "versions" not in room_view and room_view["text"].endswith("and family.")


def test_a_representative_who_left_keeps_their_recorded_position_marked():
    state = run(room(), "unset_representative", FAC, actor_id="p:2")
    position = exercise.view(state, audience())["clauses"]["c1"]["results"]["organisations"]["City Clinic"]
    assert position["answer"] == "object" and position["left"] is True and position["represented"] is False
    # A new representative's answer takes over.
    state = run(state, "set_representative", FAC, actor_id="p:3", organisation="City Clinic")
    position = exercise.view(state, audience())["clauses"]["c1"]["results"]["organisations"]["City Clinic"]
    assert position["answer"] == "support" and position["left"] is False


def test_personal_gives_my_answer_my_organisation_and_a_notice_after_an_amendment():
    state = room()
    mine = exercise.personal(state, audience(participant_id="p:1"))
    assert mine["answers"]["c1"] == {"answer": "reservations", "reason": "Name the budget year", "version": 1}
    assert mine["represents"] == "North School"
    mine = exercise.personal(amend(state), audience(participant_id="p:1"))
    assert mine["answers"]["c1"] == {"earlier": {"version": 1, "answer": "reservations"}}
    other = exercise.personal(state, audience(participant_id="p:3"))
    assert "Name the budget year" not in json.dumps(other) and other["represents"] == ""


def test_views_keep_growing_things_in_objects_keyed_by_id():
    view = exercise.view(room(), audience("facilitator"))
    results = view["clauses"]["c1"]["results"]
    assert isinstance(view["clauses"], dict) and isinstance(results["reasons"], dict)
    assert isinstance(results["organisations"], dict) and isinstance(view["clauses"]["c1"]["log"], dict)


def test_the_plan_has_each_clause_with_versions_positions_reservations_and_the_log(app):
    state = amend(room())
    state = answer(state, ANA, "support", version=2)
    state = run(state, "close_clause", FAC, clause_id="c1", outcome="agreed_reservations", sent_at=1764661000)
    with app.test_request_context():
        items = exercise.plan(state, state["config"])
    clause, second, log = items
    assert all(i["section"] == "agreements" for i in items)
    data = clause["data"]
    assert data["number"] == 1 and data["heading"] == "Purpose" and data["outcome"] == "agreed_reservations"
    assert data["text"] == clause["text"] == "We work together for every child and family."
    assert [v["number"] for v in data["versions"]] == [1, 2]
    assert data["versions"][0]["text"] == "We work together for every child."
    assert data["versions"][0]["counts"] == {"support": 1, "reservations": 1, "discuss": 1, "object": 1}
    assert data["versions"][0]["organisations"]["City Clinic"] == {
        "answer": "object", "reason": "The exit notice is too short", "left": False, "at": "2025-12-02T07:25:00Z"}
    assert data["versions"][0]["organisations"]["East School"]["answer"] == ""
    reservations = list(data["versions"][0]["reservations"].values())
    assert {r["reason"] for r in reservations} == {"Name the budget year", "The exit notice is too short"}
    assert "Ana" not in json.dumps(items) and "p:1" not in json.dumps(items)  # reasons without names
    assert data["organisations"]["North School"]["answer"] == "support" and data["outcome_at"] == "2025-12-02T07:36:40Z"
    assert clause["title"] == "Clause 1 · Purpose — Agreed with noted reservations (version 2)"
    assert second["title"] == "Clause 2 · Data sharing — not decided yet"
    assert log["title"] == "Decision log"
    assert log["text"] == "2 clauses · Agreed with noted reservations: 1 · not decided yet: 1"
    json.dumps(items)


def test_plan_data_words_name_the_outcome_and_status(app):
    with app.test_request_context():
        words = views.plan_data_words({"outcome": "future", "status": "closed"})
    assert words == {"outcome": "Left for future negotiation", "status": "Closed"}


def test_export_rows_give_each_answer_with_its_version_and_the_organisation_spoken_for(app):
    state = amend(room())
    with app.test_request_context():
        rows = exported(exercise.contributions(state), ANA, BEN, CY, DEE)
    assert len(rows) == 4
    first = rows[0]
    assert first["author"] == "Ana" and first["speaks_for"] == "North School" and first["version"] == 1
    assert first["answer"] == "Support with reservations" and first["reason"] == "Name the budget year"
    assert rows[2]["speaks_for"] == ""


# -- measures ------------------------------------------------------------------------------------


def test_measures_count_the_clauses_agreed_agreed_with_reservations_and_left_for_later():
    from tests.test_agreement_reducer import run as act

    state = act(room(), "close_clause", FAC, clause_id="c1", outcome="agreed_reservations")
    state = act(state, "open_clause", FAC, clause_id="c2")
    state = act(state, "close_clause", FAC, clause_id="c2", outcome="future")
    found = {m.key: m.value for m in exercise.measures(state, {})}
    assert found == {"clauses_agreed": 0, "clauses_agreed_reservations": 1, "clauses_future": 1}
    assert {m.key: m.value for m in exercise.measures(room(), {})}["clauses_agreed_reservations"] == 0, \
        "a clause still open counts in none"
