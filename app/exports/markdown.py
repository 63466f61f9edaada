"""The plan document as Markdown: readable as plain text, and by any Markdown renderer."""
from __future__ import annotations

import re

from flask_babel import gettext as _

from app.exports.model import TABLES, contribution_count, exported_line, table_line, table_points

#: Characters that start Markdown structure inside a line: emphasis, code, links and images
#: (``[x](http://…)``, ``![p](http://…)``), raw HTML and entities, tables, headings.
INLINE = "\\`*_[]<>|#!~&"
#: What turns a line into a block when it comes first: a list mark ("- ", "+ ", "2. ", "2) "), a
#: heading underline or rule ("===", "---"); a quote's ">" is escaped with the inline marks.
#: "+2" or "2.33" start no block, and stay as they are.
LEADING = re.compile(r"^(\s*)(\d*)([-+=.)])(?=\s|$|[-+=])")


def _escape(text) -> str:
    """User text as literal Markdown text, whatever it contains: it never becomes a link, an
    image, a heading, a list or HTML. One line: line breaks would start new blocks."""
    text = " ".join(str(text or "").split())
    text = "".join("\\" + char if char in INLINE else char for char in text)
    # A bare "http://…" is a link in GitHub-flavoured renderers; "http\://" reads as text.
    text = text.replace("://", "\\://")
    # The mark itself is escaped ("2\\." for "2."): a backslash before a digit would show.
    return LEADING.sub(_literal_lead, text)


def _literal_lead(match) -> str:
    spaces, digits, mark = match.groups()
    if digits and mark not in ".)" or not digits and mark in ".)":
        return match.group(0)
    return f"{spaces}{digits}\\{mark}"


def _table(headers, rows) -> list[str]:
    lines = ["| " + " | ".join(_escape(h) for h in headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(_escape(cell) for cell in row) + " |" for row in rows]
    return lines + [""]


def render(doc: dict) -> str:
    partnership = doc["partnership"]
    out = ["# " + _("%(name)s: partnership plan", name=_escape(partnership["name"])), ""]
    if partnership["purpose"]:
        out += [f"> {_escape(partnership['purpose'])}", ""]
    if partnership["sectors"]:
        out += ["**" + _("Sectors:") + "** " + _escape(", ".join(partnership["sectors"])), ""]
    out += [f"_{_escape(exported_line(doc))}_", ""]
    if doc["empty"]:
        out += [f"_{_escape(doc['empty_note'])}_", ""]
    for section in doc["sections"]:
        out += _section(section, doc)
    out += _workshops(doc["workshops"])
    return "\n".join(out).rstrip() + "\n"


def _section(section: dict, doc: dict) -> list[str]:
    out = [f"## {_escape(section['title'])}", ""]
    if section["key"] in TABLES:
        headers, keys = TABLES[section["key"]]
        out += _table(headers, [[row[k] for k in keys] for row in doc[section["key"]]])
    for item in section["items"]:
        out.append(f"- **{_escape(item['title'])}**" + (f": {_escape(item['text'])}" if item["text"] else ""))
        if section["key"] == "checkins":
            row = next(r for r in doc["checkins"] if r["id"] == item["id"])
            if row["cadence"] or row["dates"]:
                out.append(f"  - {_escape(row['cadence'])} {_escape(', '.join(row['dates_text']))}".rstrip())
        if item["provenance_line"]:
            out.append(f"  - _{_escape(item['provenance_line'])}_")
    return out + [""]


def _workshops(workshops: list[dict]) -> list[str]:
    if not workshops:
        return []
    out = ["## " + _escape(_("Workshops")), ""]
    for workshop in workshops:
        anonymous = " " + _escape(_("(anonymous)")) if workshop["anonymous"] else ""
        out += [f"### {_escape(workshop['title'])}{anonymous}", ""]
        for step in workshop["steps"]:
            count = len(step["contributions"]["rows"])
            out.append(f"- {_escape(step['title'])} ({_escape(step['exercise_title'])}): "
                       + _escape(contribution_count(count)))
            out += _tables(step.get("tables") or [])
        out.append("")
    return out


def _tables(tables: list[dict]) -> list[str]:
    """A step's breakout tables, nested under it: each table's line, then what it gave."""
    out = []
    for table in tables:
        out.append(f"  - {_escape(table_line(table))}")
        out += [f"    - {_escape(point)}" for point in table_points(table)]
    return out


def render_comparison(doc: dict) -> str:
    """"What changed" between two moments (app/exports/comparison_doc.py)."""
    out = ["# " + _escape(doc["title"]), "", f"_{_escape(doc['span'])}_", ""]
    if doc["room"]:
        out += [f"## {_escape(doc['room_heading'])}", "", f"_{_escape(doc['room']['note'])}_", ""]
        if doc["room"]["same"]:
            out += [_escape(_("The same organisations took part.")), ""]
        for title, names in doc["room"]["groups"]:
            out += [f"### {_escape(title)}", ""] + [f"- {_escape(name)}" for name in names] + [""]
    if doc["figures"]:
        figures = doc["figures"]
        out += [f"## {_escape(doc['figures_heading'])}", "", f"_{_escape(figures['note'])}_", ""]
        for entry in figures["exercises"]:
            out += [f"### {_escape(entry['title'])}", ""]
            if entry["moved"] or entry["unchanged"]:
                out += _table(figures["headers"], entry["moved"] + entry["unchanged"])
            if entry["new"]:
                out += [f"**{_escape(doc['new_figures_heading'])}**", ""]
                out += _table(figures["new_headers"], entry["new"])
    if doc["nothing"]:
        out += [_escape(doc["nothing"]), ""]
    for section in doc["sections"]:
        out += [f"## {_escape(section['title'])}", ""]
        for group in section["groups"]:
            out += [f"### {_escape(group['title'])}", ""]
            for entry in group["entries"]:
                out.append(f"- **{_escape(entry['title'])}**")
                out += [f"  - {_escape(detail)}" for detail in entry["details"]]
            out.append("")
    return "\n".join(out).rstrip() + "\n"
