"""The dates of a series of check-ins (app/checkins/schedule.py): pure, no app."""
from datetime import date

import pytest

from app.checkins.schedule import MAX_CHECKINS, TooMany, add_months, checkin_dates


def test_every_two_weeks_counts_from_the_first_date():
    assert checkin_dates(date(2027, 1, 4), 2, "weeks", count=3) == [date(2027, 1, 4), date(2027, 1, 18),
                                                                     date(2027, 2, 1)]


def test_a_month_after_the_31st_is_the_last_day_of_a_shorter_month_then_the_31st_again():
    assert checkin_dates(date(2027, 1, 31), 1, "months", count=4) == [
        date(2027, 1, 31), date(2027, 2, 28), date(2027, 3, 31), date(2027, 4, 30)]


def test_february_has_29_days_in_a_leap_year():
    assert checkin_dates(date(2028, 1, 30), 1, "months", count=2)[1] == date(2028, 2, 29)


def test_a_series_started_on_29_february_meets_on_28_february_the_next_year():
    assert add_months(date(2028, 2, 29), 12) == date(2029, 2, 28)
    assert add_months(date(2028, 2, 29), 48) == date(2032, 2, 29)


def test_every_three_months_crosses_the_year():
    assert checkin_dates(date(2027, 11, 15), 3, "months", count=3) == [date(2027, 11, 15), date(2028, 2, 15),
                                                                        date(2028, 5, 15)]


def test_until_an_end_date_includes_that_date():
    assert checkin_dates(date(2027, 1, 1), 1, "weeks", until=date(2027, 1, 15)) == [
        date(2027, 1, 1), date(2027, 1, 8), date(2027, 1, 15)]


def test_an_end_date_on_the_first_date_is_one_check_in():
    assert checkin_dates(date(2027, 5, 5), 1, "months", until=date(2027, 5, 5)) == [date(2027, 5, 5)]


def test_too_many_says_how_many_it_would_have_been():
    with pytest.raises(TooMany) as raised:
        checkin_dates(date(2027, 1, 1), 1, "weeks", until=date(2027, 12, 31))
    assert raised.value.count == 53
    with pytest.raises(TooMany):
        checkin_dates(date(2027, 1, 1), 1, "weeks", count=MAX_CHECKINS + 1)
    assert len(checkin_dates(date(2027, 1, 1), 1, "weeks", count=MAX_CHECKINS)) == MAX_CHECKINS


@pytest.mark.parametrize("every, unit, count, until", [
    (0, "weeks", 3, None),                 # a cadence of 0
    (1, "days", 3, None),                  # not a unit
    (1, "weeks", None, None),              # neither a count nor an end
    (1, "weeks", 3, date(2027, 3, 1)),     # both
    (1, "weeks", None, date(2026, 12, 1)),  # the end before the start
])
def test_what_is_not_a_series_is_refused(every, unit, count, until):
    with pytest.raises(ValueError):
        checkin_dates(date(2027, 1, 1), every, unit, count=count, until=until)
