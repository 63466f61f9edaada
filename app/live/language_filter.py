"""The offensive-language filter: which words of a contribution are offensive, in English and French.

Matching is done by glin-profanity 4.1.0 (MIT, about 1 MB, pure Python, one dependency already
installed: typing-extensions). It matches whole words only, so place names and ordinary words that
merely contain a bad string pass (Scunthorpe, Penistone, Cockermouth, Clitheroe, Sussex, Essex,
Middlesex, "assistant", "classe", "Conches", Bitche), and it folds leetspeak ("sh1t", "f*ck",
"c0nnard", "m3rde"), accents ("encule" finds "enculé"), repeated letters and separators
("s.h.i.t"). French elisions need nothing more: the apostrophe is a word boundary ("l'enculé").

The words:

* English: the library's own English dictionary, less the words of ``wordlists/allow.txt`` that a
  youth or family workshop must be able to say ("sex", "penis", "butt"...).
* French: ``wordlists/fr.txt``, assembled for this app. The library's French dictionary was not
  used: it lists everyday words (veuve, bosser, baiser, folle, drague) that would flag half a room.
* The operator's own: ``LANGUAGE_FILTER_WORDS`` (app/config.py) names a file of extra words, one a
  line; ``LANGUAGE_FILTER_ALLOW`` a file of words never to flag (a local place name, say).

Speed, measured on the shared 2-core machine under ``nice -n 19`` (``python -m
app.live.language_filter``): 10,000 checks of a 200-character text took 22 s (2.2 ms a check)
when the machine was otherwise quiet, 82-92 s (8-9 ms) while other test runs shared its cores. A
contribution is checked once, when it arrives, so even a busy room's notes cost milliseconds each.
"""
from __future__ import annotations

from pathlib import Path

from flask import current_app

WORDLISTS = Path(__file__).with_name("wordlists")


def read_words(path) -> list[str]:
    """The words of a word list file: one a line, blank lines and ``#`` notes skipped."""
    text = Path(path).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def build(extra_words=(), allowed=()):
    """A matcher for the app's lists plus ``extra_words``, never flagging ``allowed``."""
    from glin_profanity import Filter

    return Filter({
        "languages": ["english"],
        "custom_words": read_words(WORDLISTS / "fr.txt") + list(extra_words),
        "whitelist": read_words(WORDLISTS / "allow.txt") + list(allowed),
        "detect_leetspeak": True,
        "leetspeak_level": "moderate",
        "normalize_unicode": True,
    })


def _matcher():
    """The app's matcher, built once with the operator's lists (read at the first check)."""
    app = current_app._get_current_object()
    matcher = app.extensions.get("language_filter")
    if matcher is None:
        extra = app.config.get("LANGUAGE_FILTER_WORDS")
        allow = app.config.get("LANGUAGE_FILTER_ALLOW")
        matcher = build(read_words(extra) if extra else (), read_words(allow) if allow else ())
        app.extensions["language_filter"] = matcher
    return matcher


def offensive_words(text: str, matcher=None) -> list[str]:
    """The offensive words found in ``text`` (as the lists spell them), none when it is clean."""
    if not isinstance(text, str) or not text.strip():
        return []
    result = (matcher or _matcher()).check_profanity(text)
    return sorted(set(result.get("profane_words") or ())) if result.get("contains_profanity") else []


def flagged_fields(texts: dict, matcher=None) -> dict:
    """For a contribution's text fields (``moderation.text_of``): field -> offensive words found."""
    found = {name: offensive_words(value, matcher) for name, value in texts.items()}
    return {name: words for name, words in found.items() if words}


if __name__ == "__main__":  # the figure in the docstring: python -m app.live.language_filter
    import time

    sample = ("We met near the bus station and talked about what the youth council could change for the "
              "families who live in the new estate: safer crossings, a later last bus, more benches. " * 2)[:200]
    matcher = build()
    started = time.perf_counter()
    for _ in range(10_000):
        offensive_words(sample, matcher)
    print(f"10,000 checks of {len(sample)} characters: {time.perf_counter() - started:.1f} s")
