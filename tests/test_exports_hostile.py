"""Issues 17 and 24: no user text breaks an export or turns into Markdown structure.

A hostile corpus (every C0 control character XML refuses, a lone surrogate, Markdown links and
images, HTML, formulas) is put where participants' and imported text lands: a note, a
participant's name and sector, plan items of every kind, check-in dates. Every format of the
plan and of the workshop must answer 200 and be read back by a real reader.
"""
from __future__ import annotations

import copy
import io
import json
import re
import zipfile

import pytest
from docx import Document
from icalendar import Calendar
from openpyxl import load_workbook

from app.exports import PLAN_FORMATS, WORKSHOP_FORMATS, clean
from app.extensions import db
from app.models import Participant, PlanItem
from app.plan import curate
from tests.factories import create_facilitator, create_partnership, login
from tests.plan_helpers import curated_plan
from tests.test_exports import pdf_text

CONTROLS = "".join(chr(c) for c in [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20)])
LINK, IMAGE = "[x](http://evil.example/a)", "![p](http://evil.example/p.png)"
# (A lone surrogate can't be stored at all — UTF-8 columns refuse it — so only clean.text meets it.)
HOSTILE = [f"ctl{CONTROLS}end", LINK, IMAGE, "<script>alert(1)</script>",
           "=HYPERLINK(\"http://evil.example\")", "# heading\n- list\n> quote\n1. one", "&lt;b&gt; `code` *em*",
           "\u202eRTL override", "emoji 🙂 and \r\n line"]
NOTE = " | ".join(HOSTILE)


@pytest.fixture
def hostile(app):
    facilitator = create_facilitator()
    partnership = create_partnership(facilitator, name=f"Plan {IMAGE}")
    workshop = curated_plan(partnership, facilitator)
    step = workshop.steps[0]
    state = copy.deepcopy(step.state)
    note = next(iter(state["notes"].values()))
    note["text"] = NOTE
    note["author"] = {**note["author"], "name": f"Name{CONTROLS}", "sector": f"Sector{CONTROLS}"}
    step.state = state
    db.session.query(Participant).filter_by(workshop_id=workshop.id).first().name = f"Pat{CONTROLS}"
    for item in db.session.query(PlanItem).filter_by(partnership_id=partnership.id):
        item.text, item.edited = NOTE, True  # a facilitator's words: shown (and exported) as written
        if item.section == "checkins":
            item.data = {"cadence": LINK, "dates": ["2027-01-15", LINK, IMAGE]}
        if item.section == "actions":
            item.data = {"owner": IMAGE, "due": LINK, "status": CONTROLS}
    curate.add(partnership, "risks", NOTE, NOTE, {"mitigation": NOTE}, None)
    db.session.commit()
    assert CONTROLS in step.state["notes"][note["id"]]["text"]  # precondition: the text is stored
    return partnership, workshop


def _readable(fmt: str, content: bytes) -> str:
    if fmt == "docx":
        document = Document(io.BytesIO(content))
        return "\n".join([p.text for p in document.paragraphs]
                         + [c.text for t in document.tables for r in t.rows for c in r.cells])
    if fmt == "xlsx":
        workbook = load_workbook(io.BytesIO(content))
        return "\n".join(str(v) for ws in workbook for row in ws.iter_rows(values_only=True) for v in row if v)
    if fmt == "csv" and content[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return "\n".join(archive.read(n).decode("utf-8-sig") for n in archive.namelist())
    if fmt == "ics":
        Calendar.from_ical(content)
    if fmt == "json":
        json.loads(content)
    if fmt == "pdf":
        return pdf_text(content)
    return content.decode("utf-8-sig")


@pytest.mark.parametrize("fmt", sorted(PLAN_FORMATS))
def test_every_plan_format_survives_hostile_text(client, hostile, fmt):
    login(client)
    response = client.get(f"/partnerships/{hostile[0].id}/plan/export.{fmt}")
    assert response.status_code == 200
    text = _readable(fmt, response.data)
    assert_clean(fmt, text)
    if fmt in ("docx", "xlsx", "csv", "json", "pdf"):
        assert "ctlend" in text  # the note is there, without its control characters


@pytest.mark.parametrize("fmt", sorted(WORKSHOP_FORMATS))
def test_every_workshop_format_survives_hostile_text(client, hostile, fmt):
    login(client)
    response = client.get(f"/workshops/{hostile[1].id}/export/{fmt}")
    assert response.status_code == 200
    text = _readable("html" if fmt == "summary" else fmt, response.data)
    assert_clean(fmt, text)
    assert "ctlend" in text


def assert_clean(fmt: str, text: str) -> None:
    """No control character reached the document. In a PDF, pypdf reads a glyph the embedded
    font lacks (an emoji, U+202E) as "\x00"; there the proof is that "ctl" and "end" touch."""
    if fmt == "pdf":
        assert "ctlend" in text
    else:
        assert not clean.CONTROL.search(text)


def test_the_plan_pages_survive_hostile_text(client, hostile):
    login(client)
    partnership = hostile[0]
    for url in (f"/partnerships/{partnership.id}/plan", f"/partnerships/{partnership.id}/plan/print",
                f"/partnerships/{partnership.id}/plan/history"):
        assert client.get(url).status_code == 200, url


def test_markdown_escapes_user_text_everywhere(client, hostile):
    login(client)
    text = client.get(f"/partnerships/{hostile[0].id}/plan/export.md").get_data(as_text=True)
    assert "evil.example" in text  # precondition: the hostile text is in the export
    # No link, image, autolink or raw HTML survives: every bracket and angle is escaped.
    body = re.sub(r"(?m)^> ", "", text)  # the purpose's own quote marker
    assert not re.search(r"(?<!\\)[\[\]<>&`]", body)
    assert "http://" not in text  # nor a bare URL a GitHub-flavoured renderer would link
    for line in text.splitlines():  # user text never starts a heading or a list of its own
        assert not line.startswith(("# heading", "- list", "> quote", "1. one"))


def test_clean_keeps_tabs_and_line_breaks_and_marks_lone_surrogates():
    assert clean.text("a\tb\nc\r\nd\x00\x1f") == "a\tb\nc\r\nd"
    assert clean.text("x\ud800y") == "x\ufffdy"
    assert clean.document({"k\x01": ["v\x02", 3, None]}) == {"k": ["v", 3, None]}


def test_markdown_escapes_a_block_mark_itself_and_leaves_numbers_as_they_are():
    from app.exports.markdown import _escape

    assert [_escape(t) for t in ("1. one", "2) two", "- list", "+ plus", "===", "> quote")] == \
        ["1\\. one", "2\\) two", "\\- list", "\\+ plus", "\\===", "\\> quote"]
    # A figure starts no block: "\2.33" would show its backslash in every renderer.
    assert [_escape(t) for t in ("2.33", "+2", "-5", "12-3")] == ["2.33", "+2", "-5", "12-3"]
