"""The lived-experience group: community roles counted together, with the k>=3 rule when anonymous."""
import pytest

from app.exercises import Audience
from app.exports.model import export_audience, workshop_entry
from app.live.rooms import audience_for, sector_sizes
from tests.factories import create_facilitator, create_participant, create_partnership, create_workshop

TWO = {"Health": 3, "Young person": 1, "Parent or carer": 1}
THREE = {"Health": 3, "Young person": 2, "Parent or carer": 1}


def screen(sizes, anonymous, grouped=True):
    return Audience(role="screen", anonymous=anonymous, sector_sizes=sizes, lived_experience=grouped)


def test_named_workshop_shows_the_group_however_small():
    assert screen(TWO, False).breakdown(TWO) == {"Health": 3, "Lived experience": 2}


def test_anonymous_two_community_people_fold_into_other():
    assert screen(TWO, True).breakdown(TWO) == {"Health": 3, "other": 2}
    assert screen(TWO, True).author({"id": "p:1", "sector": "Young person"}) == {}


def test_anonymous_three_community_people_are_their_own_group():
    assert screen(THREE, True).breakdown(THREE) == {"Health": 3, "Lived experience": 3}
    # Named as the group, never as the role (one young person would be picked out).
    assert screen(THREE, True).author({"id": "p:1", "sector": "Parent or carer"}) == {"sector": "Lived experience"}


def test_switch_off_keeps_each_role_apart_under_the_usual_rule():
    assert screen(THREE, True, grouped=False).breakdown(THREE) == {"Health": 3, "other": 3}
    assert screen(THREE, False, grouped=False).breakdown(THREE) == THREE


@pytest.mark.parametrize("anonymous, young, expected", [
    (True, 2, {"Health": 3, "other": 2}), (True, 3, {"Health": 3, "Lived experience": 3}),
    (False, 2, {"Health": 3, "Lived experience": 2}),
])
def test_the_core_groups_the_room_and_the_export(app, anonymous, young, expected):
    workshop = create_workshop(create_partnership(create_facilitator()), participation="community",
                               anonymous=anonymous)
    for n in range(3):
        create_participant(workshop, name=f"H{n}", sector="Health")
    for n in range(young):
        create_participant(workshop, name=f"Y{n}", organisation="", sector="Young person")
    assert workshop_entry(workshop)["participants"] == expected
    assert workshop_entry(workshop)["participation"] == "community"
    assert export_audience(workshop).breakdown(sector_sizes(workshop.id)) == expected
    room = audience_for(workshop, workshop.steps[0], "screen", sector_sizes(workshop.id))
    assert room.participation == "community" and room.lived_experience is True
    assert room.breakdown(sector_sizes(workshop.id)) == expected


def test_the_spreadsheets_name_the_group_in_the_readers_language(app):
    from flask_babel import force_locale

    from app.exports import columns

    exercise = app.extensions["exercises"]["ideas"]
    with force_locale("fr"):
        row = columns.shown_row(exercise, {"sector": "Lived experience", "text": "Young person"})
    assert row == {"sector": "Vécu", "text": "Young person"}  # only the sector column is a role
