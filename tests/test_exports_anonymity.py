"""Issue 24: anonymous exports remove authorship — and only authorship — with the live rules.

Each exercise's raw rows go through the export model's one anonymity rule: names and the
author's organisation go; the author's sector stays only for a group of 3 or more; the
sectors of respondents are folded into "other" for small groups; content (the organisation
a role is assigned to, the sector a framing is for) stays.
"""
from __future__ import annotations

import io
from types import SimpleNamespace

import pytest
from flask import current_app
from openpyxl import load_workbook

from app.exercises import Audience
from app.exports import export_plan, model
from tests import phase_helpers
from tests import test_alignment_mapper_views as alignment
from tests import test_policy_window_views as policy
from tests import test_reframing_views as reframing
from tests import test_role_board_views as role_board
from tests.factories import create_facilitator, create_participant, create_partnership, create_workshop
from tests.roster_helpers import names

ACTORS = {"policy_window": policy.ACTORS, "alignment_mapper": alignment.ACTORS,
          "reframing": reframing.ACTORS, "role_board": role_board.ACTORS}


def rows(key, state, sizes, anonymous=True):
    """The export model's rows for ``state``, names resolved as the roster would."""
    exercise = current_app.extensions["exercises"][key]
    audience = Audience(role="screen", anonymous=anonymous, sector_sizes=sizes)
    known = {} if anonymous else names(*ACTORS[key])
    return model.contributions(audience, known, SimpleNamespace(state=state), exercise)


def test_policy_window_rows(app):
    state = policy.session()
    sizes = {"Education": 3, "Health": 1}
    named = rows("policy_window", state, sizes, anonymous=False)
    assert {r["author"] for r in named} >= {"Ana Secretname"}  # precondition: authors are in the rows
    anonymous = rows("policy_window", state, sizes)
    assert {r["author"] for r in anonymous} == {""} and {r["organisation"] for r in anonymous} == {""}
    assert {r["sector"] for r in anonymous} <= {"Education", ""}
    by_text = {r["text"]: r for r in anonymous if r["kind"] == "note"}
    assert by_text["Director retiring"]["sector"] == ""  # Ben's sector has one person
    assert by_text[f"{policy.SECRET} election"]["sector"] == "Education"  # Ana's has three
    assert [r["owner"] for r in anonymous if r["kind"] == "action"] == ["Ana"]  # content: who acts, kept


def test_alignment_rows_fold_small_respondent_sectors_into_other(app, full):
    sizes = alignment.BIG  # Local government has one person
    named = rows("alignment_mapper", full, sizes, anonymous=False)
    first = next(r for r in named if r["goal"] == alignment.GOALS[0])
    assert first["partly_shared_by"] == ["Local government"]  # precondition
    anonymous = rows("alignment_mapper", full, sizes)
    first = next(r for r in anonymous if r["goal"] == alignment.GOALS[0])
    assert first["shared_by"] == ["Health", "Housing"] and first["partly_shared_by"] == ["other"]
    assert {r["author"] for r in anonymous} == {""} and {r["organisation"] for r in anonymous} == {""}
    youth = next(r for r in anonymous if r["goal"] == alignment.GOALS[3])
    assert youth["sector"] == "" and first["sector"] == "Education"


def test_role_board_rows_keep_the_assigned_organisation(app):
    state = role_board.board()
    sizes = {"Faith": 1, "Health": 4}
    named = rows("role_board", state, sizes, anonymous=False)
    nomination = next(r for r in named if r["type"] == "nomination")
    assert nomination["author"] == "Ana Secretname" and nomination["organisation"] == "Quiet Charity"
    anonymous = rows("role_board", state, sizes)
    nomination = next(r for r in anonymous if r["type"] == "nomination")
    assert (nomination["author"], nomination["organisation"], nomination["author_sector"]) == ("", "", "")
    assert (nomination["nominee"], nomination["nominee_sector"]) == ("City Clinic", "Health")  # content stays
    placed = [r for r in anonymous if r["type"].startswith("confirmed")]
    assert placed and {r["nominee"] for r in placed} == {"North School"}


def test_reframing_rows_drop_small_author_sectors_and_insider_flags(app):
    state = reframing.room()
    sizes = reframing.BIG  # Education 4, Health 1, Housing 1
    named = rows("reframing", state, sizes, anonymous=False)
    assert {r["author_sector"] for r in named} >= {"Housing", "Health"}  # precondition
    anonymous = rows("reframing", state, sizes)
    assert {r["author"] for r in anonymous} == {""} and {r["organisation"] for r in anonymous} == {""}
    assert {r["author_sector"] for r in anonymous} <= {"Education", ""}
    health = next(r for r in anonymous if r["kind"] == "priority" and r["sector"] == "Health")
    assert health["insider"] == "" and health["sector"] == "Health"  # the target sector is content
    education = next(r for r in anonymous if r["kind"] == "priority" and r["sector"] == "Education")
    assert education["insider"] is True and education["author_sector"] == "Education"


def test_ideas_rows(app):
    facilitator = create_facilitator()
    partnership = create_partnership(facilitator)
    workshop = create_workshop(partnership, anonymous=True)
    from tests.plan_helpers import add_note

    alone, _ = create_participant(workshop, name="Solo Person", organisation="Lone Org", sector="Faith")
    crowd = [create_participant(workshop, name=f"Teacher {n}", sector="Education")[0] for n in range(3)]
    add_note(workshop, alone, "A lone sector's note")
    add_note(workshop, crowd[0], "A crowd's note")
    step = model.workshop_document(workshop)["workshop"]["steps"][0]
    by_note = {r["note"]: r for r in step["contributions"]["rows"]}
    assert by_note["A lone sector's note"]["sector"] == "" and by_note["A crowd's note"]["sector"] == "Education"
    assert {r["author"] for r in by_note.values()} == {""} and {r["organisation"] for r in by_note.values()} == {""}


def test_anonymous_role_board_sheet_keeps_the_assigned_organisation(app):
    facilitator = create_facilitator()
    partnership = create_partnership(facilitator)
    workshop = create_workshop(partnership, steps=(("role_board", None),), anonymous=True)
    step = workshop.steps[0]
    step.state = role_board.board()
    from app.extensions import db

    db.session.commit()
    sheet = load_workbook(io.BytesIO(export_plan(partnership, "xlsx")[0]))
    [name] = [n for n in sheet.sheetnames if n != "Plan"]
    table = list(sheet[name].iter_rows(values_only=True))
    header = table[0]
    assert "City Clinic" in {r[header.index("organisation put forward")] for r in table[1:]}  # "nominee"
    assert {r[header.index("organisation")] for r in table[1:]} == {None}
    assert "Ana Secretname" not in str(table)


@pytest.fixture
def full():
    """g1 shared by Health and Housing, partly by Local government (one person)."""
    state = phase_helpers.at(alignment.goals_state(), "shared", alignment.exercise)
    for actor in (alignment.BEN, alignment.CEM):
        state = alignment.run(state, actor, "respond", card_id="g1", response="shared")
    state = alignment.run(state, alignment.DIA, "respond", card_id="g1", response="partly")
    return alignment.run(state, alignment.ANA, "respond", card_id="g2", response="shared")


def test_commitments_rows_blank_the_committing_organisation_when_anonymous(app):
    from tests import test_commitments_views as commitments

    exercise = current_app.extensions["exercises"]["commitments"]
    state = commitments.ledger()
    sizes = {"Education": 1, "Health": 3}

    def sheet(anonymous):
        audience = Audience(role="screen", anonymous=anonymous, sector_sizes=sizes)
        known = {} if anonymous else names(commitments.ANA, commitments.BEN)
        return model.contributions(audience, known, SimpleNamespace(state=state), exercise)

    named = sheet(False)
    assert {r["committing_organisation"] for r in named} == {"North School", "City Clinic"}  # precondition
    anonymous = sheet(True)
    assert {r["committing_organisation"] for r in anonymous} == {""}
    assert {r["author"] for r in anonymous} == {""} and {r["sector"] for r in anonymous} == {"", "Health"}
    assert {r["amount"] for r in anonymous} >= {70, 12000}  # content stays
