"""Server-rendered names and texts are isolated for right-to-left scripts (<bdi>, dir=auto)."""
from app.extensions import db
from app.live.identity import participant_cookie
from tests.factories import create_facilitator, create_participant, create_partnership, create_workshop

NAME = "فاطمة الزهراء"


def test_the_participant_page_isolates_name_organisation_and_sector(app, client):
    workshop = create_workshop(create_partnership(create_facilitator()))
    participant, token = create_participant(workshop, name=NAME, organisation="مدرسة الشمال")
    db.session.commit()
    client.set_cookie(participant_cookie(workshop.id), token)
    page = client.get(f"/w/{workshop.id}/me").get_data(as_text=True)
    assert f"<strong><bdi>{NAME}</bdi></strong> · <bdi>مدرسة الشمال</bdi>" in page
