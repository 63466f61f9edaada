"""Every chart an exercise draws goes through the shared helper (app/static/js/charts.js), which
gives it its words and its table: this scan fails when a new bar, gauge or dot plot is drawn
without it, or when a drawing marked role="img" has no name."""
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Drawing a chart in the browser means sizing or placing shapes from the data (the CSP allows no
# inline style, so through the CSSOM): a width, a flex share, a position on a plot.
DRAWS = re.compile(r"\.style\.(width|height|flexGrow|left|bottom)\s*=|countBar\(")
# Drawings that carry their alternative another way, and why.
OWN_ALTERNATIVE = {
    # The map's table of flows is server-rendered (templates/_table.html) on every audience's page.
    "plugins/data_sharing/static/data_sharing.js",
}


def exercise_scripts():
    return sorted(ROOT.glob("plugins/*/static/*.js"))


def test_every_exercise_that_draws_a_chart_uses_the_shared_helper():
    drawing = [p for p in exercise_scripts() if DRAWS.search(p.read_text(encoding="utf-8"))]
    assert len(drawing) >= 5, drawing  # agreement, commitments, indicators, policy window, trust pulse
    names = [str(p.relative_to(ROOT)) for p in drawing]
    missing = [name for name in names
               if name not in OWN_ALTERNATIVE and "charts.chart(" not in (ROOT / name).read_text(encoding="utf-8")]
    assert not missing, f"these scripts draw a chart without charts.chart() (its words and table): {missing}"


def test_each_chart_call_gives_its_table_a_caption_and_columns():
    for path in exercise_scripts():
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r"charts\.chart\(\{", text):
            call = text[match.end():match.end() + 1500]
            for part in ("caption", "columns", "rows"):
                assert re.search(rf"\b{part}\b", call), f"{path.name}: a charts.chart() call without {part}"


def test_a_drawing_marked_as_an_image_has_a_name():
    files = [*ROOT.glob("plugins/*/static/*.js"), *ROOT.glob("app/static/js/**/*.js"),
             *ROOT.glob("plugins/*/templates/*.html"), *ROOT.glob("app/**/templates/**/*.html")]
    for path in files:
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r"""role(:\s*'img'|="img")""", text):
            around = text[max(0, match.start() - 300):match.end() + 300]
            assert re.search(r"aria-label(ledby)?", around), f"{path.relative_to(ROOT)}: role=img without a name"


def test_the_helper_builds_the_words_and_the_table_from_one_list_of_rows():
    source = (ROOT / "app/static/js/charts.js").read_text(encoding="utf-8")
    chart = source[source.index("export function chart("):]
    assert "rowsSentence(rows)" in chart and "dataTable({ caption, columns, rows })" in chart
    for markup in ("'caption'", "scope: 'col'", "scope: 'row'", "role: 'img'", "'aria-label': name",
                   "Show as a table", "visually-hidden"):
        assert markup in source, markup
