"""Issue 17: spreadsheets a person can read: one BOM, named columns, sensible widths."""
from __future__ import annotations

import io
import zipfile

import pytest
from openpyxl import load_workbook

from app.exports import export_plan, export_workshop
from tests.factories import create_facilitator, create_partnership
from tests.plan_helpers import curated_plan


@pytest.fixture
def plan(app):
    facilitator = create_facilitator()
    partnership = create_partnership(facilitator)
    workshop = curated_plan(partnership, facilitator)
    return partnership, workshop


def test_per_workshop_csv_starts_with_exactly_one_bom(plan):
    content = export_workshop(plan[1], "csv")[0]
    assert content.startswith(b"\xef\xbb\xbf") and not content[3:].startswith(b"\xef\xbb\xbf")
    assert content.count("\ufeff".encode()) == 1
    with zipfile.ZipFile(io.BytesIO(export_plan(plan[0], "csv")[0])) as archive:
        for name in archive.namelist():
            if name.endswith(".csv"):
                assert archive.read(name).count("\ufeff".encode()) == 1, name


def test_plan_sheet_spreads_item_data_into_named_columns(plan):
    sheet = load_workbook(io.BytesIO(export_plan(plan[0], "xlsx")[0]))["Plan"]
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    assert "details" not in header
    assert {"owner", "due", "status", "lead", "supporting", "data source", "cadence", "dates"} <= set(header)
    for row in rows[1:]:  # no cell holds raw JSON
        assert not any(isinstance(v, str) and v[:1] in "{[" for v in row), row
    checkin = next(dict(zip(header, r, strict=True)) for r in rows[1:] if r[1] == "Steering group")
    assert checkin["dates"] == "January 15, 2027, February 26, 2027"


def test_xlsx_columns_are_sized_to_their_content(plan):
    workbook = load_workbook(io.BytesIO(export_plan(plan[0], "xlsx")[0]))
    for sheet in workbook:
        widths = {sheet.column_dimensions[c[0].column_letter].width for c in sheet.iter_cols()}
        assert len(widths) > 1, sheet.title  # not every column the default 13
    sheet = workbook["Plan"]
    header = [c.value for c in sheet[1]]
    text = sheet.column_dimensions[sheet.cell(1, header.index("text") + 1).column_letter].width
    assert text >= len("Convenes the partners and keeps the plan.")
    workshop = load_workbook(io.BytesIO(export_workshop(plan[1], "xlsx")[0]))
    assert all(max(ws.column_dimensions[c[0].column_letter].width for c in ws.iter_cols()) <= 60 for ws in workshop)
