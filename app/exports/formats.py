"""Every export format, by name: the file it makes, its media type and its extension."""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.blocking import run_blocking
from app.exports import agreement_doc, comparison_doc, csv_zip, docx, html, ics, json_io, markdown, model, pdf, xlsx


@dataclass(frozen=True)
class Format:
    render: Callable[[dict], bytes | str]
    mimetype: str
    extension: str
    label: str  # lazy: shown in the request's language
    slow: bool = False  # shows "Preparing…" in the browser, and is rendered off the event loop


class ExportFailed(Exception):
    """A format could not be made (its renderer failed); the message says so in plain words,
    :attr:`reason` names the underlying error (for the log and the command line)."""

    @property
    def reason(self) -> str:
        cause = self.__cause__
        return f"{type(cause).__name__}: {cause}" if cause is not None else ""


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
    "pdf": Format(pdf.render_summary, "application/pdf", "pdf", _l("One-page summary (PDF)"), slow=True),
}


#: The agreement document, from the plan's agreements section (app/exports/agreement_doc.py).
AGREEMENT_FORMATS = {
    "docx": Format(docx.render_agreement, PLAN_FORMATS["docx"].mimetype, "docx", _l("Agreement document (Word)"),
                   slow=True),
    "pdf": Format(pdf.render_agreement, "application/pdf", "pdf", _l("Agreement document (PDF)"), slow=True),
}

#: The newcomer brief of one organisation, as files (its page is app/templates/partnerships/brief.html).
BRIEF_FORMATS = {
    "docx": Format(docx.render_brief, PLAN_FORMATS["docx"].mimetype, "docx", _l("Word"), slow=True),
    "pdf": Format(pdf.render_brief, "application/pdf", "pdf", _l("PDF"), slow=True),
}

#: "What changed" between two moments of the plan (app/plan/comparison.py), as files.
COMPARISON_FORMATS = {
    "md": Format(markdown.render_comparison, PLAN_FORMATS["md"].mimetype, "md", _l("Markdown")),
    "docx": Format(docx.render_comparison, PLAN_FORMATS["docx"].mimetype, "docx", _l("Word"), slow=True),
    "pdf": Format(pdf.render_comparison, "application/pdf", "pdf", _l("PDF"), slow=True),
}


def _json(doc: dict) -> bytes:
    """The workshop document as JSON, for code: keys and raw values, without the spreadsheets'
    words for them (headers, worded rows: :mod:`app.exports.columns`)."""
    import json

    workshop = {**doc["workshop"], "steps": [
        {**step, "contributions": {k: v for k, v in step["contributions"].items() if k in ("columns", "rows")}}
        for step in doc["workshop"]["steps"]]}
    items = [{k: v for k, v in item.items() if k not in ("shown_names", "shown_step_title", "read_data")}
             for item in doc.get("plan_items", [])]
    return json.dumps({**doc, "workshop": workshop, "plan_items": items}, ensure_ascii=False, indent=2).encode("utf-8")


def export_plan(partnership, fmt: str) -> tuple[bytes, str, str]:
    """``(content, mimetype, filename)`` of ``partnership``'s plan in format ``fmt``."""
    spec = PLAN_FORMATS[fmt]
    return _render(spec, model.plan_document(partnership)), spec.mimetype, \
        f"{slug(partnership.name)}-plan.{spec.extension}"


def export_workshop(workshop, fmt: str) -> tuple[bytes, str, str]:
    """``(content, mimetype, filename)`` of one workshop's contributions or summary."""
    spec = WORKSHOP_FORMATS[fmt]
    suffix = "summary" if fmt in ("summary", "pdf") else "contributions"
    return _render(spec, model.workshop_document(workshop)), spec.mimetype, \
        f"{slug(workshop.title)}-{suffix}.{spec.extension}"


def export_agreement(partnership, fmt: str) -> tuple[bytes, str, str]:
    """``(content, mimetype, filename)`` of the partnership's agreement document."""
    spec = AGREEMENT_FORMATS[fmt]
    content = _render(spec, agreement_doc.agreement_document(model.plan_document(partnership)))
    return content, spec.mimetype, f"{slug(partnership.name)}-agreement.{spec.extension}"


def export_brief(brief: dict, fmt: str) -> tuple[bytes, str, str]:
    """``(content, mimetype, filename)`` of a newcomer brief (app/partnerships/brief.py)."""
    spec = BRIEF_FORMATS[fmt]
    return _render(spec, brief), spec.mimetype, f"{slug(brief['organisation'])}-brief.{spec.extension}"


def export_comparison(partnership, comparison, fmt: str) -> tuple[bytes, str, str]:
    """``(content, mimetype, filename)`` of "what changed" (a :class:`app.plan.comparison.Comparison`)."""
    spec = COMPARISON_FORMATS[fmt]
    content = _render(spec, comparison_doc.comparison_document(partnership, comparison))
    return content, spec.mimetype, f"{slug(partnership.name)}-what-changed.{spec.extension}"


def _render(spec: Format, doc: dict) -> bytes:
    """The file's bytes; slow formats off the event loop. A failing renderer becomes ExportFailed."""
    try:
        content = run_blocking(spec.render, doc) if spec.slow else spec.render(doc)
    except Exception as error:  # any renderer failure (a missing library, a bug) is one clear message
        raise ExportFailed(_("The %(format)s file could not be made. The other formats still work; the server's "
                             "log has the details.", format=spec.label)) from error
    return _encode(content)


def _encode(content) -> bytes:
    return content.encode("utf-8") if isinstance(content, str) else content


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", (text or "").lower()).strip("-")[:60] or "export"
