"""The plan document as Markdown: readable as plain text, and by any Markdown renderer."""
from __future__ import annotations

from app.exports.model import TABLES


def _escape(text) -> str:
    """Keep user text from turning into Markdown structure (headings, links, tables)."""
    text = str(text or "")
    for char in "\\`*_[]<>|#":
        text = text.replace(char, "\\" + char)
    return text


def _table(headers, rows) -> list[str]:
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(_escape(cell).replace("\n", " ") for cell in row) + " |" for row in rows]
    return lines + [""]


def render(doc: dict) -> str:
    partnership = doc["partnership"]
    out = [f"# {_escape(partnership['name'])}: partnership plan", ""]
    if partnership["purpose"]:
        out += [f"> {_escape(partnership['purpose'])}", ""]
    if partnership["sectors"]:
        out += [f"**Sectors:** {_escape(', '.join(partnership['sectors']))}", ""]
    out += [f"_Exported {doc['generated_at']}_", ""]
    if doc["empty"]:
        out += [f"_{doc['empty_note']}_", ""]
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
                out.append(f"  - {_escape(row['cadence'])} {', '.join(row['dates'])}".rstrip())
        if item["provenance_line"]:
            out.append(f"  - _{_escape(item['provenance_line'])}_")
    return out + [""]


def _workshops(workshops: list[dict]) -> list[str]:
    if not workshops:
        return []
    out = ["## Workshops", ""]
    for workshop in workshops:
        anonymous = " (anonymous)" if workshop["anonymous"] else ""
        out += [f"### {_escape(workshop['title'])}{anonymous}", ""]
        for step in workshop["steps"]:
            count = len(step["contributions"]["rows"])
            out.append(f"- {_escape(step['title'])} ({_escape(step['exercise_title'])}): {count} contributions")
        out.append("")
    return out
