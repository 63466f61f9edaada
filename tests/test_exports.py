"""Every export format, read back by a real reader; anonymity; empty plans; JSON round trip."""
from __future__ import annotations

import csv
import io
import json
import zipfile

import pytest
from docx import Document
from icalendar import Calendar
from openpyxl import load_workbook

from app.exports import PLAN_FORMATS, WORKSHOP_FORMATS, export_plan, export_workshop
from app.exports.json_io import MAX_BYTES, ImportFailed, import_plan
from app.extensions import db
from app.models import Partnership, PlanItem, Step, Workshop
from tests.factories import create_facilitator, create_partnership, login
from tests.plan_helpers import AUTHORS, curated_plan

AUTHOR_NAMES = [name for name, _org, _sector in AUTHORS]


@pytest.fixture
def plan(app):
    facilitator = create_facilitator()
    partnership = create_partnership(facilitator)
    curated_plan(partnership, facilitator)
    return partnership


def text_of(fmt: str, content: bytes) -> str:
    """All the text a person could read in an export, whatever its format."""
    if fmt == "docx":
        document = Document(io.BytesIO(content))
        cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
        return "\n".join([p.text for p in document.paragraphs] + cells)
    if fmt == "xlsx":
        workbook = load_workbook(io.BytesIO(content))
        return "\n".join(str(v) for ws in workbook for row in ws.iter_rows(values_only=True) for v in row
                         if v is not None)
    if fmt == "csv":
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return "\n".join(archive.read(name).decode("utf-8-sig") for name in archive.namelist())
    if fmt == "pdf":
        return pdf_text(content)
    return content.decode("utf-8")


def pdf_text(content: bytes) -> str:
    assert content.startswith(b"%PDF")
    try:
        from pypdf import PdfReader
    except ImportError:  # pragma: no cover - pypdf is in requirements-dev.txt
        pytest.skip(reason="pypdf is not installed")
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_docx_is_an_agreement_draft_with_a_roles_table(plan):
    content, mimetype, filename = export_plan(plan, "docx")
    document = Document(io.BytesIO(content))
    assert filename == "healthy-futures-plan.docx" and "wordprocessingml" in mimetype
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "Roles and responsibilities" in headings and "Actions" in headings
    tables = {t.rows[0].cells[0].text: t for t in document.tables}
    roles = tables["Role"]
    assert [c.text for c in roles.rows[0].cells] == ["Role", "Lead", "Supporting", "Responsibilities"]
    assert [c.text for c in roles.rows[1].cells] == ["Backbone organisation", "City Clinic", "North School",
                                                     "Convenes the partners and keeps the plan."]
    assert tables["Indicator"].rows[1].cells[1].text == "Reception baseline"
    assert tables["Action"].rows[1].cells[2].text == "January 31, 2027"


def test_xlsx_has_a_plan_sheet_and_one_per_exercise(plan):
    workbook = load_workbook(io.BytesIO(export_plan(plan, "xlsx")[0]))
    assert workbook.sheetnames == ["Plan", "Ideas & dot voting"]
    plan_rows = list(workbook["Plan"].iter_rows(values_only=True))
    assert plan_rows[0][:3] == ("section", "title", "text")
    assert ("Roles and responsibilities", "Backbone organisation") in {r[:2] for r in plan_rows}
    ideas = list(workbook["Ideas & dot voting"].iter_rows(values_only=True))
    header = ideas[0]
    assert header[:3] == ("workshop", "step", "note") and "author" in header
    assert {row[header.index("note")] for row in ideas[1:]} == {"Shared referral form", "Family hub at the school"}
    assert AUTHOR_NAMES[0] in {row[header.index("author")] for row in ideas[1:]}


def test_csv_zip_parses_with_the_same_content(plan):
    with zipfile.ZipFile(io.BytesIO(export_plan(plan, "csv")[0])) as archive:
        assert set(archive.namelist()) == {"README.txt", "plan.csv", "ideas-dot-voting.csv"}
        plan_rows = list(csv.DictReader(io.StringIO(archive.read("plan.csv").decode("utf-8-sig"))))
        ideas = list(csv.DictReader(io.StringIO(archive.read("ideas-dot-voting.csv").decode("utf-8-sig"))))
    assert {"Shared referral form", "Backbone organisation"} <= {r["title"] for r in plan_rows}
    assert sorted(r["note"] for r in ideas) == ["Family hub at the school", "Shared referral form"]


def test_ics_has_all_day_check_ins_and_due_dates_with_stable_uids(plan):
    content = export_plan(plan, "ics")[0]
    events = Calendar.from_ical(content).walk("VEVENT")
    by_summary = {str(e["SUMMARY"]): e for e in events}
    assert len(events) == 3
    checkins = [e for e in events if str(e["SUMMARY"]) == "Check-in: Steering group"]
    assert sorted(e.decoded("DTSTART").isoformat() for e in checkins) == ["2027-01-15", "2027-02-26"]
    assert by_summary["Due: Draft the data-sharing agreement"].decoded("DTSTART").isoformat() == "2027-01-31"
    uids = sorted(str(e["UID"]) for e in events)
    again = sorted(str(e["UID"]) for e in Calendar.from_ical(export_plan(plan, "ics")[0]).walk("VEVENT"))
    assert uids == again and len(set(uids)) == 3


def test_pdf_text_has_the_plan_headings(plan):
    content, mimetype, _ = export_plan(plan, "pdf")
    assert mimetype == "application/pdf"
    text = pdf_text(content)
    for heading in ("Healthy Futures", "Roles and responsibilities", "Outcome indicators", "Regular check-ins",
                    "Actions", "Ideas and priorities"):
        assert heading in text


def test_markdown_reads_as_the_plan(plan):
    text = export_plan(plan, "md")[0].decode()
    assert text.startswith("# Healthy Futures: partnership plan")
    assert "## Roles and responsibilities" in text and "| Backbone organisation | City Clinic |" in text
    assert "from Kick-off · Ideas & dot voting" in text.replace("\\&", "&")


def _normalised(data):
    """Drop what legitimately differs between servers: ids and join codes."""
    if isinstance(data, dict):
        return {k: _normalised(v) for k, v in data.items()
                if not (k == "id" or k.endswith("_id") or k == "join_code")}
    if isinstance(data, list):
        return [_normalised(v) for v in data]
    return data


def test_json_export_import_export_is_identical(plan):
    first = export_plan(plan, "json")[0]
    owner = create_facilitator(email="second@example.org")
    imported = import_plan(first, owner)
    assert imported.id != plan.id and imported.owner_id == owner.id
    second = export_plan(imported, "json")[0]
    assert _normalised(json.loads(first)) == _normalised(json.loads(second))
    copy = imported.workshops[0]
    assert copy.join_code != plan.workshops[0].join_code and copy.steps[0].exercise_key == "ideas"
    exercise_item = db.session.query(PlanItem).filter_by(partnership_id=imported.id, origin="exercise").first()
    assert exercise_item.provenance["step_id"] == copy.steps[0].id


@pytest.mark.parametrize("raw, message", [
    (b"{not json", "not a valid JSON file"),
    (json.dumps({"kind": "common-ground/plan", "format_version": 99, "partnership": {"name": "x"}}).encode(),
     "newer version"),
    (json.dumps({"kind": "something else"}).encode(), "not a Common Ground plan export"),
    (json.dumps({"kind": "common-ground/plan", "format_version": 1, "partnership": {"name": "x"},
                 "items": [{"title": "no section"}]}).encode(), "does not match the plan format at items → 0"),
    (b" " * (MAX_BYTES + 1), "too large"),
])
def test_bad_imports_fail_cleanly(app, raw, message):
    owner = create_facilitator()
    with pytest.raises(ImportFailed, match=message):
        import_plan(raw, owner)
    assert db.session.query(Partnership).count() == 0


def test_an_import_failing_half_way_saves_nothing(plan):
    data = json.loads(export_plan(plan, "json")[0])
    data["workshops"].append({"title": "Broken", "steps": [{"exercise": "ideas", "config": {"dots": "many"}}]})
    before = (db.session.query(Partnership).count(), db.session.query(Workshop).count(),
              db.session.query(Step).count(), db.session.query(PlanItem).count())
    with pytest.raises(ImportFailed):
        import_plan(json.dumps(data), plan.owner)
    after = (db.session.query(Partnership).count(), db.session.query(Workshop).count(),
             db.session.query(Step).count(), db.session.query(PlanItem).count())
    assert before == after


@pytest.mark.parametrize("fmt", sorted(PLAN_FORMATS))
def test_anonymous_workshops_export_no_author_names(app, fmt):
    facilitator = create_facilitator()
    partnership = create_partnership(facilitator, organisations=[])
    curated_plan(partnership, facilitator, anonymous=True)
    text = text_of(fmt, export_plan(partnership, fmt)[0])
    assert "Shared referral form" in text or fmt == "ics"
    for name in AUTHOR_NAMES:
        assert name not in text
    if fmt == "xlsx":  # the raw contributions keep their columns, blanked
        rows = list(load_workbook(io.BytesIO(export_plan(partnership, fmt)[0]))["Ideas & dot voting"].values)
        for column in ("author", "organisation"):
            assert {row[rows[0].index(column)] for row in rows[1:]} == {None}


@pytest.mark.parametrize("fmt", sorted(WORKSHOP_FORMATS))
def test_anonymous_workshop_exports_no_author_names(app, fmt):
    facilitator = create_facilitator()
    partnership = create_partnership(facilitator, organisations=[])
    workshop = curated_plan(partnership, facilitator, anonymous=True)
    content = export_workshop(workshop, fmt)[0]
    text = text_of(fmt, content) if fmt in ("xlsx", "pdf") else content.decode("utf-8-sig")
    assert "Shared referral form" in text
    for name, organisation, _sector in AUTHORS:
        assert name not in text and organisation not in text


def test_named_workshops_do_export_authors(plan):
    # The anonymity test would pass trivially if names were never exported at all.
    assert AUTHOR_NAMES[0] in text_of("xlsx", export_plan(plan, "xlsx")[0])


@pytest.mark.parametrize("fmt", sorted(PLAN_FORMATS))
def test_an_empty_plan_exports_a_valid_clearly_empty_document(app, fmt):
    partnership = create_partnership(create_facilitator())
    content = export_plan(partnership, fmt)[0]
    if fmt == "ics":
        calendar = Calendar.from_ical(content)
        assert calendar.walk("VEVENT") == [] and "No check-in dates" in str(calendar["X-WR-CALDESC"])
    elif fmt == "json":
        assert json.loads(content)["items"] == []
    else:
        assert "empty so far" in text_of(fmt, content)


def test_downloads_from_the_web(client, plan):
    login(client)
    response = client.get(f"/partnerships/{plan.id}/plan/export.docx")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == 'attachment; filename="healthy-futures-plan.docx"'
    assert client.get(f"/partnerships/{plan.id}/plan/export.exe").status_code == 404
    page = client.get(f"/partnerships/{plan.id}/plan").get_data(as_text=True)
    assert 'data-download="slow"' in page and "js/downloads.js" in page
    printed = client.get(f"/partnerships/{plan.id}/plan/print").get_data(as_text=True)
    assert "css/print.css" in printed and "Backbone organisation" in printed
    workshop = plan.workshops[0]
    details = client.get(f"/workshops/{workshop.id}").get_data(as_text=True)
    for fmt in WORKSHOP_FORMATS:  # the workshop page links every registered format, and each works
        assert f"/workshops/{workshop.id}/export/{fmt}" in details
        assert client.get(f"/workshops/{workshop.id}/export/{fmt}").status_code == 200
    summary = client.get(f"/workshops/{workshop.id}/export/summary").get_data(as_text=True)
    assert "What it gave the plan" in summary and "Shared referral form" in summary


def test_cli_export_and_import(runner, plan, tmp_path):
    out = tmp_path / "plan.json"
    result = runner.invoke(args=["export-plan", str(plan.id), "--format", "json", "--output", str(out)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(args=["import-plan", str(out), "--owner", "facilitator@example.org"])
    assert result.exit_code == 0, result.output
    assert "Imported partnership" in result.output
    bad = tmp_path / "bad.json"
    bad.write_text("[1, 2")
    result = runner.invoke(args=["import-plan", str(bad), "--owner", "facilitator@example.org"])
    assert result.exit_code != 0 and "Nothing was imported" in result.output
    result = runner.invoke(args=["export-plan", "999", "--format", "md", "--output", str(tmp_path / "x.md")])
    assert result.exit_code != 0 and "no partnership 999" in result.output
