"""The plan as a DOCX partnership-agreement draft: title, purpose, a heading per section,
and tables for roles, indicators and actions (python-docx)."""
from __future__ import annotations

import io

from docx import Document
from flask_babel import gettext as _

from app.exports.model import TABLES, exported_line


def render(doc: dict) -> bytes:
    document = Document()
    partnership = doc["partnership"]
    title = _("%(name)s: partnership agreement (draft)", name=partnership["name"])
    document.core_properties.title = title
    document.add_heading(title, level=0)
    if partnership["purpose"]:
        document.add_paragraph(partnership["purpose"], style="Intense Quote")
    if partnership["organisations"]:
        document.add_paragraph(_("Partners: %(names)s", names=", ".join(partnership["organisations"])))
    document.add_paragraph(exported_line(doc))
    if doc["empty"]:
        document.add_paragraph(doc["empty_note"])
    for section in doc["sections"]:
        document.add_heading(section["title"], level=1)
        if section["key"] in TABLES:
            _table(document, *TABLES[section["key"]], doc[section["key"]])
        else:
            _items(document, section, doc)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _table(document, headers, keys, rows) -> None:
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, header in zip(table.rows[0].cells, headers, strict=True):
        cell.text = str(header)
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, key in zip(cells, keys, strict=True):
            cell.text = str(row.get(key) or "")


def _items(document, section, doc) -> None:
    for item in section["items"]:
        paragraph = document.add_paragraph(style="List Bullet")
        paragraph.add_run(item["title"]).bold = True
        if item["text"]:
            paragraph.add_run(": " + item["text"])
        if section["key"] == "checkins":
            row = next(r for r in doc["checkins"] if r["id"] == item["id"])
            extra = " · ".join(part for part in (row["cadence"], ", ".join(row["dates_text"])) if part)
            if extra:
                paragraph.add_run(f" ({extra})")
        if item["provenance_line"]:
            note = document.add_paragraph(item["provenance_line"])
            note.runs[0].italic = True


def render_brief(brief: dict) -> bytes:
    """The newcomer brief of one organisation (app/partnerships/brief.py)."""
    from app.partnerships.brief import detail_line, part_titles

    document = Document()
    title = _("%(organisation)s in %(partnership)s: newcomer brief", organisation=brief["organisation"],
              partnership=brief["partnership"]["name"])
    document.core_properties.title = title
    document.add_heading(title, level=0)
    if brief["partnership"]["purpose"]:
        document.add_paragraph(brief["partnership"]["purpose"], style="Intense Quote")
    if brief["sector"]:
        document.add_paragraph(_("Sector: %(sector)s", sector=brief["sector"]))
    for part, heading in part_titles().items():
        document.add_heading(heading, level=1)
        entries = brief["parts"][part]
        if not entries:
            document.add_paragraph(_("Nothing in the plan yet."))
        for entry in entries:
            paragraph = document.add_paragraph(style="List Bullet")
            paragraph.add_run(entry["title"]).bold = True
            extra = detail_line(part, entry)
            if extra:
                paragraph.add_run(f" ({extra})")
            if entry["text"]:
                paragraph.add_run(": " + entry["text"])
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
