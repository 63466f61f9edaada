"""The plan as XLSX (openpyxl): a "Plan" sheet, then one sheet per exercise with its raw
contributions across the partnership's workshops."""
from __future__ import annotations

import io
import re

from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from app.exports import tabular


def render(doc: dict) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _sheet_name(_("Plan"), set())
    _fill(sheet, *tabular.plan_table(doc))
    used = {sheet.title.lower()}
    for key, (headers, rows) in tabular.exercise_tables(doc).items():
        _fill(workbook.create_sheet(_sheet_name(key, used)), headers, rows)
    return _save(workbook)


def render_workshop(doc: dict) -> bytes:
    """One sheet per step of one workshop."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    used: set = set()
    for title, (headers, rows) in tabular.step_tables(doc).items():
        _fill(workbook.create_sheet(_sheet_name(title, used)), headers, rows)
    if not workbook.sheetnames:
        _fill(workbook.create_sheet(_sheet_name(_("Contributions"), set())), [_("note")],
              [[_("This workshop has no contributions yet.")]])
    return _save(workbook)


#: Column widths in characters: wide enough for a short text, capped so a long note wraps.
MIN_WIDTH, MAX_WIDTH = 8, 60


def _fill(sheet, headers, rows) -> None:
    sheet.append(list(headers))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([_cell(value) for value in row])
    sheet.freeze_panes = "A2"
    _size_columns(sheet)


def _size_columns(sheet) -> None:
    """Each column as wide as its longest line (within bounds); long text wraps instead."""
    wrap = Alignment(wrap_text=True, vertical="top")
    for column in sheet.iter_cols():
        longest = max((len(line) for cell in column if cell.value is not None
                       for line in str(cell.value).splitlines() or [""]), default=0)
        sheet.column_dimensions[get_column_letter(column[0].column)].width = \
            max(MIN_WIDTH, min(MAX_WIDTH, longest + 2))
        if longest > MAX_WIDTH:
            for cell in column[1:]:
                cell.alignment = wrap


def _cell(value):
    if isinstance(value, (int, float, bool)) or value is None:
        return value
    text = str(value)
    # A leading "=" would make a spreadsheet run user text as a formula.
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def _sheet_name(name: str, used: set) -> str:
    base = re.sub(r"[\[\]:*?/\\']", " ", name).strip()[:28] or "Sheet"
    candidate, n = base, 2
    while candidate.lower() in used:
        candidate, n = f"{base[:25]} {n}", n + 1
    used.add(candidate.lower())
    return candidate


def _save(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
