"""The same tables as the XLSX, as CSV files in a zip (UTF-8 with BOM so spreadsheets read accents)."""
from __future__ import annotations

import csv
import io
import re
import zipfile

from flask_babel import lazy_gettext as _l

from app.exports import tabular

README = _l("plan.csv holds the promoted plan, one row per item; each other file holds one exercise's raw "
            "contributions across the partnership's workshops.")


def render(doc: dict) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", str(README) + "\n" + (doc["empty_note"] + "\n" if doc["empty"] else ""))
        archive.writestr("plan.csv", to_csv(*tabular.plan_table(doc)))
        used = {"plan", "readme"}
        for name, (headers, rows) in tabular.exercise_tables(doc).items():
            archive.writestr(f"{_file_name(name, used)}.csv", to_csv(headers, rows))
    return buffer.getvalue()


def render_workshop(doc: dict) -> bytes:
    """One workshop's contributions as a single CSV (not zipped)."""
    return to_csv(*tabular.workshop_rows(doc)).encode("utf-8")


def to_csv(headers, rows) -> str:
    """CSV text that starts with its one byte-order mark (so spreadsheets read it as UTF-8)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headers)
    for row in rows:
        writer.writerow([_cell(v) for v in row])
    return "\ufeff" + out.getvalue()


def _cell(value):
    if not isinstance(value, str):
        return "" if value is None else value
    # Guard against formula injection when the CSV is opened in a spreadsheet.
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value


def _file_name(name: str, used: set) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "exercise"
    candidate, n = base, 2
    while candidate in used:
        candidate, n = f"{base}-{n}", n + 1
    used.add(candidate)
    return candidate
