"""The figures that moved between two workshops (app/plan/figures.py): pure pairing of measures."""
from app.exercises.contract import Measure
from app.plan.figures import difference, figures_moved

TITLES = {"trust_pulse": "Trust pulse", "indicators": "Outcome indicators"}


def rows(entries):
    return [(e.key, [(f.label, f.group, f.before, f.after, f.difference, f.direction) for f in e.moved],
             [(f.label, f.group) for f in e.unchanged], [(f.label, f.group, f.after) for f in e.new]) for e in entries]


def test_figures_pair_on_exercise_key_and_group_with_the_difference(app):
    before = [("trust_pulse", Measure("trust", "Trust", 2.5, count=6)),
              ("trust_pulse", Measure("trust", "Trust", 2, group="Health", count=3)),
              ("indicators", Measure("referrals:value", "Referrals", 40, unit="%")),
              ("indicators", Measure("gone", "Not asked again", 1))]
    after = [("trust_pulse", Measure("trust", "Trust", 3.25, count=8)),
             ("trust_pulse", Measure("trust", "Trust", 2, group="Health", count=3)),
             ("trust_pulse", Measure("trust", "Trust", 4, group="Education", count=3)),
             ("indicators", Measure("referrals:value", "Referrals", 35.5, unit="%"))]
    with app.test_request_context():
        found = figures_moved(before, after, TITLES)
    assert rows(found) == [
        ("trust_pulse", [("Trust", "", "2.5", "3.25", "+0.75", 1)], [("Trust", "Health")],
         [("Trust", "Education", "4")]),
        ("indicators", [("Referrals", "", "40 %", "35.5 %", "\u22124.5 %", -1)], [], []),
    ]
    assert found[0].title == "Trust pulse"


def test_numbers_are_written_in_the_readers_language(app):
    with app.test_request_context("/?lang=fr"):
        from flask_babel import refresh

        refresh()
        found = figures_moved([("trust_pulse", Measure("trust", "Confiance", 2.5))],
                              [("trust_pulse", Measure("trust", "Confiance", 3.75))], TITLES)
        assert (found[0].moved[0].before, found[0].moved[0].after, found[0].moved[0].difference) == \
            ("2,5", "3,75", "+1,25")
        assert difference(3, 3) == ""


def test_no_figure_on_either_side_gives_nothing_and_a_workshops_later_step_counts(app):
    with app.test_request_context():
        assert figures_moved([], [], TITLES) == []
        assert figures_moved([("trust_pulse", Measure("trust", "Trust", 3))], [], TITLES) == []
        twice = [("trust_pulse", Measure("trust", "Trust", 1)), ("trust_pulse", Measure("trust", "Trust", 4))]
        (entry,) = figures_moved([("trust_pulse", Measure("trust", "Trust", 3))], twice, TITLES)
        assert entry.moved[0].after == "4" and entry.moved[0].difference == "+1"
