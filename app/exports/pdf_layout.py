"""The print layout of the PDFs, with reportlab's platypus: fonts, styles, tables, page footer.

reportlab ships as a Python wheel with its own fonts, so a PDF needs no system library
(WeasyPrint needed Pango). Bitstream Vera (bundled with reportlab) is embedded, so accented
French text prints as typed. Every piece of text goes through :func:`escape` before it
becomes a Paragraph: user text is never markup, so it cannot pull in an image, a link or a
font from anywhere — the renderer reads and fetches nothing but its own fonts.
"""
from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape as _xml_escape

import reportlab
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    KeepTogether,
    ListFlowable,
    ListItem,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

FONT = "CommonGround"
INK, MUTED, RULE, SHADE = colors.HexColor("#1d2430"), colors.HexColor("#5b6472"), colors.HexColor("#c9ced6"), \
    colors.HexColor("#eef1f5")
MARGIN = 18 * mm


@lru_cache(maxsize=1)
def register_fonts() -> None:
    """Vera, regular/bold/italic, under one family name (``<b>``/``<i>`` pick the right face)."""
    folder = Path(reportlab.__file__).parent / "fonts"
    faces = {"": FONT, "Bd": f"{FONT}-Bold", "It": f"{FONT}-Italic", "BI": f"{FONT}-BoldItalic"}
    for suffix, name in faces.items():
        pdfmetrics.registerFont(TTFont(name, str(folder / f"Vera{suffix}.ttf")))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=faces["Bd"], italic=faces["It"], boldItalic=faces["BI"])


register_fonts()  # before any Paragraph: reportlab resolves <b>/<i> to faces when it parses


def _style(name: str, size: float, **options) -> ParagraphStyle:
    options.setdefault("fontName", FONT)
    return ParagraphStyle(name, fontSize=size, leading=size * 1.3, textColor=options.pop("color", INK), **options)


STYLES = {
    "kicker": _style("kicker", 9, color=MUTED, spaceAfter=2),
    "title": _style("title", 22, fontName=f"{FONT}-Bold", spaceAfter=6),
    "purpose": _style("purpose", 12, spaceAfter=6),
    "meta": _style("meta", 8.5, color=MUTED, spaceAfter=2),
    "h2": _style("h2", 14, fontName=f"{FONT}-Bold", spaceBefore=12, spaceAfter=6),
    "h3": _style("h3", 11, fontName=f"{FONT}-Bold", spaceBefore=8, spaceAfter=3),
    "body": _style("body", 10, spaceAfter=3),
    "cell": _style("cell", 9),
    "head": _style("head", 9, fontName=f"{FONT}-Bold"),
}


def escape(text) -> str:
    """Plain text as Paragraph markup that means exactly that text (line breaks kept)."""
    return _xml_escape("" if text is None else str(text)).replace("\n", "<br/>")


def para(text, style: str = "body") -> Paragraph:
    return Paragraph(escape(text), STYLES[style])


def rich(markup: str, style: str = "body") -> Paragraph:
    """A paragraph from markup built with :func:`escape` around every piece of text."""
    return Paragraph(markup, STYLES[style])


def bullets(paragraphs: Iterable, numbered: bool = False) -> ListFlowable:
    items = [ListItem(p, leftIndent=12) for p in paragraphs]
    return ListFlowable(items, bulletType="1" if numbered else "bullet", start=None if numbered else "•",
                        bulletFontName=FONT, bulletFontSize=9, leftIndent=12)


def table(headers: Iterable, rows: Iterable[Iterable], widths: Iterable[float] | None = None) -> Table:
    """A table that wraps its cells, repeats its header row on each page and fits the page width."""
    headers = [para(h, "head") for h in headers]
    body = [[para(cell, "cell") for cell in row] for row in rows]
    shares = list(widths or [1] * len(headers))
    usable = A4[0] - 2 * MARGIN
    grid = Table([headers, *body], colWidths=[usable * s / sum(shares) for s in shares], repeatRows=1)
    grid.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), FONT),  # the table's own default would be Helvetica (not embedded)
        ("BACKGROUND", (0, 0), (-1, 0), SHADE),
        ("LINEBELOW", (0, 0), (-1, -1), 0.5, RULE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]))
    return grid


def together(flowables: list) -> KeepTogether:
    """Flowables that move to the next page as one (a party's signature block)."""
    return KeepTogether(flowables)


def gap(height_mm: float = 3) -> Spacer:
    return Spacer(1, height_mm * mm)


def build(story: list, *, title: str, lang: str, footer: str, page_label: Callable[[int, int], str]) -> bytes:
    """The PDF bytes of ``story`` on A4, each page footed with ``footer`` and "page n of N"."""
    out = io.BytesIO()
    document = SimpleDocTemplate(out, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
                                 bottomMargin=MARGIN + 4 * mm, title=title, author="Common Ground",
                                 creator="Common Ground", lang=lang,
                                 initialFontName=FONT)  # else every page names Helvetica (not embedded)

    def canvas_maker(*args, **kwargs):
        return _FootedCanvas(*args, footer=footer, page_label=page_label, **kwargs)

    document.build(story, canvasmaker=canvas_maker)
    return out.getvalue()


class _FootedCanvas(Canvas):
    """Holds every page until the end, so each footer can say how many pages there are."""

    def __init__(self, *args, footer: str, page_label: Callable[[int, int], str], **kwargs):
        super().__init__(*args, **kwargs)
        self._footer, self._page_label, self._pages = footer, page_label, []

    def showPage(self):  # noqa: N802 (reportlab's name)
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._pages)
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            self.setFont(FONT, 8)
            self.setFillColor(MUTED)
            self.drawString(MARGIN, MARGIN / 2, self._footer[:110])
            self.drawRightString(A4[0] - MARGIN, MARGIN / 2, self._page_label(number, total))
            super().showPage()
        super().save()
