"""English and French: every catalog (core and each exercise) is up to date with the code and
translated in full; every template's visible text is marked for translation; pages render in
French."""
import re

import pytest
from babel.messages.pofile import read_po

from app.i18n_catalogs import ROOT, TARGET_LANGUAGES, extract, sources

CATALOGS = sources()
IDS = [str(target.relative_to(ROOT)) for _, target in CATALOGS]


def _key(message_id):
    return message_id[0] if isinstance(message_id, tuple) else message_id


@pytest.mark.parametrize(("folder", "target"), CATALOGS, ids=IDS)
@pytest.mark.parametrize("language", TARGET_LANGUAGES)
def test_catalog_is_current_and_complete(folder, target, language):
    extracted = {_key(m.id) for m in extract(folder) if m.id}
    po = target / language / "LC_MESSAGES" / "messages.po"
    assert po.exists() or not extracted, f"{po} is missing: run `make translations`"
    if not extracted:
        return
    with po.open("rb") as source:
        catalog = read_po(source, locale=language)
    messages = {_key(m.id): m for m in catalog if m.id}
    missing = sorted(extracted - set(messages))
    assert not missing, f"not in {po} (run `make translations`): {missing[:10]}"
    untranslated = [k for k, m in messages.items() if k in extracted and (
        not m.string or (isinstance(m.string, tuple) and not all(m.string)) or m.fuzzy)]
    assert not untranslated, f"untranslated or fuzzy in {po}: {untranslated[:10]}"
    for key, message in messages.items():
        placeholders = set(re.findall(r"\{\w+\}|%\(\w+\)s", key))
        for text in message.string if isinstance(message.string, tuple) else [message.string]:
            assert placeholders <= set(re.findall(r"\{\w+\}|%\(\w+\)s", text)), f"placeholder lost in {key!r}"


TEMPLATE_DIRS = [ROOT / "app"] + [folder for folder, _ in CATALOGS[1:]]
TEMPLATES = sorted(p for d in TEMPLATE_DIRS for p in d.glob("**/templates/**/*.html"))
# Text that is the same in every language.
ALLOWED = {"Common Ground", "English", "Français"}


def visible_text(source: str) -> list[str]:
    """Text a person would read in a template, outside Jinja tags and HTML markup."""
    source = re.sub(r"\{#.*?#\}", " ", source, flags=re.S)
    source = re.sub(r"\{%.*?%\}|\{\{.*?\}\}", " ", source, flags=re.S)
    source = re.sub(r"<(script|style)\b.*?</\1>", " ", source, flags=re.S)
    source = re.sub(r"<[^>]*>", "\n", source, flags=re.S)
    chunks = [re.sub(r"\s+", " ", c).strip() for c in source.split("\n")]
    return [c for c in chunks if re.search(r"[A-Za-z]{2}", c) and c not in ALLOWED]


@pytest.mark.parametrize("template", TEMPLATES, ids=[str(t.relative_to(ROOT)) for t in TEMPLATES])
def test_template_text_is_marked_for_translation(template):
    assert visible_text(template.read_text()) == []


def test_pages_render_in_french(client):
    page = client.get("/login?lang=fr")
    assert page.status_code == 200
    assert 'lang="fr"' in page.get_data(as_text=True)
    english = client.get("/login?lang=en").get_data(as_text=True)
    assert page.get_data(as_text=True) != english


def test_the_same_english_word_keeps_each_meaning_in_french(app):
    """Catalogs are merged, so an exercise's "Lead" (a role board position) would replace the
    core's (a plan table heading) unless it carries its own message context (pgettext)."""
    from flask_babel import force_locale, gettext, pgettext

    from app.i18n import js_catalog

    with app.test_request_context(), force_locale("fr"):
        assert gettext("Lead") == "Pilote" and pgettext("role_board", "Lead") == "Chef de file"
        assert gettext("Closed") == "Close" and pgettext("policy_window", "Closed") == "Fermée"
    strings = js_catalog(app, "fr")
    assert strings["ideas\x04+{n} merged"] != strings["alignment_mapper\x04+{n} merged"]
    assert strings["Remove"] == "Retirer" and strings["role_board\x04Remove"] == "Supprimer"


@pytest.mark.parametrize("language", TARGET_LANGUAGES)
def test_no_two_catalogs_translate_one_message_differently(language):
    """Catalogs are merged app-wide, so the same message (same context) translated two ways in
    two catalogs shows one of them everywhere: the role board's "Roles without a lead" replaced the
    partnership home's. A different meaning needs its own context (pgettext)."""
    seen: dict = {}
    clashes = []
    for _, target in CATALOGS:
        po = target / language / "LC_MESSAGES" / "messages.po"
        if not po.exists():
            continue
        with po.open("rb") as source:
            for message in read_po(source, locale=language):
                if not message.id or not message.string:
                    continue
                key = (message.context, message.id if isinstance(message.id, str) else tuple(message.id))
                where = str(po.relative_to(ROOT))
                if key in seen and seen[key][0] != message.string:
                    clashes.append((key, seen[key], (message.string, where)))
                seen.setdefault(key, (message.string, where))
    assert clashes == []
