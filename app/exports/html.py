"""The plan document as HTML: the print view in the browser and the one-page summary.

Rendered with its own autoescaping Jinja environment (no request needed, so the CLI can use it).
No inline styles or scripts: the stylesheet is linked. The PDFs show the same content, drawn by
:mod:`app.exports.pdf` from the same document.
"""
from __future__ import annotations

from pathlib import Path

from flask_babel import gettext, ngettext
from jinja2 import Environment, FileSystemLoader, select_autoescape

from app.exports.model import TABLES, exported_line, table_line, table_points
from app.i18n import current_language

TEMPLATES = Path(__file__).parent / "templates"

_env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(default=True),
                   trim_blocks=True, lstrip_blocks=True, extensions=["jinja2.ext.i18n"])
# Texts in the current language: the request's, or the one ``force_locale`` sets (the CLI's --language).
_env.install_gettext_callables(gettext, ngettext, newstyle=True)
# A step's breakout tables under it (templates/_tables.html), in the words the other formats use.
_env.globals.update(table_line=table_line, table_points=table_points)


def render(doc: dict, stylesheet_url: str | None = None) -> str:
    """The plan as a full HTML page; ``stylesheet_url`` links the print stylesheet."""
    return _env.get_template("plan.html").render(doc=doc, tables=TABLES, stylesheet_url=stylesheet_url,
                                                 lang=current_language(), exported=exported_line(doc))


def render_summary(doc: dict, stylesheet_url: str | None = None) -> str:
    """One workshop on one page: agenda, how many contributed, what it gave the plan."""
    return _env.get_template("workshop_summary.html").render(doc=doc, stylesheet_url=stylesheet_url,
                                                             lang=current_language())
