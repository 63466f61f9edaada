"""Real Chromium: a chart with live results keeps its words and its table in step with its bars.
The console and the room screen show an agreement clause's tally; after each vote over the
socket, the chart's accessible name (role="img", read by Playwright's accessibility tree) says
the new counts, and its table ("Show as a table" on the console, for screen readers only on the
projector) holds the same numbers. axe-core finds no violation on either page."""
import pytest

from tests.browser import LAPTOP, browser  # noqa: F401  (fixture)
from tests.live_server import LiveClient, facilitator_cookie
from tests.test_agreement_browser import AXE, SCREEN, axe_violations, cookies, seed

pytestmark = [pytest.mark.browser, pytest.mark.live, pytest.mark.timeout(240)]


def table_counts(chart) -> dict:
    """The table's rows as {answer: count text}."""
    return chart.evaluate("""(fig) => Object.fromEntries(Array.from(fig.querySelectorAll('table tbody tr'))
      .map((tr) => [tr.querySelector('th').textContent, tr.querySelector('td').textContent]))""")


def wait_named(page, chart_selector, words):
    page.wait_for_function("""([sel, words]) => {
        const img = document.querySelector(sel + ' [role="img"]');
        return img && words.every((w) => img.getAttribute('aria-label').includes(w));
      }""", arg=[chart_selector, words])


def test_console_and_screen_charts_follow_the_votes(server, browser):  # noqa: F811
    if not AXE.exists():
        pytest.skip(reason=f"axe-core is not installed at {AXE}")
    app, ids = seed(server, "en")
    step = ids["step"]
    header = facilitator_cookie(server.url, "facilitator@example.org", "correct horse battery")
    laptop = browser.new_context(**LAPTOP, locale="en-GB", bypass_csp=True)
    laptop.add_cookies(cookies(server.url, header))
    console = laptop.new_page()
    console.goto(f"{server.url}/w/{ids['workshop']}/console")
    section = console.locator(f'section[data-step="{step}"]')
    section.locator(".ag-clause").first.wait_for()
    screen_context = browser.new_context(**SCREEN, locale="en-GB", bypass_csp=True)
    screen_context.add_cookies(cookies(server.url, header))
    screen = screen_context.new_page()
    screen.goto(f"{server.url}/w/{ids['workshop']}/screen")
    ben = LiveClient(server.url, ids["workshop"], token=ids["tokens"][1])
    cy = LiveClient(server.url, ids["workshop"], token=ids["tokens"][2])
    try:
        section.get_by_role("button", name="Open Clause 1 · Purpose").click()
        open_chart = f'section[data-step="{step}"] .ag-status-open [data-chart]'
        console.locator(open_chart).wait_for()
        assert ben.act(step, "answer", {"clause_id": "c1", "version": 1, "answer": "support", "reason": ""})["ok"]
        wait_named(console, open_chart, ["Fully support: 1", "Cannot support: 0"])
        chart = console.locator(open_chart)
        assert table_counts(chart)["Fully support"] == "1"
        assert table_counts(chart)["Cannot support"] == "0"
        # The table is a disclosure: closed at first, its numbers shown when opened.
        assert not chart.locator("table").is_visible()
        chart.get_by_text("Show as a table").click()
        assert chart.locator("table caption").inner_text() == "Answers to this clause (1 in all)"
        assert chart.locator("th[scope=col]").count() == 2 and chart.locator("th[scope=row]").count() == 4
        # The accessibility tree names the drawing with the counts.
        tree = console.locator(f"{open_chart} .chart-visual").aria_snapshot()
        assert "Fully support: 1" in tree

        # A second vote: the words and the table change with the bars.
        assert cy.act(step, "answer", {"clause_id": "c1", "version": 1, "answer": "object",
                                       "reason": "The budget is not settled"})["ok"]
        wait_named(console, open_chart, ["Fully support: 1", "Cannot support: 1"])
        assert table_counts(console.locator(open_chart))["Cannot support"] == "1"
        assert console.locator(f"{open_chart} table caption").inner_text() == "Answers to this clause (2 in all)"
        assert not axe_violations(console), axe_violations(console)

        # The projector: the same words; the table is there for screen readers, not drawn.
        screen_chart = ".ag-screen-results [data-chart]"
        wait_named(screen, screen_chart, ["Fully support: 1", "Cannot support: 1"])
        assert table_counts(screen.locator(screen_chart))["Cannot support"] == "1"
        hidden = screen.locator(f"{screen_chart} .chart-table")
        assert hidden.evaluate("(el) => el.classList.contains('visually-hidden')")
        assert screen.locator(f"{screen_chart} details").count() == 0
        assert not axe_violations(screen), axe_violations(screen)
    finally:
        ben.close()
        cy.close()


HELPER = """async () => {
  const i18n = await import('/static/js/i18n.js');
  const charts = await import('/static/js/charts.js');
  i18n.setCatalog({'{label}: {value}': '{label}\u00a0: {value}', 'Show as a table': 'Afficher sous forme de tableau',
    'not shown (fewer than three people)': 'non affiché (moins de trois personnes)'}, 'fr');
  const rows = [{label: 'Santé', values: [1234.5]}, {label: 'Logement', values: [null]}];
  const fig = charts.chart({visual: document.createElement('span'), caption: 'Réponses',
    columns: ['Groupe', 'Nombre'], rows});
  return {name: fig.querySelector('[role=img]').getAttribute('aria-label'),
    cells: Array.from(fig.querySelectorAll('td')).map((td) => td.textContent),
    heads: Array.from(fig.querySelectorAll('th')).map((th) => th.getAttribute('scope')),
    caption: fig.querySelector('caption').textContent, summary: fig.querySelector('summary').textContent,
    screen: charts.chart({visual: null, caption: 'c', columns: ['a', 'b'], rows, audience: 'screen'})
      .querySelector('.visually-hidden table') !== null};
}"""


def test_the_helper_words_numbers_in_the_locale_and_never_shows_a_hidden_group(server, browser):  # noqa: F811
    page = browser.new_context(locale="fr-FR").new_page()
    page.goto(f"{server.url}/")
    out = page.evaluate(HELPER)
    # French digit grouping and decimal comma, and French spacing before the colon.
    assert out["name"] == "Santé\u00a0: 1\u202f234,5; Logement\u00a0: non affiché (moins de trois personnes)"
    assert out["cells"] == ["1\u202f234,5", "non affiché (moins de trois personnes)"]
    assert out["heads"] == ["col", "col", "row", "row"]
    assert out["caption"] == "Réponses" and out["summary"] == "Afficher sous forme de tableau"
    assert out["screen"] is True
