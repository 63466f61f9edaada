"""The partnership plan names the community roles' voice as its own group, "Lived experience",
by the exports' rule (export_audience's breakdown): in an anonymous workshop only when three or
more community people took part, otherwise as "other sectors"; with the switch off, each role
under the usual rule."""
import pytest
from flask_babel import force_locale

from app.extensions import db
from app.models import Facilitator
from app.plan.items import plan_items, provenance_line
from tests.factories import create_facilitator, create_participant, create_partnership, create_workshop, login
from tests.plan_helpers import add_note, end_and_harvest


def _facilitator():
    """The test's facilitator (one per test database: two plans in a test share them)."""
    return db.session.query(Facilitator).first() or create_facilitator()


def _plan(anonymous: bool, community: int, grouped: bool = True):
    """An ideas workshop of three health workers and ``community`` young people or parents, each
    posting a note of their own; ended and harvested. Returns the partnership."""
    partnership = create_partnership(_facilitator())
    workshop = create_workshop(partnership, title="Forum", anonymous=anonymous, participation="community")
    workshop.lived_experience = grouped
    db.session.commit()
    for n in range(3):
        add_note(workshop, create_participant(workshop, name=f"H{n}", sector="Health")[0], f"Health note {n}")
    for n in range(community):
        role = "Young person" if n % 2 == 0 else "Parent or carer"
        add_note(workshop, create_participant(workshop, name=f"Y{n}", organisation="", sector=role)[0],
                 f"Community note {n}")
    end_and_harvest(workshop)
    return partnership


def _sectors(partnership) -> dict:
    """Item title -> the sectors its provenance names."""
    return {item.title: item.provenance["sectors"] for item in plan_items(partnership.id)}


@pytest.mark.parametrize("anonymous, community, group", [
    (False, 2, "Lived experience"), (True, 2, "other"), (True, 3, "Lived experience"),
])
def test_community_notes_are_named_as_the_group_or_hidden(app, anonymous, community, group):
    sectors = _sectors(_plan(anonymous, community))
    assert {sectors[f"Community note {n}"][0] for n in range(community)} == {group}
    assert sectors["Health note 0"] == ["Health"]
    # No role is ever named on its own while the switch is on (one young person would stand out).
    assert not any(s in ("Young person", "Parent or carer") for names in sectors.values() for s in names)


def test_switch_off_keeps_each_role_under_the_usual_rule(app):
    assert _sectors(_plan(False, 2, grouped=False))["Community note 0"] == ["Young person"]
    assert _sectors(_plan(True, 3, grouped=False))["Community note 0"] == ["other"]  # two young people: too few


def test_the_provenance_line_reads_the_group_in_the_readers_language(app):
    items = {item.title: item for item in plan_items(_plan(True, 3).id)}
    with force_locale("fr"):
        assert provenance_line(items["Community note 0"].provenance).endswith("secteurs Vécu")
    small = {item.title: item for item in plan_items(_plan(True, 2).id)}
    assert provenance_line(small["Community note 0"].provenance).endswith("sectors other sectors")


def test_the_plan_page_shows_the_group_in_french(client):
    partnership = _plan(False, 2)
    login(client)
    html = client.get(f"/partnerships/{partnership.id}/plan?lang=fr").get_data(as_text=True)
    assert "Community note 0" in html and "Vécu" in html
    assert "Young person" not in html and "Jeune" not in html
