"""Issue 17: an action's owner and due date reach every export (one vocabulary: owner/due)."""
from __future__ import annotations

import io
import json
import zipfile

import pytest
from docx import Document
from icalendar import Calendar
from openpyxl import load_workbook

from app.exports import export_plan
from app.extensions import db
from app.models import PlanItem
from app.plan import curate
from tests.factories import create_facilitator, create_partnership, login
from tests.plan_helpers import policy_window_with_action

OWNER, DUE = "Homes Trust", "2027-03-15"
#: How an English reader reads the due day in every document and table (JSON and the calendar keep the day).
DUE_TEXT = "March 15, 2027"


@pytest.fixture
def plan(app):
    partnership = create_partnership(create_facilitator())
    policy_window_with_action(partnership, owner=OWNER, due=DUE)
    action = db.session.query(PlanItem).filter_by(section="actions").one()
    assert action.status == "promoted" and action.data["owner"] == OWNER  # precondition
    return partnership


def _action_cells(rows, header_row):
    """The row of a table whose first cell is the action, as {header: value}."""
    headers = [str(h) for h in header_row]
    for row in rows:
        if row and row[0] == "Brief every candidate":
            return dict(zip(headers, row, strict=False))
    raise AssertionError(f"no action row in {rows!r}")


def test_markdown_actions_table_has_owner_and_due(plan):
    text = export_plan(plan, "md")[0].decode()
    assert f"| Brief every candidate | Homes Trust | {DUE_TEXT} |" in text


def test_docx_actions_table_has_owner_and_due(plan):
    document = Document(io.BytesIO(export_plan(plan, "docx")[0]))
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "Action")
    cells = _action_cells([[c.text for c in r.cells] for r in table.rows[1:]], [c.text for c in table.rows[0].cells])
    assert (cells["Owner"], cells["Due"]) == (OWNER, DUE_TEXT)


def test_xlsx_plan_sheet_has_owner_and_due_columns(plan):
    sheet = load_workbook(io.BytesIO(export_plan(plan, "xlsx")[0]))["Plan"]
    rows = list(sheet.iter_rows(values_only=True))
    row = next(dict(zip(rows[0], r, strict=True)) for r in rows[1:] if r[1] == "Brief every candidate")
    assert (row["owner"], row["due"]) == (OWNER, DUE_TEXT)


def test_csv_plan_has_owner_and_due_columns(plan):
    import csv

    with zipfile.ZipFile(io.BytesIO(export_plan(plan, "csv")[0])) as archive:
        rows = list(csv.DictReader(io.StringIO(archive.read("plan.csv").decode("utf-8-sig"))))
    row = next(r for r in rows if r["title"] == "Brief every candidate")
    assert (row["owner"], row["due"]) == (OWNER, DUE_TEXT)


def test_json_carries_owner_and_due(plan):
    items = json.loads(export_plan(plan, "json")[0])["items"]
    [action] = [i for i in items if i["section"] == "actions"]
    assert (action["data"]["owner"], action["data"]["due"]) == (OWNER, DUE)


def test_ics_has_one_event_per_dated_action(plan):
    curate.add(plan, "actions", "Undated action", "", {"owner": "x", "due": "", "status": "open"}, None)
    curate.add(plan, "actions", "Second dated", "", {"owner": "", "due": "2027-04-01", "status": "open"}, None)
    db.session.commit()
    events = Calendar.from_ical(export_plan(plan, "ics")[0]).walk("VEVENT")
    due = {str(e["SUMMARY"]): e for e in events if str(e["SUMMARY"]).startswith("Due:")}
    assert sorted(due) == ["Due: Brief every candidate", "Due: Second dated"]
    event = due["Due: Brief every candidate"]
    assert event.decoded("DTSTART").isoformat() == DUE and OWNER in str(event["DESCRIPTION"])


def test_print_view_shows_owner_and_due(client, plan):
    login(client)
    page = client.get(f"/partnerships/{plan.id}/plan/print").get_data(as_text=True)
    assert f"<td>Brief every candidate</td><td>{OWNER}</td><td>{DUE_TEXT}</td>" in page


def test_items_stored_with_the_old_words_lead_and_date_still_export(plan):
    # Plan items harvested before the vocabulary was one (policy window said lead/date).
    action = db.session.query(PlanItem).filter_by(section="actions").one()
    action.data = {"kind": "use", "lead": "Old Lead", "date": "2027-06-30"}
    db.session.commit()
    text = export_plan(plan, "md")[0].decode()
    assert "Old Lead" in text and "June 30, 2027" in text
    events = Calendar.from_ical(export_plan(plan, "ics")[0]).walk("VEVENT")
    assert [e.decoded("DTSTART").isoformat() for e in events] == ["2027-06-30"]


def test_a_barrier_out_of_our_hands_becomes_an_owned_dated_action_in_the_exports(app):
    """Issue 17: a barrier the room marked out of our hands can still become an action (one to
    influence from outside), and it reaches the plan and the exports like any other."""
    from app.plan.items import plan_items
    from tests.factories import create_workshop
    from tests.plan_helpers import FACILITATOR, act, end_and_harvest

    partnership = create_partnership(create_facilitator())
    workshop = create_workshop(partnership, title="Window", steps=(("policy_window", None),))
    act(workshop, FACILITATOR, "add_note", column="power", text="National funding freeze", effect="closes",
        influence="no")
    act(workshop, FACILITATOR, "add_action", note_id="n1", kind="influence", text="Join the regional campaign",
        lead=OWNER, date=DUE)
    end_and_harvest(workshop)
    [item] = [i for i in plan_items(partnership.id, ("proposed",)) if i.section == "actions"]
    curate.set_status(item, "promoted", None)
    db.session.commit()
    text = export_plan(partnership, "md")[0].decode()
    assert f"| Join the regional campaign | Homes Trust | {DUE_TEXT} |" in text
    events = Calendar.from_ical(export_plan(partnership, "ics")[0]).walk("VEVENT")
    assert [str(e["SUMMARY"]) for e in events] == ["Due: Join the regional campaign"]
