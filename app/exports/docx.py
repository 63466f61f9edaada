"""The plan as a DOCX partnership-agreement draft: title, purpose, a heading per section,
and tables for roles, indicators and actions (python-docx)."""
from __future__ import annotations

import io

from docx import Document
from flask_babel import gettext as _

from app.exports.agreement_doc import signature_lines
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
    from app.partnerships.brief import CHAMPION_HEADING, champion_line, detail_line, handover_heading, part_titles

    document = Document()
    title = _("%(organisation)s in %(partnership)s: newcomer brief", organisation=brief["organisation"],
              partnership=brief["partnership"]["name"])
    document.core_properties.title = title
    document.add_heading(title, level=0)
    if brief["partnership"]["purpose"]:
        document.add_paragraph(brief["partnership"]["purpose"], style="Intense Quote")
    if brief["sector"]:
        document.add_paragraph(_("Sector: %(sector)s", sector=brief["sector"]))
    document.add_heading(str(CHAMPION_HEADING), level=1)
    document.add_paragraph(champion_line(brief["champion"]))
    if brief["champion"] and brief["champion"]["note"]:
        document.add_paragraph(handover_heading(brief["champion"])).runs[0].bold = True
        document.add_paragraph(brief["champion"]["note"])
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


def render_agreement(agreement: dict) -> bytes:
    """The agreement document (app/exports/agreement_doc.py): parties, numbered clauses, what is
    left for later, a signature block per party, the decision log as an annex."""
    document = Document()
    partnership = agreement["partnership"]
    title = _("%(name)s: partnership agreement", name=partnership["name"])
    document.core_properties.title = title
    document.add_heading(title, level=0)
    if partnership["purpose"]:
        document.add_paragraph(partnership["purpose"], style="Intense Quote")
    document.add_heading(_("The parties"), level=1)
    for party in agreement["parties"]:
        document.add_paragraph(party, style="List Bullet")
    document.add_heading(_("What the parties agree"), level=1)
    if agreement["empty"]:
        document.add_paragraph(_("No clause is in the plan yet: promote the agreement's clauses in the plan first."))
    for clause in agreement["clauses"]:
        heading = _("Clause %(number)d. %(heading)s", number=clause["number"], heading=clause["heading"])
        document.add_heading(heading, level=2)
        if clause["draft"]:
            document.add_paragraph(_("Draft: not agreed yet")).runs[0].italic = True
        if clause["partner"]:
            document.add_paragraph(_("Partner: %(name)s", name=clause["partner"])).runs[0].italic = True
        if clause["text"]:
            document.add_paragraph(clause["text"])
    if agreement["future"]:
        document.add_heading(_("Clauses left for future negotiation"), level=1)
        for clause in agreement["future"]:
            paragraph = document.add_paragraph(style="List Bullet")
            paragraph.add_run(clause["heading"]).bold = True
            if clause["text"]:
                paragraph.add_run(": " + clause["text"])
    document.add_heading(_("Signatures"), level=1)
    for party in agreement["parties"]:
        document.add_heading(party, level=3)
        for line in signature_lines():
            document.add_paragraph(f"{_('%(field)s:', field=line)} ______________________________")
    if agreement["log"]:
        document.add_page_break()
        document.add_heading(_("Annex: decision log"), level=1)
        for entry in agreement["log"]:
            document.add_heading(entry["heading"], level=2)
            document.add_paragraph(_("Outcome: %(outcome)s", outcome=entry["outcome"]))
            for version in entry["versions"]:
                document.add_paragraph(_("Version %(number)s", number=version["number"])).runs[0].bold = True
                document.add_paragraph(version["text"])
                for position in version["positions"]:
                    line = f"{position['organisation']}: {position['answer'] or _('no position recorded')}"
                    if position["reason"]:
                        line += f" ({position['reason']})"
                    document.add_paragraph(line, style="List Bullet")
                for reason in version["reservations"]:
                    document.add_paragraph(_("Reservation: %(reason)s", reason=reason), style="List Bullet")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def render_comparison(doc: dict) -> bytes:
    """"What changed" between two moments (app/exports/comparison_doc.py): who was in the room,
    the figures that moved (a table per exercise), then the plan's changes per section."""
    document = Document()
    document.core_properties.title = doc["title"]
    document.add_heading(doc["title"], level=0)
    document.add_paragraph(doc["span"])
    if doc["room"]:
        document.add_heading(doc["room_heading"], level=1)
        document.add_paragraph(doc["room"]["note"]).runs[0].italic = True
        if doc["room"]["same"]:
            document.add_paragraph(_("The same organisations took part."))
        for title, names in doc["room"]["groups"]:
            document.add_heading(title, level=2)
            for name in names:
                document.add_paragraph(name, style="List Bullet")
    if doc["figures"]:
        figures = doc["figures"]
        document.add_heading(doc["figures_heading"], level=1)
        document.add_paragraph(figures["note"]).runs[0].italic = True
        for entry in figures["exercises"]:
            document.add_heading(entry["title"], level=2)
            if entry["moved"] or entry["unchanged"]:
                _rows_table(document, figures["headers"], entry["moved"] + entry["unchanged"])
            if entry["new"]:
                document.add_paragraph(doc["new_figures_heading"]).runs[0].bold = True
                _rows_table(document, figures["new_headers"], entry["new"])
    if doc["nothing"]:
        document.add_paragraph(doc["nothing"])
    for section in doc["sections"]:
        document.add_heading(section["title"], level=1)
        for group in section["groups"]:
            document.add_heading(group["title"], level=2)
            for entry in group["entries"]:
                document.add_paragraph(style="List Bullet").add_run(entry["title"]).bold = True
                for detail in entry["details"]:
                    document.add_paragraph(detail, style="List Bullet 2")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _rows_table(document, headers, rows) -> None:
    """A table of plain rows (lists of cells) under bold headers."""
    _table(document, headers, list(range(len(headers))), [dict(enumerate(row)) for row in rows])
