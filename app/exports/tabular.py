"""Tables (headers + rows of scalars) out of the plan document, shared by XLSX and CSV."""
from __future__ import annotations

import json

from flask_babel import lazy_gettext as _l

PLAN_HEADERS = [_l("section"), _l("title"), _l("text"), _l("details"), _l("sectors"), _l("from workshop"),
                _l("from step"), _l("origin")]


def scalar(value):
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return "" if value is None else value


def plan_table(doc: dict) -> tuple[list, list]:
    rows = []
    for section in doc["sections"]:
        for item in section["items"]:
            provenance = item["provenance"]
            rows.append([section["title"], item["title"], item["text"], scalar(item["data"] or ""),
                         ", ".join(item["sectors"]), provenance.get("workshop_title", ""),
                         provenance.get("step_title", ""), item["origin"]])
    if doc["empty"]:
        rows.append(["", doc["empty_note"], "", "", "", "", "", ""])
    return [str(h) for h in PLAN_HEADERS], rows


def exercise_tables(doc: dict) -> dict:
    """``{exercise title: (headers, rows)}`` with every workshop's rows for that exercise."""
    grouped: dict = {}
    for workshop in doc["workshops"]:
        for step in workshop["steps"]:
            contributions = step["contributions"]
            if not contributions["rows"]:
                continue
            columns, rows = grouped.setdefault(step["exercise_title"], (["workshop", "step"], []))
            columns.extend(c for c in contributions["columns"] if c not in columns)
            rows.extend({"workshop": workshop["title"], "step": step["title"], **row} for row in contributions["rows"])
    return {name: (columns, [[scalar(row.get(c, "")) for c in columns] for row in rows])
            for name, (columns, rows) in grouped.items()}


def step_tables(doc: dict) -> dict:
    """``{step title: (headers, rows)}`` for one workshop document."""
    tables = {}
    for step in doc["workshop"]["steps"]:
        columns = step["contributions"]["columns"]
        if columns:
            tables[f"{step['position'] + 1}. {step['title']}"] = (
                columns, [[scalar(row.get(c, "")) for c in columns] for row in step["contributions"]["rows"]])
    return tables


def workshop_rows(doc: dict) -> tuple[list, list]:
    """All of one workshop's contributions in one table, with step and exercise first."""
    columns = ["step", "exercise"]
    for step in doc["workshop"]["steps"]:
        columns.extend(c for c in step["contributions"]["columns"] if c not in columns)
    rows = []
    for step in doc["workshop"]["steps"]:
        for row in step["contributions"]["rows"]:
            full = {"step": step["title"], "exercise": step["exercise"], **row}
            rows.append([scalar(full.get(c, "")) for c in columns])
    return columns, rows
