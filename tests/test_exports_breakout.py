"""Issue 22: what each breakout table wrote is in every export, under its step and its table's
name; anonymity holds for the tables' rows; table names never break a format."""
from __future__ import annotations

import csv
import io
import json
import re

import pytest
from flask_babel import force_locale
from openpyxl import load_workbook

from app.exports import PLAN_FORMATS, WORKSHOP_FORMATS, export_plan, export_workshop
from app.exports.json_io import import_plan
from app.extensions import db
from app.live.identity import participant_actor
from app.models import Participant, Step
from tests.factories import create_facilitator, create_partnership, login
from tests.tables_world import AUTHOR_NAMES, PEOPLE, TABLE_NAMES, note, tabled_workshop
from tests.test_exports import pdf_text, text_of

NOTES = [person[4] for person in PEOPLE]


@pytest.fixture
def world(app):
    facilitator = create_facilitator()
    partnership = create_partnership(facilitator)
    return partnership, tabled_workshop(partnership, facilitator)


def csv_rows(content: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def test_the_workshop_csv_has_every_tables_rows_with_its_name(world):
    rows = csv_rows(export_workshop(world[1], "csv")[0])
    by_text = {row["note"]: row for row in rows}
    assert set(NOTES) | {"Plenary welcome note"} <= set(by_text)
    for name, _org, _sector, table, text in PEOPLE:
        shown = TABLE_NAMES[table]
        # A name starting with "=" is not run as a formula (the CSV's own guard, for the tables' too).
        assert by_text[text]["table"] == ("'" + shown if shown.startswith("=") else shown)
        assert by_text[text]["author"] == name
    assert by_text["Plenary welcome note"]["table"] == ""  # written in the plenary step, at no table
    header = next(csv.reader(io.StringIO(export_workshop(world[1], "csv")[0].decode("utf-8-sig"))))
    assert header[:3] == ["step", "exercise", "table"]


def test_the_spreadsheets_name_the_table_column_in_the_readers_language(world):
    with force_locale("fr"):
        sheet = load_workbook(io.BytesIO(export_workshop(world[1], "xlsx")[0])).worksheets[0]
    header = [c.value for c in sheet[1]]
    assert header[:2] == ["table", "note"]  # the step's own sheet: its table first
    values = [tuple(r) for r in sheet.iter_rows(min_row=2, values_only=True)]
    assert any(TABLE_NAMES[3] in r and "Safe route map" in r for r in values)
    assert any("'" + TABLE_NAMES[2] in r for r in values)  # the formula guard holds for a table's name


def test_the_plan_spreadsheets_carry_the_tables_rows(world):
    workbook = load_workbook(io.BytesIO(export_plan(world[0], "xlsx")[0]))
    sheet = next(ws for ws in workbook if ws.title != "Plan")
    rows = list(sheet.iter_rows(values_only=True))
    header = list(rows[0])
    assert "table" in header
    table_of = {row[header.index("note")]: row[header.index("table")] for row in rows[1:]}
    assert table_of["Walking bus to school"] == TABLE_NAMES[0] and table_of["Safe route map"] == TABLE_NAMES[4 - 1]
    text = text_of("csv", export_plan(world[0], "csv")[0])
    assert all(note in text for note in NOTES)


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json", "summary", "pdf"])
def test_an_anonymous_workshop_keeps_its_tables_rows_without_authors(app, fmt):
    facilitator = create_facilitator()
    partnership = create_partnership(facilitator)
    partnership.organisations = []  # (the partnership's own list names organisations, by design)
    workshop = tabled_workshop(partnership, facilitator, anonymous=True)
    content = export_workshop(workshop, fmt)[0]
    text = pdf_text(content) if fmt == "pdf" else text_of("xlsx" if fmt == "xlsx" else "md", content)
    assert not [name for name in AUTHOR_NAMES if name in text]
    assert not [org for _n, org, _s, _t, _x in PEOPLE if org in text]
    if fmt in ("csv", "xlsx", "json"):
        assert all(note in text for note in NOTES)  # the work is there, only its authors are not
    if fmt == "csv":
        rows = csv_rows(content)
        assert {row["table"] for row in rows if row["note"] in NOTES} >= {TABLE_NAMES[0], TABLE_NAMES[1]}
        assert {row["author"] for row in rows} == {""}


def test_markdown_lists_each_table_under_its_step_with_what_it_gave(world):
    text = export_plan(world[0], "md")[0].decode("utf-8")
    lines = text.splitlines()
    step = next(i for i, line in enumerate(lines) if line.startswith("- ") and "6 contributions" in line)
    nested = lines[step + 1:step + 12]
    assert nested[0] == "  - \u2068Oak \\[x\\](http\\://evil.example/a) \\<b\\>bold\\</b\\>\u2069: 2 contributions"
    assert "    - Walking bus to school" in nested and "    - Clinic evening hours" in nested
    assert "  - \u2068The \"quiet\" 'corner' \\& co\u2069: 1 contribution" in nested
    assert f"  - \u2068{TABLE_NAMES[4]}\u2069: 0 contributions" in lines  # the longest name, whole, on one line
    body = re.sub(r"(?m)^> ", "", text)
    assert not re.search(r"(?<!\\)[\[\]<>&`]", body) and "http://" not in text


def test_the_pdfs_and_the_print_views_show_the_tables(client, world):
    partnership, workshop = world
    plan = pdf_text(export_plan(partnership, "pdf")[0])
    summary = pdf_text(export_workshop(workshop, "pdf")[0])
    for text in (plan, summary):
        flat = " ".join(text.split())
        assert "The \"quiet\" 'corner' & co: 1 contribution" in flat
        assert "Shared referral form" in flat and "Oak [x](http://evil.example/a) <b>bold</b>: 2" in flat
    login(client)
    html = export_workshop(workshop, "summary")[0].decode("utf-8")
    assert "<b>bold</b>" not in html and "&lt;b&gt;bold&lt;/b&gt;" in html
    # Each name isolated in its own direction: the RTL override stays inside the name.
    assert '<ul class="step-tables">' in html and f"\u2068{TABLE_NAMES[3]}\u2069: 1 contribution" in html
    page = client.get(f"/partnerships/{partnership.id}/plan/print").get_data(as_text=True)
    assert page.count('<ul class="step-tables">') == 1 and "Homework club" in page


def test_a_table_shows_only_its_first_plan_titles(app):
    facilitator = create_facilitator()
    partnership = create_partnership(facilitator)
    workshop = tabled_workshop(partnership, facilitator, names=("Solo",))
    person = db.session.query(Participant).filter_by(workshop_id=workshop.id).first()
    for number in range(6):
        note(workshop, participant_actor(person), f"Extra idea {number}")
    text = export_plan(partnership, "md")[0].decode("utf-8")
    assert "  - \u2068Solo\u2069: 11 contributions" in text
    # ideas' plan() gives its top ten: the first five under the table, then how many more.
    assert text.count("\n    - ") == 6 and "    - and 5 more" in text


def test_the_json_exports_carry_the_tables_and_the_switch(world):
    partnership, workshop = world
    data = json.loads(export_plan(partnership, "json")[0])
    entry = data["workshops"][0]
    assert [t["name"] for t in entry["tables"]] == list(TABLE_NAMES)
    assert [t["position"] for t in entry["tables"]] == list(range(len(TABLE_NAMES)))
    assert entry["table_plan"] == {"rule": "hand", "count": len(TABLE_NAMES), "size": None}
    assert entry["steps"][0]["in_tables"] is True
    assert "tables" not in entry["steps"][0] and "Walking bus" not in json.dumps(entry)  # no one's work
    contributions = json.loads(export_workshop(workshop, "json")[0])["workshop"]["steps"][0]
    assert contributions["in_tables"] is True
    rows = contributions["contributions"]["rows"]
    assert {row["note"]: row.get("table") for row in rows}["Homework club"] == TABLE_NAMES[2]
    assert [t["count"] for t in contributions["tables"]] == [2, 1, 1, 1, 0]


def test_a_plan_with_tables_exports_the_same_after_import(world):
    first = export_plan(world[0], "json")[0]
    imported = import_plan(first, create_facilitator(email="second@example.org"))
    second = json.loads(export_plan(imported, "json")[0])
    first = json.loads(first)
    for data in (first, second):  # ids are the server's own
        for workshop in data["workshops"]:
            workshop["tables"] = [{k: v for k, v in t.items() if k != "id"} for t in workshop["tables"]]
    assert second["workshops"][0]["tables"] == first["workshops"][0]["tables"]
    assert second["workshops"][0]["table_plan"] == first["workshops"][0]["table_plan"]
    assert second["workshops"][0]["steps"][0]["in_tables"] is True


def test_turning_tables_off_keeps_their_work_in_the_exports(world):
    workshop = world[1]
    step = db.session.get(Step, workshop.steps[0].id)
    step.in_tables = False
    db.session.commit()
    rows = csv_rows(export_workshop(workshop, "csv")[0])
    assert {row["note"] for row in rows} >= set(NOTES)
    assert json.loads(export_plan(world[0], "json")[0])["workshops"][0]["steps"][0]["in_tables"] is False


@pytest.mark.parametrize("fmt", sorted(PLAN_FORMATS))
def test_every_plan_format_takes_the_table_names(client, world, fmt):
    login(client)
    response = client.get(f"/partnerships/{world[0].id}/plan/export.{fmt}")
    assert response.status_code == 200


@pytest.mark.parametrize("fmt", sorted(WORKSHOP_FORMATS))
def test_every_workshop_format_takes_the_table_names(client, world, fmt):
    login(client)
    response = client.get(f"/workshops/{world[1].id}/export/{fmt}")
    assert response.status_code == 200
    text = text_of("xlsx" if fmt == "xlsx" else "md", response.data) if fmt != "pdf" else pdf_text(response.data)
    assert "Homework club" in text or fmt in ("summary", "pdf")
    assert "طاولة الشباب" in text or fmt == "pdf"  # (the PDF's font may lack the glyphs)


def test_the_tables_lines_read_in_french(world):
    with force_locale("fr"):
        text = export_plan(world[0], "md")[0].decode("utf-8")
        rows = csv_rows(export_workshop(world[1], "csv")[0])
    assert "  - \u2068Oak \\[x\\](http\\://evil.example/a) \\<b\\>bold\\</b\\>\u2069 : 2 contributions" in text
    assert "table" in rows[0] and rows[1]["table"] == TABLE_NAMES[0]
