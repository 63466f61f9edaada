"""English and French, with Flask-Babel.

Catalogs: the core's in ``app/translations/`` and each exercise's in its own
``plugins/<key>/translations/``; Flask-Babel merges them. ``.po`` files are the source (in the
repo); ``.mo`` files are compiled from them at install time (``make`` runs
``python -m app.i18n_catalogs --compile``). The server never writes into the code tree, which
may be read-only: when a catalog's ``.mo`` is missing or older than its ``.po`` (a checkout
that skipped ``make``), it is compiled into the instance folder and read from there.

The locale of a request: the participant's own choice on their pages, else the workshop's
default (both set through ``g.locale`` by those pages), else ``?lang=`` (remembered in the
session), else the browser's Accept-Language, else English. Socket handlers run each event
under the connection's locale (:func:`locale_of`).

Browser code gets the translations it needs in the page's boot data (:func:`js_catalog`): every
message whose source location is a ``.js`` file.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import Flask, current_app, g, request, session
from flask_babel import Babel, get_locale, refresh

LANGUAGES = {"en": "English", "fr": "Français"}
DEFAULT = "en"
babel = Babel()


def translation_dirs(app: Flask) -> list[Path]:
    dirs = [Path(app.root_path) / "translations"]
    for exercise in app.extensions["exercises"].values():
        if exercise.root is not None and (exercise.root / "translations").is_dir():
            dirs.append(exercise.root / "translations")
    return dirs


def configure_i18n(app: Flask) -> None:
    dirs = compiled_dirs(app, translation_dirs(app))
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = ";".join(str(d) for d in dirs)
    babel.init_app(app, locale_selector=select_locale)
    app.jinja_env.globals.update(LANGUAGES=LANGUAGES, current_language=current_language,
                                 js_strings=lambda: js_catalog(current_app, current_language()))

    @app.before_request
    def _remember_language_choice():
        # A request shares ``g`` with an app context already pushed around it (tests, scripts):
        # forget the locale an earlier request chose or cached there.
        g.pop("locale", None)
        refresh()
        lang = request.args.get("lang")
        if lang in LANGUAGES:
            session["lang"] = lang


def select_locale() -> str:
    chosen = getattr(g, "locale", None)
    if chosen in LANGUAGES:
        return chosen
    if request:
        lang = request.args.get("lang") or session.get("lang")
        if lang in LANGUAGES:
            return lang
        return request.accept_languages.best_match(list(LANGUAGES)) or DEFAULT
    return DEFAULT


def current_language() -> str:
    locale = get_locale()
    return locale.language if locale is not None and locale.language in LANGUAGES else DEFAULT


def compiled_dirs(app: Flask, dirs: list[Path]) -> list[Path]:
    """The folders Flask-Babel reads: each catalog folder itself when its ``.mo`` files are
    current, else a copy compiled into ``instance/translations/`` (never the code tree)."""
    result = []
    for index, directory in enumerate(dirs):
        if not _stale(directory, directory):
            result.append(directory)
            continue
        target = Path(app.instance_path) / "translations" / f"{index}-{directory.parent.name}"
        compile_catalogs(directory, target)
        result.append(target)
    return result


def _stale(source: Path, target: Path) -> list[Path]:
    """The ``.po`` files under ``source`` whose ``.mo`` under ``target`` is missing or older."""
    stale = []
    for po in source.glob("*/LC_MESSAGES/messages.po"):
        mo = target / po.relative_to(source).with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            stale.append(po)
    return stale


def compile_catalogs(source: Path, target: Path | None = None) -> None:
    """Write ``messages.mo`` for each ``messages.po`` under ``source`` that is newer than it,
    into the same place under ``target`` (default: next to the ``.po``)."""
    target = target or source
    for po in _stale(source, target):
        compile_po(po, target / po.relative_to(source).with_suffix(".mo"))


def compile_po(po: Path, mo: Path) -> None:
    with po.open("rb") as source:
        catalog = read_po(source)
    mo.parent.mkdir(parents=True, exist_ok=True)
    with mo.open("wb") as out:
        write_mo(out, catalog)


def js_catalog(app: Flask, language: str) -> dict:
    """``{msgid: translation}`` (plural messages: ``{msgid: [forms...]}``) for browser code."""
    if language == DEFAULT:
        return {}
    return _js_catalog(tuple(str(d) for d in translation_dirs(app)), language)


@lru_cache(maxsize=8)
def _js_catalog(dirs: tuple, language: str) -> dict:
    strings: dict = {}
    for directory in dirs:
        po = Path(directory) / language / "LC_MESSAGES" / "messages.po"
        if not po.exists():
            continue
        with po.open("rb") as source:
            catalog = read_po(source)
        for message in catalog:
            if not message.id or not any(loc[0].endswith(".js") for loc in message.locations):
                continue
            # pgettext's messages are keyed context + "\x04" + text, as gettext does (i18n.js).
            prefix = f"{message.context}\x04" if message.context else ""
            if message.pluralizable:
                strings[prefix + message.id[0]] = [s for s in message.string if s] or None
            elif message.string:
                strings[prefix + message.id] = message.string
    return {k: v for k, v in strings.items() if v}
