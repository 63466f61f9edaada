"""Tables (headers + rows of scalars) out of the plan document, shared by XLSX and CSV."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.exports.columns import CORE

#: The plan table's fixed columns; each item's ``data`` fields get named columns between
#: ``text`` and ``sectors`` (so an action's ``owner`` and ``due`` are columns of their own).
LEADING_HEADERS = [_l("section"), _l("title"), _l("text")]
TRAILING_HEADERS = [_l("sectors"), _l("from workshop"), _l("from step"), _l("origin")]


def scalar(value):
    """A cell: lists read as "a, b", mappings as "key: value; …" — never raw JSON."""
    if isinstance(value, (list, tuple)):
        return ", ".join(str(scalar(v)) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {scalar(v)}" for k, v in value.items())
    return "" if value is None else value


def data_columns(items) -> list[str]:
    """Every ``data`` key of ``items`` a reader reads (see ``shown``), in order of first appearance."""
    keys: list = []
    for item in items:
        keys.extend(key for key in _shown(item) if key not in keys)
    return keys


def _shown(item) -> dict:
    """The item's data as words (app.plan.items.shown_data); its raw data for older documents."""
    return item["shown"] if "shown" in item else (item["data"] or {})


def plan_table(doc: dict) -> tuple[list, list]:
    items = [(section, item) for section in doc["sections"] for item in section["items"]]
    keys = data_columns(item for _section, item in items)
    rows = []
    for section, item in items:
        provenance = item["provenance"]
        data = _shown(item)
        rows.append([section["title"], item["title"], item["text"], *(scalar(data.get(k, "")) for k in keys),
                     ", ".join(item["sectors"]), provenance.get("workshop_title", ""),
                     item.get("shown_step_title", provenance.get("step_title", "")), item["origin"]])
    words: dict = {}
    for _section, item in items:  # each key named by the first item's exercise that has it
        for key, name in (item.get("shown_names") or {}).items():
            words.setdefault(key, name)
    names = [str(h) for h in LEADING_HEADERS] + headers(keys, words) + [str(h) for h in TRAILING_HEADERS]
    if doc["empty"]:
        rows.append(["", doc["empty_note"]] + [""] * (len(names) - 2))
    return names, rows


def exercise_tables(doc: dict) -> dict:
    """``{exercise title: (headers, rows)}`` with every workshop's rows for that exercise."""
    grouped: dict = {}
    for workshop in doc["workshops"]:
        for step in workshop["steps"]:
            contributions = step["contributions"]
            if not contributions["rows"]:
                continue
            columns, rows, words = grouped.setdefault(step["exercise_title"], (["workshop", "step"], [], {}))
            columns.extend(c for c in contributions["columns"] if c not in columns)
            words.update(contributions.get("headers") or {})
            rows.extend({"workshop": workshop["title"], "step": step["title"], **row} for row in _rows(contributions))
    return {name: (headers(columns, words), [[scalar(row.get(c, "")) for c in columns] for row in rows])
            for name, (columns, rows, words) in grouped.items()}


def _rows(contributions) -> list:
    """The rows as a reader reads them (their values worded); the raw rows for older documents."""
    return contributions.get("shown_rows") or contributions["rows"]


def headers(columns, words=None) -> list[str]:
    """Column keys as a person reads them, in the current language: the exercise's words for its
    keys (``words``, see :mod:`app.exports.columns`), the core's for its own."""
    words = words or {}
    return [str(words[c]) if c in words else str(CORE[c]) if c in CORE else str(c).replace("_", " ")
            for c in columns]


def step_tables(doc: dict) -> dict:
    """``{step title: (headers, rows)}`` for one workshop document."""
    tables = {}
    for step in doc["workshop"]["steps"]:
        contributions = step["contributions"]
        columns = contributions["columns"]
        if columns:
            tables[f"{step['position'] + 1}. {step['title']}"] = (
                headers(columns, contributions.get("headers")),
                [[scalar(row.get(c, "")) for c in columns] for row in _rows(contributions)])
    return tables


def workshop_rows(doc: dict) -> tuple[list, list]:
    """All of one workshop's contributions in one table, with step and exercise first."""
    columns, words = ["step", "exercise"], {}
    for step in doc["workshop"]["steps"]:
        columns.extend(c for c in step["contributions"]["columns"] if c not in columns)
        for key, name in (step["contributions"].get("headers") or {}).items():
            words.setdefault(key, name)
    rows = []
    for step in doc["workshop"]["steps"]:
        for row in _rows(step["contributions"]):
            full = {"step": step["title"], "exercise": step.get("exercise_title") or step["exercise"], **row}
            rows.append([scalar(full.get(c, "")) for c in columns])
    return headers(columns, words), rows
