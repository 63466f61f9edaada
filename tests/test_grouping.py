"""Which sector groups' figures may be published (app/exercises/grouping.py): pure, no app."""
from app.exercises.grouping import publishable_groups


def test_groups_of_three_are_published_and_smaller_ones_left_out():
    assert publishable_groups({"Health": 3, "Education": 4, "Housing": 3, "": 0}) == {"Health", "Education", "Housing"}
    assert publishable_groups({"Health": 2, "Education": 1}) == set()


def test_a_rest_of_one_or_two_takes_the_smallest_group_with_it():
    # Health and Education published would leave Housing's one person to subtraction.
    assert publishable_groups({"Health": 3, "Education": 5, "Housing": 1}) == {"Education"}
    # With no sector ("") counted in the rest too.
    assert publishable_groups({"Health": 3, "": 2}) == set()
    assert publishable_groups({"Health": 3, "Education": 3, "": 3}) == {"Health", "Education"}
