"""The trends' series, pure: every held workshop's measures in, one series per figure out, with a
line per group, in exercise (agenda) order; how a series moved; the x-axis labels thinned."""
from datetime import datetime
from types import SimpleNamespace

from app.exercises.contract import Measure
from app.partnerships.charts import thinned
from app.partnerships.series import build_series, change, participation_series


def workshop(n: int):
    return SimpleNamespace(id=n, title=f"Workshop {n}", started_at=datetime(2027, 1, n))


W1, W2, W3 = workshop(1), workshop(2), workshop(3)


def trust(value, group=""):
    return "trust_pulse", Measure("trust", "Trust between partners", value, low=1, high=5, group=group, count=4)


def test_one_series_per_figure_with_a_point_per_workshop_and_a_line_per_group():
    series = build_series([(W1, [trust(2.8), trust(3.0, "Health")]), (W2, [trust(3.1)]),
                           (W3, [trust(3.6), trust(3.4, "Health"), trust(3.9, "Education")])])
    assert len(series) == 1
    [pulse] = series
    assert [w for w, _values in pulse.points] == [W1, W2, W3]
    assert pulse.groups == ["", "Education", "Health"]
    assert pulse.line("") == [2.8, 3.1, 3.6]
    assert pulse.line("Health") == [3.0, None, 3.4]
    assert pulse.line("Education") == [None, None, 3.9]
    assert (pulse.low, pulse.high) == (1, 5)
    assert pulse.drawn


def test_a_workshop_that_did_not_measure_a_figure_is_not_a_point_of_it():
    series = build_series([(W1, [trust(2.8)]), (W2, []), (W3, [trust(3.6)])])
    assert [w for w, _values in series[0].points] == [W1, W3]


def test_a_figure_measured_once_is_not_drawn():
    [pulse] = build_series([(W1, []), (W2, [trust(3.0)])])
    assert not pulse.drawn
    assert pulse.points == [(W2, {"": 3.0})]


def test_series_come_grouped_by_exercise_in_agenda_order_then_in_the_order_measured():
    reach = ("indicators", Measure("reach", "Families reached", 40, unit="%"))
    ready = ("indicators", Measure("ready", "Ready for school", 62, unit="%"))
    series = build_series([(W1, [reach, trust(3.0)]), (W2, [ready, trust(3.2), reach])])
    assert [(s.exercise, s.key) for s in series] == [("indicators", "reach"), ("indicators", "ready"),
                                                     ("trust_pulse", "trust")]


def test_two_steps_of_one_workshop_give_the_later_value_and_the_latest_step_names_the_figure():
    renamed = ("trust_pulse", Measure("trust", "Trust among us", 4.0, low=1, high=5))
    [pulse] = build_series([(W1, [trust(2.0)]), (W2, [trust(1.0), renamed])])
    assert pulse.line("") == [2.0, 4.0]
    assert pulse.label == "Trust among us"


def test_the_same_key_from_two_exercises_is_two_series():
    other = ("indicators", Measure("trust", "Trust (indicator)", 50))
    assert len(build_series([(W1, [trust(3.0), other]), (W2, [trust(3.1), other])])) == 2


def test_participation_counts_the_room_and_each_named_sector():
    series = participation_series([(W1, {"Health": 3, "": 2}), (W2, {"Health": 4, "Education": 5})], "People")
    assert series.line("") == [5, 9]
    assert series.line("Health") == [3, 4]
    assert series.line("Education") == [None, 5]
    assert series.low == 0 and series.drawn


def test_change_follows_the_whole_room_else_the_group_measured_most():
    rose = build_series([(W1, [trust(2.8)]), (W2, [trust(3.0)]), (W3, [trust(3.6)])])[0]
    assert change(rose) == ("", 2.8, 3.6, 3)
    by_sector = build_series([(W1, [trust(3.0, "Health"), trust(4.0, "Arts")]), (W2, [trust(2.0, "Health")])])[0]
    assert change(by_sector) == ("Health", 3.0, 2.0, 2)


def test_fifty_labels_are_thinned_to_evenly_spread_ones_with_the_first_and_last():
    labels = [f"w{n}" for n in range(50)]
    shown = [label for label in thinned(labels, 8) if label]
    assert len(shown) == 8
    assert shown[0] == "w0" and shown[-1] == "w49"
    assert thinned(labels[:3], 8) == labels[:3]


def test_a_value_no_chart_can_place_is_left_out():
    series = build_series([(W1, [trust(float("nan")), trust(3.0, "Health")]), (W2, [trust(float("inf"))]),
                           (W3, [("indicators", Measure("reach", "Reach", "lots"))])])
    assert [(s.key, s.points) for s in series] == [("trust", [(W1, {"Health": 3.0})])]
