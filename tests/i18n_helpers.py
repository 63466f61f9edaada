"""What the exercises' French tests share: a French participant's page, the page's browser
strings, and forgetting the locale between requests of one test."""
import json

from flask import g
from flask_babel import refresh

from app.extensions import db
from app.join.participants import cookie_name
from tests.factories import create_facilitator, create_participant, create_partnership, create_workshop


def fresh_locale():
    """The test's app context (and its ``g``) outlives each request: forget the locale chosen so far."""
    g.pop("locale", None)
    refresh()


def boot_data(page: str) -> dict:
    """The JSON the page boots from (its language, its browser strings, …)."""
    return json.loads(page.split('<script type="application/json" id="boot">')[1].split("</script>")[0])


def boot_strings(page: str) -> dict:
    boot = boot_data(page)
    assert boot["lang"] == "fr"
    return boot["strings"]


def french_participant_page(client, exercise_key: str):
    """A workshop with one ``exercise_key`` step and a participant who reads French, logged in on
    ``client``; returns the workshop and the participant page's HTML."""
    workshop = create_workshop(create_partnership(create_facilitator()), steps=((exercise_key, None),))
    participant, token = create_participant(workshop)
    participant.language = "fr"
    db.session.commit()
    client.set_cookie(cookie_name(workshop.id), token)
    fresh_locale()
    return workshop, client.get(f"/w/{workshop.id}/me").get_data(as_text=True)
