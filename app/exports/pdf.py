"""The plan as PDF: WeasyPrint renders the same HTML as the print view."""
from __future__ import annotations

from app.exports import html


def render(doc: dict) -> bytes:
    from weasyprint import CSS, HTML  # imported late: pulls in pango, only needed here

    return HTML(string=html.render(doc)).write_pdf(stylesheets=[CSS(filename=str(html.STYLESHEET))])
