"""``python -m app.i18n_catalogs``: extract the messages of the core and of each exercise and
merge them into ``translations/<lang>/LC_MESSAGES/messages.po`` (creating it if needed).

``python -m app.i18n_catalogs --compile [PO ...]``: compile ``.mo`` files next to the given
``.po`` files (default: every catalog whose ``.mo`` is missing or older). ``make`` runs it at
install time, so the server never has to write into the code tree.

Each catalog covers its own folder: the core's is ``app/translations`` (from ``app/``), an
exercise's is ``plugins/<key>/translations`` (from ``plugins/<key>/``).
"""
from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
TARGET_LANGUAGES = ("fr",)
KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None, "lazy_ngettext": (1, 2), "_n": (1, 2),
            "lazy_pgettext": ((1, "c"), 2)}
METHODS = [
    ("**/translations/**", "ignore"),
    ("**.py", "python"),
    ("**/templates/**.html", "jinja2"),
    ("**/static/**.js", "javascript"),
]


def sources() -> list[tuple[Path, Path]]:
    """(source folder, translations folder) for the core and every plugin package."""
    pairs = [(ROOT / "app", ROOT / "app" / "translations")]
    for plugin in sorted((ROOT / "plugins").iterdir()):
        if (plugin / "__init__.py").exists():
            pairs.append((plugin, plugin / "translations"))
    return pairs


def extract(folder: Path) -> Catalog:
    catalog = Catalog(project="Common Ground", charset="utf-8")
    for filename, lineno, message, comments, context in extract_from_dir(
        str(folder), METHODS, keywords=KEYWORDS, comment_tags=("Translators:",), strip_comment_tags=True
    ):
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return catalog


def merge(folder: Path, target: Path) -> int:
    template = extract(folder)
    updated = 0
    for language in TARGET_LANGUAGES:
        po = target / language / "LC_MESSAGES" / "messages.po"
        po.parent.mkdir(parents=True, exist_ok=True)
        if po.exists():
            with po.open("rb") as source:
                catalog = read_po(source, locale=language)
        else:
            catalog = Catalog(locale=language, project="Common Ground", charset="utf-8")
        catalog.update(template, no_fuzzy_matching=True)
        catalog.obsolete.clear()
        with po.open("wb") as out:
            write_po(out, catalog, width=100, sort_output=False, include_previous=False)
        updated += sum(1 for m in catalog if m.id and not m.string or (isinstance(m.string, tuple)
                                                                        and not all(m.string)))
    return updated


def compile_all(po_files: list[str]) -> int:
    from app.i18n import compile_catalogs, compile_po

    if po_files:
        for po in map(Path, po_files):
            compile_po(po, po.with_suffix(".mo"))
    else:
        for _folder, target in sources():
            compile_catalogs(target)
    return 0


def main(argv: list[str]) -> int:
    if argv[:1] == ["--compile"]:
        return compile_all(argv[1:])
    for folder, target in sources():
        missing = merge(folder, target)
        print(f"{target.relative_to(ROOT)}: {missing} message(s) still to translate")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
