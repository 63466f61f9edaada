"""Every export format, by name: the file it makes, its media type and its extension."""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from app.exports import csv_zip, docx, html, ics, json_io, markdown, model, pdf, xlsx


@dataclass(frozen=True)
class Format:
    render: Callable[[dict], bytes | str]
    mimetype: str
    extension: str
    label: str  # lazy: shown in the request's language
    slow: bool = False  # shows "Preparing…" in the browser


PLAN_FORMATS = {
    "md": Format(markdown.render, "text/markdown; charset=utf-8", "md", _l("Markdown")),
    "docx": Format(docx.render, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx",
                   _l("Word (agreement draft)"), slow=True),
    "pdf": Format(pdf.render, "application/pdf", "pdf", _l("PDF"), slow=True),
    "xlsx": Format(xlsx.render, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx",
                   _l("Excel")),
    "csv": Format(csv_zip.render, "application/zip", "zip", _l("CSV (zip)")),
    "json": Format(json_io.render, "application/json", "json", _l("JSON (to import elsewhere)")),
    "ics": Format(ics.render, "text/calendar; charset=utf-8", "ics", _l("Calendar (check-ins and due dates)")),
}

WORKSHOP_FORMATS = {
    "csv": Format(csv_zip.render_workshop, "text/csv; charset=utf-8", "csv", _l("Contributions (CSV)")),
    "xlsx": Format(xlsx.render_workshop, PLAN_FORMATS["xlsx"].mimetype, "xlsx", _l("Contributions (Excel)")),
    "json": Format(lambda doc: _json(doc), "application/json", "json", _l("Contributions (JSON)")),
    "summary": Format(html.render_summary, "text/html; charset=utf-8", "html", _l("One-page summary")),
}


def _json(doc: dict) -> bytes:
    import json

    return json.dumps(doc, ensure_ascii=False, indent=2).encode("utf-8")


def export_plan(partnership, fmt: str) -> tuple[bytes, str, str]:
    """``(content, mimetype, filename)`` of ``partnership``'s plan in format ``fmt``."""
    spec = PLAN_FORMATS[fmt]
    return _encode(spec.render(model.plan_document(partnership))), spec.mimetype, \
        f"{slug(partnership.name)}-plan.{spec.extension}"


def export_workshop(workshop, fmt: str) -> tuple[bytes, str, str]:
    """``(content, mimetype, filename)`` of one workshop's contributions or summary."""
    spec = WORKSHOP_FORMATS[fmt]
    suffix = "summary" if fmt == "summary" else "contributions"
    return _encode(spec.render(model.workshop_document(workshop))), spec.mimetype, \
        f"{slug(workshop.title)}-{suffix}.{spec.extension}"


def _encode(content) -> bytes:
    return content.encode("utf-8") if isinstance(content, str) else content


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", (text or "").lower()).strip("-")[:60] or "export"
