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
    """A chart's drawing size in SVG units (the page scales it to its width) and how many
    workshops it names under the x axis before it thins the labels."""

    width: int
    height: int
    labels: int


#: On the trends page, beside its table: readable on a phone once scaled down to its width.
PAGE = Size(480, 320, 4)
#: On the room screen, one chart filling the projector.
SCREEN = Size(960, 520, 8)
#: Characters of a workshop's title under the x axis; the table has the whole title.
TITLE_CHARS = 18
#: pygal lays text out with these sizes; trends.css draws it with the same ones.
FONT = Style(font_family="sans-serif", label_font_size=14, major_label_font_size=14, legend_font_size=14,
             value_font_size=14, tooltip_font_size=14, title_font_size=16, no_data_font_size=16)


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


def workshop_label(workshop) -> str:
    """A workshop under the x axis: its day, then its title (shortened)."""
    title = " ".join(str(workshop.title or "").split())
    if len(title) > TITLE_CHARS:
        title = title[:TITLE_CHARS - 1].rstrip() + "…"
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
        legend_at_bottom_columns=min(len(groups), 3), truncate_legend=22, truncate_label=-1,
        x_labels=thinned([workshop_label(w) for w, _values in series.points], size.labels),
        value_formatter=format_number, margin_bottom=36, dots_size=4, show_x_guides=False,
        range=_range(series), min_scale=2, max_scale=6,
    )
    for group in groups:
        chart.add(group_name(group), series.line(group))
    # Safe as markup: lxml wrote it, escaping every text and attribute (people's words included).
    return Markup(_clean(chart.render_tree(), summary(series), chart_id))  # noqa: S704


def _range(series: Series) -> tuple[float, float] | None:
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
    for text in root.iter("{*}text", "text"):
        _split_lines(text)
    for title in root.findall("{*}title") + root.findall("title"):
        title.text = name
    root.set("id", chart_id)
    root.set("role", "img")
    root.set("aria-label", name)
    return etree.tostring(root, encoding="unicode")


def _split_lines(text) -> None:
    """pygal draws a label on one line; a label's later lines become ``<tspan>`` under the first."""
    lines = (text.text or "").split("\n")
    if len(lines) < 2:
        return
    text.text = lines[0]
    for line in lines[1:]:
        span = etree.SubElement(text, "tspan")
        span.set("x", text.get("x", "0"))
        span.set("dy", "1.2em")
        span.text = line

