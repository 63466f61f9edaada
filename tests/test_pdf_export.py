"""PDF exports (reportlab): the print layout read back with pypdf, page numbers, French text,
no fetching, and a clear message instead of a 500 when the renderer cannot run."""
from __future__ import annotations

import dataclasses
import http.server
import io
import threading

import pytest
from flask_babel import force_locale
from pypdf import PdfReader

from app.exports import PLAN_FORMATS, WORKSHOP_FORMATS, export_plan, export_workshop
from app.extensions import db
from app.plan import curate
from tests.factories import create_facilitator, create_partnership, login
from tests.plan_helpers import curated_plan


@pytest.fixture
def facilitator(app):
    return create_facilitator()


@pytest.fixture
def plan(facilitator):
    partnership = create_partnership(facilitator)
    workshop = curated_plan(partnership, facilitator)
    return partnership, workshop


def pages(content: bytes) -> list[str]:
    assert content.startswith(b"%PDF")
    return [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]


def test_plan_pdf_has_heading_sections_and_an_actions_table_with_owner_and_due(plan):
    content, mimetype, filename = export_plan(plan[0], "pdf")
    assert mimetype == "application/pdf" and filename == "healthy-futures-plan.pdf"
    text = "\n".join(pages(content))
    assert "Partnership plan · draft" in text and "Healthy Futures" in text
    assert "Action Owner Due Status" in " ".join(text.split())
    # The due day and the status as a reader reads them, never the key "open".
    assert "Draft the data-sharing agreement Homes Trust January 31, 2027 Not started" in " ".join(text.split())
    assert "Backbone organisation City Clinic North School" in " ".join(text.split())
    assert "every six weeks · January 15, 2027, February 26, 2027" in " ".join(text.split())
    assert PdfReader(io.BytesIO(content)).metadata.title == "Healthy Futures: partnership plan"


def test_every_page_is_numbered_and_the_font_is_embedded(plan, facilitator):
    partnership = plan[0]
    for n in range(60):
        curate.add(partnership, "actions", f"Follow-up action number {n}", "", {"owner": f"Owner {n}",
                                                                               "due": "2027-03-01"}, facilitator)
    db.session.commit()
    content = export_plan(partnership, "pdf")[0]
    texts = pages(content)
    assert len(texts) >= 2
    for number, text in enumerate(texts, start=1):
        assert f"Page {number} of {len(texts)}" in text
    fonts = {str(font["/BaseFont"]) for page in PdfReader(io.BytesIO(content)).pages
             for font in page["/Resources"]["/Font"].values()}
    # Only subsets of the bundled Vera, embedded ("ABCDEF+" prefix): no font the reader must have.
    assert fonts and all("+BitstreamVeraSans" in name for name in fonts), fonts


def test_french_text_and_french_headings_print_as_written(facilitator):
    partnership = create_partnership(facilitator, name="Santé des élèves", purpose="Œuvrer ensemble à l'école, déjà")
    curate.add(partnership, "actions", "Réunir le comité", "", {"owner": "Maïté", "due": "2027-02-01"}, facilitator)
    db.session.commit()
    with force_locale("fr"):
        text = "\n".join(pages(export_plan(partnership, "pdf")[0]))
    assert "Santé des élèves" in text and "Œuvrer ensemble à l'école, déjà" in text and "Maïté" in text
    assert "Page 1 sur 1" in text


def test_workshop_summary_pdf(plan, client):
    workshop = plan[1]
    content, mimetype, filename = export_workshop(workshop, "pdf")
    assert mimetype == "application/pdf" and filename == "kick-off-summary.pdf"
    text = "\n".join(pages(content))
    for words in ("Healthy Futures · workshop summary", "Kick-off", "3 participants", "Agenda",
                  "What it gave the plan", "Shared referral form", "Page 1 of 1"):
        assert words in text
    login(client)
    response = client.get(f"/workshops/{workshop.id}/export/pdf")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    assert f"/workshops/{workshop.id}/export/pdf" in client.get(f"/workshops/{workshop.id}").get_data(as_text=True)


@pytest.fixture
def web_server():
    """A local HTTP server that counts the requests it gets."""
    hits = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            hits.append(self.path)
            self.send_response(404)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", hits
    server.shutdown()
    server.server_close()


def test_markup_in_user_text_is_printed_not_fetched(facilitator, web_server):
    base, hits = web_server
    partnership = create_partnership(facilitator)
    markup = f'<img src="{base}/tracker.png" width="10" height="10"/> <a href="{base}/x">link</a> & <b>bold'
    curate.add(partnership, "actions", markup, markup, {"owner": markup, "due": ""}, facilitator)
    db.session.commit()
    # Precondition: the text that would fetch if it were markup reached the document.
    text = " ".join("\n".join(pages(export_plan(partnership, "pdf")[0])).split())
    assert f'<img src="{base}/tracker.png"' in text and "<b>bold" in text
    assert hits == []


def failing(fmt_table: dict, fmt: str):
    def render(doc):
        raise OSError("cannot load library 'libpango-1.0-0'")

    return dataclasses.replace(fmt_table[fmt], render=render)


def test_a_pdf_that_cannot_be_made_is_a_clear_page_not_a_500(plan, client, monkeypatch):
    monkeypatch.setitem(PLAN_FORMATS, "pdf", failing(PLAN_FORMATS, "pdf"))
    monkeypatch.setitem(WORKSHOP_FORMATS, "pdf", failing(WORKSHOP_FORMATS, "pdf"))
    login(client)
    for url in (f"/partnerships/{plan[0].id}/plan/export.pdf", f"/workshops/{plan[1].id}/export/pdf"):
        response = client.get(url)
        page = response.get_data(as_text=True)
        assert response.status_code == 503, url
        assert "data-export-error" in page and "could not be made. The other formats still work" in page
        assert "libpango" not in page  # the details go to the log, not to the facilitator
    assert client.get(f"/partnerships/{plan[0].id}/plan/export.md").status_code == 200


def test_the_cli_says_the_pdf_cannot_be_made_without_a_traceback(plan, runner, monkeypatch, tmp_path):
    monkeypatch.setitem(PLAN_FORMATS, "pdf", failing(PLAN_FORMATS, "pdf"))
    result = runner.invoke(args=["export-plan", str(plan[0].id), "--format", "pdf",
                                 "--output", str(tmp_path / "plan.pdf")])
    assert result.exit_code == 1
    assert "could not be made" in result.output and "OSError: cannot load library 'libpango-1.0-0'" in result.output
    assert "Traceback" not in result.output and not (tmp_path / "plan.pdf").exists()
