"""The trends page and its room-screen view through the test client: only the partnership's
facilitators see them, charts appear from the second held workshop on, each with its table and
its summary, in English and French; markup people typed stays text; a deleted workshop leaves."""
import re
from datetime import datetime, timedelta

import pytest

from app.exercises.contract import Measure
from app.extensions import db
from app.models import Workshop
from app.workshops.agenda import delete_workshop
from plugins.trust_pulse.forms import CORE, HIGH, LOW
from tests.factories import create_facilitator, create_participant, create_partnership, create_workshop, login

START = datetime(2027, 1, 12, 9, 30)


def pulse_measures(state, config):
    """What the measures branch gives trust_pulse, in short: each question's average, and per
    sector, from the step's real state (answers per sheet)."""
    found = []
    words = dict(CORE)
    for question in state["questions"].values():
        answers = [(s["sector"], s["answers"][question["id"]]["value"]) for s in state["sheets"].values()
                   if question["id"] in s["answers"]]
        if not answers:
            continue
        label = question.get("text") or words[question["id"]]
        found.append(Measure(question["id"], label, sum(v for _s, v in answers) / len(answers), low=LOW, high=HIGH,
                             count=len(answers)))
        for sector in sorted({s for s, _v in answers if s}):
            values = [v for s, v in answers if s == sector]
            found.append(Measure(question["id"], label, sum(values) / len(values), low=LOW, high=HIGH, group=sector,
                                 count=len(values)))
    return found


@pytest.fixture
def measured(app, monkeypatch):
    monkeypatch.setattr(app.extensions["exercises"]["trust_pulse"], "measures", pulse_measures)


def held(partnership, title, n, answers=(), people=()):
    """A workshop held ``n`` weeks after START, its pulse answered (sector, value) by each person."""
    workshop = create_workshop(partnership, title=title, steps=(("trust_pulse", None),), status="ended",
                               started_at=START + timedelta(weeks=n))
    step = workshop.steps[0]
    step.status = "closed"
    sheets = {f"p{i}": {"sector": sector, "answers": {"trust": {"value": value, "comment": ""}}}
              for i, (sector, value) in enumerate(answers)}
    step.state = {**step.state, "sheets": sheets}
    for name, sector in people:
        create_participant(workshop, name=name, sector=sector)
    db.session.commit()
    return workshop


@pytest.fixture
def partnership(app):
    return create_partnership(create_facilitator())


def page(client, partnership, query=""):
    login(client)
    return client.get(f"/partnerships/{partnership.id}/trends{query}")


def test_no_held_workshop_says_trends_come_after_the_second(client, partnership):
    create_workshop(partnership, status="draft")
    body = page(client, partnership).get_data(as_text=True)
    assert "Trends appear after the second workshop" in body
    assert "<svg" not in body


def test_one_held_workshop_lists_its_figures_as_first_measured(client, partnership, measured):
    held(partnership, "Kick-off", 0, answers=[("Health", 4), ("Education", 2)], people=[("Ana", "Health")])
    body = page(client, partnership).get_data(as_text=True)
    assert "Trends appear after the second workshop" in body
    assert "<svg" not in body
    assert "First measured at" in body and "Kick-off" in body
    assert "People taking part" in body


def test_two_held_workshops_draw_each_figure_with_its_table_and_summary(client, partnership, measured):
    held(partnership, "Kick-off", 0, answers=[("Health", 3), ("Health", 2), ("Education", 3)],
         people=[("Ana", "Health"), ("Ben", "Education")])
    held(partnership, "Review", 6, answers=[("Health", 4), ("Health", 4), ("Education", 3)],
         people=[("Ana", "Health"), ("Ben", "Education"), ("Cy", "Education")])
    body = page(client, partnership).get_data(as_text=True)
    assert body.count('role="img"') == 2  # who took part, and the trust question
    assert "People taking part rose from 2 to 3 over 2 workshops" in body
    trust = str(dict(CORE)["trust"])
    assert f"{trust} rose from 2.67 to 3.67 over 2 workshops" in body
    assert f'aria-label="{trust} rose from 2.67 to 3.67 over 2 workshops"' in body
    assert "<caption>" in body and '<th scope="col" dir="auto">Health</th>' in body and '<th scope="row">' in body
    assert "<style" not in body and "<script" not in body  # nothing the CSP would refuse
    assert 'style="' not in body
    assert "Trends appear after the second workshop" not in body
    pulse_chart = body[body.rindex("<svg"):body.rindex("</svg>")]
    y_axis = pulse_chart[pulse_chart.index('class="axis y'):pulse_chart.index('class="axis x')]
    assert re.findall(r'class="(?:major)?">([^<]*)</text>', y_axis) == ["1", "2", "3", "4", "5"]  # the scale


def test_the_page_in_french(client, partnership, measured):
    held(partnership, "Lancement", 0, answers=[("Santé", 3), ("Santé", 2)])
    held(partnership, "Bilan", 6, answers=[("Santé", 4), ("Santé", 5)])
    body = page(client, partnership, "?lang=fr").get_data(as_text=True)
    assert "Tendances" in body
    assert ": en hausse, de 2,5 à 4,5 sur 2 ateliers" in body
    assert "Toute la salle" in body


def test_markup_in_titles_sectors_and_labels_stays_text(client, partnership, monkeypatch, app):
    label = '<script>alert("x")</script><b>Trust</b>'
    monkeypatch.setattr(app.extensions["exercises"]["trust_pulse"], "measures",
                        lambda state, config: [Measure("trust", label, 3.0, group="<i>Health</i>"),
                                               Measure("trust", label, 3.5)])
    held(partnership, "<img src=x onerror=alert(1)>", 0)
    held(partnership, "Review \u05e9\u05dc\u05d5\u05dd 🎉" + "x" * 300, 1)
    body = page(client, partnership).get_data(as_text=True)
    assert "<script>alert" not in body and "<b>Trust" not in body and "<i>Health" not in body
    assert "<img src=x" not in body
    assert "&lt;script&gt;alert" in body and "&lt;i&gt;Health&lt;/i&gt;" in body


def test_fifty_workshops_thin_the_labels_under_the_axis(client, partnership):
    for n in range(50):
        held(partnership, f"Session {n}", n, people=[("Ana", "Health")] * (1 + n % 3))
    body = page(client, partnership).get_data(as_text=True)
    assert body.count("<svg") == 1
    chart = body[body.index("<svg"):body.index("</svg>")]
    shown = [title for title in (f"Session {n}" for n in range(50)) if f">{title}</tspan>" in chart]
    assert shown[0] == "Session 0" and shown[-1] == "Session 49" and len(shown) == 4
    assert body.count('<th scope="row">') == 50  # the table keeps every workshop


def test_a_deleted_workshop_leaves_the_trends(client, partnership):
    held(partnership, "Kick-off", 0, people=[("Ana", "Health")])
    held(partnership, "Review", 1, people=[("Ana", "Health"), ("Ben", "Health")])
    gone = held(partnership, "Cancelled", 2, people=[("Ana", "Health")])
    assert "Cancelled" in page(client, partnership).get_data(as_text=True)
    delete_workshop(db.session.get(Workshop, gone.id))
    db.session.commit()
    body = client.get(f"/partnerships/{partnership.id}/trends").get_data(as_text=True)
    assert "Cancelled" not in body
    assert "People taking part rose from 1 to 2 over 2 workshops" in body


def test_only_workshops_that_went_live_count(client, partnership):
    held(partnership, "Kick-off", 0, people=[("Ana", "Health")])
    held(partnership, "Review", 1, people=[("Ana", "Health")])
    never = create_workshop(partnership, title="Never started", status="lobby")
    create_participant(never, name="Early")
    body = page(client, partnership).get_data(as_text=True)
    assert "Never started" not in body
    assert "People taking part stayed at 1 over 2 workshops" in body


def test_the_home_links_to_the_trends(client, partnership):
    login(client)
    body = client.get(f"/partnerships/{partnership.id}").get_data(as_text=True)
    assert f'href="/partnerships/{partnership.id}/trends"' in body


def test_the_room_screen_shows_one_chart_at_a_time(client, partnership, measured):
    held(partnership, "Kick-off", 0, answers=[("Health", 3)], people=[("Ana", "Health")])
    held(partnership, "Review", 1, answers=[("Health", 5)], people=[("Ana", "Health"), ("Ben", "Health")])
    first = page(client, partnership, "/screen").get_data(as_text=True)
    assert first.count("<svg") == 1 and "Chart 1 of 2" in first and "People taking part" in first
    assert 'rel="next"' in first and 'rel="prev"' not in first
    second = client.get(f"/partnerships/{partnership.id}/trends/screen?chart=2").get_data(as_text=True)
    assert "Chart 2 of 2" in second and str(dict(CORE)["trust"]) in second and 'rel="prev"' in second


@pytest.mark.parametrize("chart", ["3", "0", "two", "-1"])
def test_a_chart_that_is_not_there_is_a_404_with_a_sentence(client, partnership, chart):
    held(partnership, "Kick-off", 0, people=[("Ana", "Health")])
    held(partnership, "Review", 1, people=[("Ana", "Health")])
    response = page(client, partnership, f"/screen?chart={chart}")
    assert response.status_code == 404
    assert "That chart is not one of this partnership&#39;s trends" in response.get_data(as_text=True)


def test_the_room_screen_without_charts_says_when_they_come(client, partnership):
    body = page(client, partnership, "/screen").get_data(as_text=True)
    assert "Trends appear after the second workshop" in body


@pytest.mark.parametrize("suffix", ["", "/screen"])
def test_other_facilitators_get_a_404(client, partnership, suffix):
    create_facilitator(email="stranger@example.org")
    held(partnership, "Kick-off", 0)
    login(client, email="stranger@example.org")
    assert client.get(f"/partnerships/{partnership.id}/trends{suffix}").status_code == 404
    client.post("/logout")
    assert client.get(f"/partnerships/{partnership.id}/trends{suffix}").status_code in (302, 401)


def test_more_sectors_than_colours_take_the_palette_again(client, partnership):
    sectors = [f"Sector {n}" for n in range(10)]
    for n in range(2):
        held(partnership, f"Session {n}", n, people=[(f"P{s}", s) for s in sectors])
    body = page(client, partnership).get_data(as_text=True)
    chart = body[body.index("<svg"):body.index("</svg>")]
    assert "color-8" not in chart and "color-10" not in chart  # trends.css colours color-0 … color-7
    assert 'class="series serie-10 color-2"' in chart  # the 11th line (the 10th sector) takes the 3rd colour
