"""One trend :class:`~app.partnerships.series.Series` drawn as an inline SVG line chart with pygal.

The page's Content-Security-Policy allows no inline script or style, and pygal's SVG carries
both (a ``<style>`` with its colours, a ``<script>`` with its config, a tooltip group with a
``style`` attribute). We take pygal's drawing — the geometry — and remove all three: the SVG
goes into the page as markup and app/static/css/trends.css colours it by pygal's own classes
(``.color-0`` …), scoped to ``.trend-chart``. Tooltips needed pygal's script; the table next to
each chart has every number instead.

Text in the SVG (workshop titles, sector names, labels people wrote) is set as element text,
so lxml escapes it: markup in a title is drawn as the characters typed.
"""
from __future__ import annotations

import sys
from dataclasses import dataclass

import pygal
from flask_babel import format_date, ngettext
from flask_babel import gettext as _
from markupsafe import Markup
from pygal.etree import etree
from pygal.style import Style

from app.exercises.contract import format_number
from app.partnerships.series import Series, change

# pygal appends a finder for its map plugins to sys.meta_path, written for the import system
# before Python 3.4 (find_module only): from then on every import that the other finders miss
# warns ImportWarning (an error under the test suite's filterwarnings). We draw no maps.
sys.meta_path[:] = [finder for finder in sys.meta_path if not isinstance(finder, pygal.PluginImportFixer)]


@dataclass(frozen=True)
class Size:
    """A chart's drawing size in SVG units (the page scales the drawing, its text with it), how
    many workshops it names under the x axis before it thins the labels, and how much of each
    title it shows there (the table has the whole title)."""

    width: int
    height: int
    labels: int
    title_chars: int
    legend_columns: int
    legend_chars: int


#: On the trends page: small enough in SVG units that a 360 px phone, scaling it down to its
#: width, still draws its text at about 11 px.
PAGE = Size(420, 300, 4, 12, 2, 24)
#: On the room screen, one chart scaled up to fill the projector: its 13-unit text is over 20 px.
SCREEN = Size(800, 400, 6, 16, 3, 28)
#: How many colours trends.css has (``.color-0`` … ``.color-7``); more lines take them again.
PALETTE = 8
#: Past this many workshops the dots shrink, so the lines stay readable.
DOTTED = 12
#: pygal lays text out with these sizes; trends.css draws it with the same ones.
FONT = Style(font_family="sans-serif", label_font_size=13, major_label_font_size=13, legend_font_size=13,
             value_font_size=13, tooltip_font_size=13, title_font_size=16, no_data_font_size=16)
#: Line height of a label's second line, in em.
LINE = 1.2
#: Room right of the plot for the half of the last workshop's label that passes its end.
MARGIN_RIGHT = 48


def value_text(value: float, unit: str = "") -> str:
    """A figure as the reader's language writes it, with its unit."""
    return f"{format_number(value)}\N{NO-BREAK SPACE}{unit}" if unit else format_number(value)


def group_name(group: str) -> str:
    return group or _("Whole room")


def summary(series: Series) -> str:
    """One sentence saying how the series moved: the chart's accessible name and its caption."""
    moved = change(series)
    if moved is None:
        return str(series.label)
    group, first, last, count = moved
    words = {"label": str(series.label) if not group else f"{series.label} ({group})",
             "first": value_text(first, series.unit), "last": value_text(last, series.unit)}
    if last > first:
        return ngettext("%(label)s rose from %(first)s to %(last)s over %(num)d workshop",
                        "%(label)s rose from %(first)s to %(last)s over %(num)d workshops", count, **words)
    if last < first:
        return ngettext("%(label)s fell from %(first)s to %(last)s over %(num)d workshop",
                        "%(label)s fell from %(first)s to %(last)s over %(num)d workshops", count, **words)
    return ngettext("%(label)s stayed at %(last)s over %(num)d workshop",
                    "%(label)s stayed at %(last)s over %(num)d workshops", count, **words)


def workshop_label(workshop, title_chars: int = PAGE.title_chars) -> str:
    """A workshop under the x axis: its day, then its title (shortened to ``title_chars``)."""
    title = " ".join(str(workshop.title or "").split())
    if len(title) > title_chars:
        title = title[:title_chars - 1].rstrip() + "…"
    return f"{format_date(workshop.started_at, 'medium')}\n{title}"


def thinned(labels: list[str], most: int) -> list[str]:
    """At most ``most`` labels, evenly spread, the first and the last always among them; the
    others blank, so fifty workshops still leave each label room to be read."""
    if len(labels) <= most:
        return labels
    step = (len(labels) - 1) / (most - 1)
    kept = {round(n * step) for n in range(most)}
    return [label if n in kept else "" for n, label in enumerate(labels)]


def render(series: Series, size: Size = PAGE, chart_id: str = "trend") -> Markup:
    """The series as an inline ``<svg role="img">`` named by its :func:`summary`."""
    groups = series.groups
    chart = pygal.Line(
        width=size.width, height=size.height, style=FONT, js=[], css=[], classes=["trend-chart"],
        disable_xml_declaration=True, show_legend=len(groups) > 1, legend_at_bottom=True,
        legend_at_bottom_columns=min(len(groups), size.legend_columns), truncate_legend=size.legend_chars,
        truncate_label=-1, dots_size=4 if len(series.points) <= DOTTED else 2,
        x_labels=thinned([workshop_label(w, size.title_chars) for w, _values in series.points], size.labels),
        value_formatter=format_number, margin_bottom=36, margin_right=MARGIN_RIGHT, show_x_guides=False,
        range=_range(series), min_scale=2, max_scale=6,
    )
    for group in groups:
        chart.add(group_name(group), series.line(group))
    # Safe as markup: lxml wrote it, escaping every text and attribute (people's words included).
    return Markup(_clean(chart.render_tree(), summary(series), chart_id))  # noqa: S704


def _range(series: Series) -> tuple[float, float]:
    """The y axis: the scale's ends when the figure has one, else from its low end (or the
    smallest value) to the largest value."""
    values = [v for _w, by_group in series.points for v in by_group.values()]
    low = series.low if series.low is not None else min(values)
    high = series.high if series.high is not None else max(values)
    return (low, high) if high > low else (low, low + 1)


def _clean(root, name: str, chart_id: str) -> str:
    """pygal's tree without what the CSP forbids, named for assistive technology."""
    parents = {child: parent for parent in root.iter() for child in parent}
    for element in list(root.iter()):
        tag = element.tag if isinstance(element.tag, str) else ""
        if not tag or tag.endswith(("style", "script")) or "tooltip-overlay" in (element.get("class") or ""):
            parents[element].remove(element)  # comments, <style>, <script>, the scripted tooltip
        elif element is not root:
            element.attrib.pop("id", None)  # legend ids repeat in every chart of a page
            _reuse_colours(element)
    extra_lines = max([_split_lines(text) for text in root.iter("text")] or [0])
    _lower_legend(root, extra_lines * LINE * FONT.label_font_size)
    for title in root.findall("title"):  # pygal's own, "Pygal"; the guides' titles are their values
        title.text = name
    root.set("id", chart_id)
    root.set("role", "img")
    root.set("aria-label", name)
    return etree.tostring(root, encoding="unicode")


def _reuse_colours(element) -> None:
    """``color-9`` -> ``color-1``: the ninth sector's line takes the palette's second colour."""
    classes = (element.get("class") or "").split()
    if any(c.startswith("color-") for c in classes):
        element.set("class", " ".join(f"color-{int(c[6:]) % PALETTE}" if c.startswith("color-") and c[6:].isdigit()
                                      else c for c in classes))


def _split_lines(text) -> int:
    """pygal draws a label on one line; a label's later lines become ``<tspan>`` under the first.
    Returns how many lines it added."""
    lines = (text.text or "").split("\n")
    text.text = lines[0]
    for line in lines[1:]:
        span = etree.SubElement(text, "tspan")
        span.set("x", text.get("x", "0"))
        span.set("dy", f"{LINE}em")
        span.text = line
    return len(lines) - 1


def _lower_legend(root, by: float) -> None:
    """Move the legend under the axis down past the label lines pygal did not make room for
    (``margin_bottom`` leaves the room below it)."""
    for legend in root.iter("g"):
        if legend.get("class") == "legends" and legend.get("transform", "").startswith("translate("):
            x, y = (float(n) for n in legend.get("transform")[len("translate("):-1].split(","))
            legend.set("transform", f"translate({x:g}, {y + by:g})")
            return  # the first is the one under the axis; the second, beside the plot, is empty

