"""Participant-facing French says "vous", community and youth sessions too: a phone addresses a
young person, a parent or a whole family, and the core's strings around the community ones
already say "vous" — one page must not mix the two."""
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from flask_babel import force_locale

ROOT = Path(__file__).resolve().parent.parent
CATALOGS = sorted([ROOT / "app/translations/fr/LC_MESSAGES/messages.po",
                   *ROOT.glob("plugins/*/translations/fr/LC_MESSAGES/messages.po")])
#: Where the community session's own strings come from (locations as the app catalog writes them).
COMMUNITY_SOURCES = ("join/community.py", "templates/join/_community_fields.html", "static/js/pages/join_community.js",
                     "exercises/answers.py", "exercises/participation.py", "static/js/one_question.js")

# "tu" and its pronouns and possessives as whole words: "tout", "statut", "toujours", "a-t-il",
# "retapez-le" are not; "t’" (t’amène) and "-toi" (installe-toi) are.
PRONOUN = re.compile(r"(?<![\w’'])(?:tu|te|toi|ton|ta|tes)(?![\w’'-])|(?<![\w’'-])t[’']|-toi\b", re.IGNORECASE)
# Imperatives said to one person at the start of a sentence ("Lis…", "Choisis…", "Pense…").
IMPERATIVE = re.compile(r"(?:^|[.!?:]\s+)(?:Lis|Dis|Choisis|Écris|Fais|Mets|Prends|Regarde|Pense|Tape|Ajoute|"
                        r"Réponds|Attends|Reviens|Touche|Appuie)\b")


def says_tu(text: str, community: bool = False) -> bool:
    return bool(PRONOUN.search(text) or (community and IMPERATIVE.search(text)))


@pytest.mark.parametrize("text", ["Ton prénom ou un surnom", "s’il te plaît", "Dis-nous comment t’appeler",
                                  "Choisis ce qui t’amène ici.", "Installe-toi.", "Personne ne voit tes réponses",
                                  "Lis chaque partie. Puis dis si elle te va."])
def test_the_check_finds_tu(text):
    assert says_tu(text, community=True)


@pytest.mark.parametrize("text", ["Tout le monde", "Statut : ouvert", "toujours", "Quel groupe garde-t-il ?",
                                  "retapez-le", "Votre prénom", "Dites-nous comment vous appeler", "Attention",
                                  "Note ajoutée", "Tester la liste"])
def test_the_check_spares_words_that_only_look_like_it(text):
    assert not says_tu(text, community=True)


def _translations(path: Path):
    with path.open("rb") as source:
        for message in read_po(source):
            if message.id:
                strings = message.string if isinstance(message.string, (list, tuple)) else [message.string]
                yield message, [s for s in strings if s]


def test_no_french_string_says_tu():
    found = [(path.relative_to(ROOT).parts[1], text) for path in CATALOGS
             for _, strings in _translations(path) for text in strings if says_tu(text)]
    assert not found, found


def test_the_community_strings_say_vous():
    app_catalog = CATALOGS[0]
    texts = [text for message, strings in _translations(app_catalog)
             if any(loc[0] in COMMUNITY_SOURCES for loc in message.locations) for text in strings]
    assert any("prénom ou un surnom" in text for text in texts)  # the set is really the community join's
    found = [text for text in texts if says_tu(text, community=True)]
    assert not found, found


def test_every_plain_prompt_says_vous(app):
    with force_locale("fr"):
        prompts = {f"{key}.{name}": str(words) for key, exercise in app.extensions["exercises"].items()
                   for name, words in (exercise.plain_prompts or {}).items()}
    assert prompts["agreement.intro"].startswith("Lisez")
    found = {name: text for name, text in prompts.items() if says_tu(text, community=True)}
    assert not found, found
