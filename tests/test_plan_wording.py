"""Plan items are worded in the reader's language: a French reader of a plan harvested from an
English workshop reads French sentences, numbers and dates in the plan pages, "my plan" and every
export, while what people typed, a facilitator's own words and old text-only items stay as stored."""
from __future__ import annotations

import html
import io
import json
import re
import zipfile

import pytest
from docx import Document
from flask_babel import force_locale
from openpyxl import load_workbook

from app.exercises import plan_item
from app.exports import export_plan
from app.exports.json_io import import_plan
from app.extensions import db
from app.models import PlanItem
from app.plan.items import plan_items, worded
from tests.factories import create_facilitator, create_participant, create_partnership
from tests.plan_helpers import curated_plan, policy_window_with_action
from tests.test_exports import pdf_text

#: The exercise sentences an English harvest stored, and what a French reader reads instead.
ENGLISH = ("Shared by 3 of 4 sectors", "Essential for 2, nice to have for 1", "Lead: not agreed yet",
           "overall 3.67/5 from 3", "0 dots", "led by Homes Trust", "by March 15, 2027", "Politics")
FRENCH = ("Partagé par 3 secteurs sur 4 : Education, Health, Housing.", "Essentiel pour 2, souhaitable pour 1.",
          "Chef de file : pas encore décidé. En soutien : aucune pour l'instant.",
          "ensemble : 3,67/5 (notes : 3)", "0 gommette", "pilotée par Homes Trust", "d'ici le 15 mars 2027")
#: Keys and Python values no reader should meet.
RAW = re.compile(r"\b(True|False|open|common|framing|use)\b")
OLD_TEXT = "Shared by 4 of 4 sectors: Arts, Health."


def _harvested(partnership, workshop, exercise, section, title, wording, data=None, ref=""):
    """An item as an English harvest of ``exercise`` stores it (its English words and its wording)."""
    from flask import current_app

    words = current_app.extensions["exercises"][exercise].plan_wording(wording)
    contribution = plan_item(section, words.get("title", title), words.get("text", ""), data=data, wording=wording)
    step = workshop.steps[0]
    item = PlanItem(partnership_id=partnership.id, section=section, title=contribution["title"],
                    text=contribution["text"], data=contribution["data"], status="promoted", origin="exercise",
                    position=50, source_key=f"{step.id}:{ref or title}",
                    provenance={"workshop_id": workshop.id, "workshop_title": workshop.title, "step_id": step.id,
                                "step_title": str(current_app.extensions["exercises"][exercise].title),
                                "exercise": exercise, "sectors": [], "ref": ref or title})
    db.session.add(item)
    return item


@pytest.fixture
def english_plan(app):
    facilitator = create_facilitator()
    partnership = create_partnership(facilitator)
    workshop = curated_plan(partnership, facilitator)  # ideas items: "0 dots"
    window = policy_window_with_action(partnership)  # an action led by Homes Trust, due 2027-03-15
    with app.test_request_context("/?lang=en"), force_locale("en"):
        _harvested(partnership, workshop, "alignment_mapper", "common_ground", "Safe routes to school",
                   {"kind": "common_ground", "band": "common", "sharing": ["Education", "Health", "Housing"],
                    "partly": [], "total": 4, "essential": 2, "nice": 1},
                   data={"band": "common", "reach": 3, "total_sectors": 4}, ref="theme:t1")
        _harvested(partnership, workshop, "role_board", "roles", "Data steward",
                   {"kind": "role", "lead": "", "supporting": [], "responsibilities": ""},
                   data={"role": "Data steward", "lead": "", "supporting": [], "responsibilities": ""},
                   ref="role:r1")
        rating = {"count": 3, "average": 11 / 3, "insider_count": 0, "insider_average": None}
        _harvested(partnership, workshop, "reframing", "framing", "Health: fewer emergency visits",
                   {"kind": "framing", "sector": "Health", "chosen": True, "rating": rating, "priorities": [],
                    "runners_up": []},
                   data={"sector": "Health", "chosen": True, "ratings": rating}, ref="framing:Health")
        # Harvested before plan items kept their wording: text only, in English.
        db.session.add(PlanItem(partnership_id=partnership.id, section="common_ground", title="Old theme",
                                text=OLD_TEXT, data={"band": "common"}, status="promoted", origin="exercise",
                                position=60, provenance={"workshop_id": workshop.id, "exercise": "alignment_mapper"}))
    db.session.commit()
    return partnership, workshop, window


def visible_text(page: str) -> str:
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


#: Sentences of an action's notes: documents with an actions table show its columns instead.
ACTION_NOTES = ("pilotée par Homes Trust", "d'ici le 15 mars 2027")


def assert_french(text: str, expected=FRENCH) -> None:
    text = " ".join(text.split())
    for sentence in expected:
        assert sentence in text, sentence
    for sentence in ENGLISH[:-1]:
        assert sentence not in text, sentence
    assert OLD_TEXT in text  # an old text-only item keeps its words
    assert not RAW.findall(text), RAW.findall(text)


def test_precondition_the_plan_was_harvested_in_english(app, english_plan):
    texts = " ".join(item.text for item in plan_items(english_plan[0].id))
    for sentence in ENGLISH[:-1]:
        assert sentence in texts, sentence


def test_the_plan_page_reads_french_for_a_french_facilitator(client, english_plan):
    from tests.factories import login

    login(client)
    page = client.get(f"/partnerships/{english_plan[0].id}/plan?lang=fr").get_data(as_text=True)
    text = " ".join(visible_text(page).split())
    for sentence in FRENCH:
        assert sentence in text, sentence
    assert "Shared by 3 of 4" not in text and "Lead: not agreed yet" not in text and OLD_TEXT in text
    assert "15 janvier 2027" in text  # a facilitator's check-in day, as French writes it


def test_my_plan_reads_french_for_a_french_participant(app, client, english_plan):
    from app.live.identity import participant_cookie

    window = english_plan[2]
    participant, token = create_participant(window, name="Amélie")
    participant.language = "fr"
    db.session.commit()
    client.set_cookie(participant_cookie(window.id), token)
    text = " ".join(visible_text(client.get(f"/w/{window.id}/my-plan").get_data(as_text=True)).split())
    assert "pilotée par Homes Trust" in text and "d'ici le 15 mars 2027" in text
    assert "Levier : Council election" in text and "Politique" in text
    assert "led by" not in text and "Enabler:" not in text and "1 vote" not in text.replace("1 vote ", "")


def _export(app, partnership, fmt, language="fr") -> bytes:
    with app.test_request_context(), force_locale(language):
        return export_plan(partnership, fmt)[0]


def test_markdown_docx_and_pdf_read_french(app, english_plan):
    partnership = english_plan[0]
    markdown = _export(app, partnership, "md").decode("utf-8").replace("\\", "")
    assert_french(markdown)
    # Default step titles name the steps in the reader's language too (provenance, workshops).
    assert "Ideas & dot voting" not in markdown and "Policy window canvas" not in markdown
    document = Document(io.BytesIO(_export(app, partnership, "docx")))
    assert_french("\n".join([p.text for p in document.paragraphs]
                            + [c.text for t in document.tables for r in t.rows for c in r.cells]),
                  [s for s in FRENCH if s not in ACTION_NOTES] + ["15 mars 2027", "Pas commencée"])
    text = " ".join(pdf_text(_export(app, partnership, "pdf")).split())
    assert "ensemble : 3,67/5" in text and "15 mars 2027" in text and "Partagé par 3 secteurs sur 4" in text
    assert "Shared by 3 of 4" not in text and "overall" not in text


def test_spreadsheets_read_french_with_no_raw_keys_or_python_values(app, english_plan):
    partnership = english_plan[0]
    workbook = load_workbook(io.BytesIO(_export(app, partnership, "xlsx")))
    cells = "\n".join(str(v) for row in workbook["Plan"].iter_rows(values_only=True) for v in row if v is not None)
    assert_french(cells)
    assert "oui" in cells and "Terrain d'entente" in cells and "31 janvier 2027" in cells
    with zipfile.ZipFile(io.BytesIO(_export(app, partnership, "csv"))) as archive:
        assert_french(archive.read("plan.csv").decode("utf-8-sig"))


def test_an_english_reader_still_reads_english(app, english_plan):
    text = " ".join(_export(app, english_plan[0], "md", "en").decode("utf-8").replace("\\", "").split())
    for sentence in ENGLISH:
        assert sentence in text, sentence


def test_export_plan_command_in_french(app, english_plan, tmp_path):
    out = tmp_path / "plan.md"
    result = app.test_cli_runner().invoke(
        args=["export-plan", str(english_plan[0].id), "--format", "md", "--output", str(out), "--language", "fr"])
    assert result.exit_code == 0, result.output
    assert_french(out.read_text(encoding="utf-8").replace("\\", ""))


def test_a_facilitators_edit_keeps_their_words(app, english_plan):
    from app.plan import curate

    item = next(i for i in plan_items(english_plan[0].id) if i.section == "roles" and i.origin == "exercise")
    curate.edit(item, item.title, "Lead: to be agreed in March.", None, None)
    db.session.commit()
    with app.test_request_context(), force_locale("fr"):
        assert worded(item)["text"] == "Lead: to be agreed in March."


def test_opening_the_edit_form_in_french_and_saving_unchanged_changes_nothing(client, english_plan):
    from tests.factories import login

    login(client)
    item = next(i for i in plan_items(english_plan[0].id) if i.section == "roles" and i.origin == "exercise")
    url = f"/partnerships/{english_plan[0].id}/plan/items/{item.id}/edit?lang=fr"
    page = client.get(url).get_data(as_text=True)
    assert "Chef de file : pas encore décidé." in " ".join(html.unescape(page).split())
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page) or \
        re.search(r'name="csrf_token" value="([^"]+)"', page)
    title = html.unescape(re.search(r'name="edit-title"[^>]*value="([^"]*)"', page).group(1))
    text = html.unescape(re.search(r'<textarea[^>]*name="edit-text"[^>]*>\s*(.*?)</textarea>', page, re.S).group(1))
    data = {"edit-title": title, "edit-text": text}
    if token:
        data["csrf_token"] = token.group(1)
    client.post(url, data=data)
    db.session.refresh(item)
    assert not item.edited and item.text.startswith("Lead: not agreed yet")


def test_json_round_trips_the_wording(app, english_plan):
    source = english_plan[0]
    exported = json.loads(_export(app, source, "json", "en"))
    framing = next(i for i in exported["items"] if i["section"] == "framing")
    assert framing["data"]["wording"]["kind"] == "framing"
    imported = import_plan(json.dumps(exported), source.owner)
    assert_french(_export(app, imported, "md").decode("utf-8").replace("\\", ""))


def test_an_unreadable_wording_shows_the_stored_words(app, english_plan):
    item = next(i for i in plan_items(english_plan[0].id) if i.section == "framing")
    item.data = {**item.data, "wording": {"kind": "framing", "rating": "not a rating"}}
    db.session.commit()
    with app.test_request_context(), force_locale("fr"):
        assert worded(item)["text"] == item.text
        assert _export(app, english_plan[0], "md")  # and the export is still made


def test_the_import_schema_refuses_a_wording_without_a_kind(app, english_plan):
    from app.exports.json_io import ImportFailed

    exported = json.loads(_export(app, english_plan[0], "json", "en"))
    framing = next(i for i in exported["items"] if i["section"] == "framing")
    framing["data"]["wording"] = {"sector": "Health"}
    with pytest.raises(ImportFailed, match="wording"):
        import_plan(json.dumps(exported), english_plan[0].owner)
