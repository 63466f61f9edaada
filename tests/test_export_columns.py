"""Issue 18: the spreadsheets read in the reader's language. Every column of the XLSX and CSV
plan sheet, the per-exercise sheets and the per-workshop files has a header in the export's
language (the core's words for its keys, each exercise's ``columns`` for its own), and values
that are keys read as words; the JSON exports keep the keys and the raw values."""
from __future__ import annotations

import csv
import io
import json
import zipfile

import pytest
from flask import current_app
from flask_babel import force_locale
from openpyxl import load_workbook

from app.exports import columns, export_plan, export_workshop, model
from app.extensions import db
from app.plan import curate
from app.plan.items import plan_items
from tests import phase_helpers
from tests import test_alignment_mapper_views as alignment
from tests import test_policy_window_views as policy
from tests import test_reframing_views as reframing
from tests import test_role_board_views as role_board
from tests.factories import create_facilitator, create_participant, create_partnership, create_workshop, login
from tests.plan_helpers import AUTHORS, add_note, curated_plan, end_and_harvest

EXERCISES = ("ideas", "alignment_mapper", "policy_window", "reframing", "role_board")
#: Keys whose French header is spelled as the key is (a French word, not a raw key).
SAME_IN_FRENCH = {"description", "date", "dates", "organisation", "type", "note", "action", "votes"}


def _alignment_state():
    state = phase_helpers.at(alignment.goals_state(), "shared", alignment.exercise)
    for actor in (alignment.BEN, alignment.CEM):
        state = alignment.run(state, actor, "respond", card_id="g1", response="shared")
    return state


@pytest.fixture
def every_exercise(app):
    """A plan with every exercise's rows and harvested items, and a facilitator's own items."""
    facilitator = create_facilitator()
    partnership = create_partnership(facilitator)
    curated_plan(partnership, facilitator)  # the facilitator's role, indicator, check-in and action
    workshop = create_workshop(partnership, title="Everything", steps=tuple((key, None) for key in EXERCISES))
    people = [create_participant(workshop, name=n, organisation=o, sector=s)[0] for n, o, s in AUTHORS]
    add_note(workshop, people[0], "Shared referral form")
    states = {"alignment_mapper": _alignment_state(), "policy_window": policy.session(),
              "reframing": reframing.room(), "role_board": role_board.board()}
    for step in workshop.steps[1:]:
        step.state = states[step.exercise_key]
    db.session.commit()
    end_and_harvest(workshop)
    for item in plan_items(partnership.id, ("proposed",)):
        curate.set_status(item, "promoted", facilitator)
    db.session.commit()
    return partnership, workshop


def _in(app, language, make):
    with app.test_request_context(), force_locale(language):
        return make()


def _raw_keys(app, partnership) -> set:
    """Every key a spreadsheet column stands for (rows' and plan items' data), as code spells it."""
    doc = _in(app, "en", lambda: model.plan_document(partnership))
    keys = {key for w in doc["workshops"] for s in w["steps"] for key in s["contributions"]["columns"]}
    keys |= {key for section in doc["sections"] for item in section["items"] for key in item["shown"]}
    return keys


def _assert_french_headers(header, raw_keys) -> None:
    raw = {spelling for key in raw_keys - SAME_IN_FRENCH for spelling in (key, key.replace("_", " "))}
    assert not raw & set(header), sorted(raw & set(header))


def _sheets(content: bytes) -> dict:
    workbook = load_workbook(io.BytesIO(content))
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in workbook}


def _csvs(content: bytes) -> dict:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {name: list(csv.reader(io.StringIO(archive.read(name).decode("utf-8-sig"))))
                for name in archive.namelist() if name.endswith(".csv")}


def _cells(table) -> set:
    return {str(v) for row in table[1:] for v in row if v not in (None, "")}


def test_precondition_the_plan_has_every_exercise_and_raw_keys(app, every_exercise):
    keys = _raw_keys(app, every_exercise[0])
    assert {"owner", "due", "role_or_group", "nominee_sector", "merged_notes", "partly_shared_by", "insider",
            "author_sector", "treat_as", "total_sectors"} <= keys
    sheets = _sheets(_in(app, "en", lambda: export_plan(every_exercise[0], "xlsx")[0]))
    assert len(sheets) == 1 + len(EXERCISES)


def test_every_key_has_a_name_in_its_exercise_or_the_core(app, every_exercise):
    """The contract: a key nobody named would reach the reader as code ("role_or_group")."""
    doc = _in(app, "fr", lambda: model.plan_document(every_exercise[0]))
    exercises = current_app.extensions["exercises"]
    for workshop in doc["workshops"]:
        for step in workshop["steps"]:
            exercise = exercises[step["exercise"]]
            unnamed = [c for c in step["contributions"]["columns"] if not columns.named(exercise, c)]
            assert not unnamed, (exercise.key, unnamed)
    for section in doc["sections"]:
        for item in section["items"]:
            exercise = exercises.get((item["provenance"] or {}).get("exercise")) if item["origin"] == "exercise" \
                else None
            unnamed = [k for k in item["shown"] if not columns.named(exercise, k)]
            assert not unnamed, (item["title"], unnamed)


def test_xlsx_reads_french_in_every_sheet(app, every_exercise):
    partnership = every_exercise[0]
    raw_keys = _raw_keys(app, partnership)
    sheets = _sheets(_in(app, "fr", lambda: export_plan(partnership, "xlsx")[0]))
    for title, table in sheets.items():
        _assert_french_headers(table[0], raw_keys)
        assert not {"True", "False"} & _cells(table), title
    plan = sheets["Plan"][0]
    assert {"rubrique", "responsable", "échéance", "état", "source des données", "rythme", "chef de file"} <= set(plan)
    everything = {h for table in sheets.values() for h in table[0]}
    assert {"atelier", "étape", "auteur ou autrice", "rôle ou instance", "organisation proposée",
            "fusionné avec", "en partie partagé par", "secteur de l'auteur ou de l'autrice", "gommettes"} <= everything
    [board] = [t for t in sheets.values() if "rôle ou instance" in t[0]]
    types = {row[board[0].index("type")] for row in board[1:]}
    assert "proposition" in types and not types & {"nomination", "volunteer", "confirmed lead"}, types
    [framing] = [t for title, t in sheets.items() if "secteur visé" in t[0] and title != "Plan"]
    assert {row[framing[0].index("retenue")] for row in framing[1:]} <= {"oui", "non"}
    assert {row[framing[0].index("type")] for row in framing[1:]} <= {"priorité", "reformulation", "note"}


def test_csv_zip_reads_french_in_every_file(app, every_exercise):
    partnership = every_exercise[0]
    raw_keys = _raw_keys(app, partnership)
    files = _csvs(_in(app, "fr", lambda: export_plan(partnership, "csv")[0]))
    assert len(files) == 1 + len(EXERCISES)
    for name, table in files.items():
        _assert_french_headers(table[0], raw_keys)
        assert not {"True", "False"} & _cells(table), name
    assert {"responsable", "échéance"} <= set(files["plan.csv"][0])
    assert any("auteur ou autrice" in table[0] for table in files.values())


def test_per_workshop_spreadsheets_read_french(app, every_exercise):
    partnership, workshop = every_exercise
    raw_keys = _raw_keys(app, partnership)
    for title, table in _sheets(_in(app, "fr", lambda: export_workshop(workshop, "xlsx")[0])).items():
        _assert_french_headers(table[0], raw_keys)
        assert "auteur ou autrice" in table[0] or "secteur de l'auteur ou de l'autrice" in table[0], title
    content = _in(app, "fr", lambda: export_workshop(workshop, "csv")[0])
    table = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    _assert_french_headers(table[0], raw_keys)
    assert table[0][:2] == ["étape", "exercice"]
    assert not {"ideas", "role_board", "True", "False"} & ({row[1] for row in table[1:]} | _cells(table))


def test_an_english_export_keeps_its_english_headers(app, every_exercise):
    sheets = _sheets(_in(app, "en", lambda: export_plan(every_exercise[0], "xlsx")[0]))
    everything = {h for table in sheets.values() for h in table[0]}
    assert {"owner", "due", "role or group", "author", "workshop", "merged into"} <= everything


def test_json_exports_keep_keys_and_raw_values(app, every_exercise):
    partnership, workshop = every_exercise
    doc = json.loads(_in(app, "fr", lambda: export_workshop(workshop, "json")[0]))
    steps = {step["exercise"]: step["contributions"] for step in doc["workshop"]["steps"]}
    assert set(steps["role_board"]) == {"columns", "rows"}
    assert "role_or_group" in steps["role_board"]["columns"]
    assert {row["type"] for row in steps["role_board"]["rows"]} >= {"nomination"}
    assert {row["chosen"] for row in steps["reframing"]["rows"]} <= {True, False}
    assert all("shown_names" not in item for item in doc["plan_items"])
    plan = json.loads(_in(app, "fr", lambda: export_plan(partnership, "json")[0]))
    assert "responsable" not in json.dumps(plan) and any(i["data"].get("owner") for i in plan["items"])


def test_the_web_download_reads_the_readers_language(client, every_exercise):
    login(client)
    partnership = every_exercise[0]
    response = client.get(f"/partnerships/{partnership.id}/plan/export.xlsx?lang=fr")
    assert response.status_code == 200
    assert {"responsable", "échéance"} <= set(_sheets(response.data)["Plan"][0])


def test_export_plan_command_writes_french_spreadsheets(app, every_exercise, tmp_path):
    out = tmp_path / "plan.xlsx"
    result = app.test_cli_runner().invoke(args=["export-plan", str(every_exercise[0].id), "--format", "xlsx",
                                                "--output", str(out), "--language", "fr"])
    assert result.exit_code == 0, result.output
    sheets = _sheets(out.read_bytes())
    assert {"responsable", "échéance"} <= set(sheets["Plan"][0])
    assert any("auteur ou autrice" in table[0] for table in sheets.values())
