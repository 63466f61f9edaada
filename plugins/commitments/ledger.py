"""The ledger's vocabulary and arithmetic, shared by the forms, the reducer and the views: the
kinds of commitment and their units, reading an amount as a number, the needs lines, totals,
gaps and flags. Pure functions, no state of their own."""
from __future__ import annotations

import re

from flask_babel import gettext
from flask_babel import lazy_gettext as _l

# In-kind help comes first in the list: the most general offer, and the one that needs no number.
KINDS = ("in_kind", "staff_time", "funds", "people", "spaces", "data")
KIND_LABELS = {
    "in_kind": _l("In-kind help"),
    "staff_time": _l("Staff time"),
    "funds": _l("Funds"),
    "people": _l("People"),
    "spaces": _l("Spaces"),
    "data": _l("Data"),
}
#: Kinds whose amount is a number, and the largest amount one commitment may hold: more staff
#: time than 100 full-time posts, more than a billion, more than ten thousand people is a typo.
NUMERIC = {"staff_time": 20_000, "funds": 1_000_000_000, "people": 10_000}
#: Kinds whose amount is a whole number.
WHOLE = frozenset({"people"})
NEEDS_MAX_LINES = len(KINDS)

#: Words a facilitator may write for a kind in the needs lines, in English and French.
ALIASES = {
    "staff_time": ("staff time", "staff", "hours", "temps de travail", "temps", "heures"),
    "funds": ("funds", "funding", "money", "fonds", "financement", "budget", "argent"),
    "people": ("people", "volunteers", "personnes", "bénévoles", "personnel"),
}


class AmountError(ValueError):
    """A wrong amount: a lazy ``template`` with its ``params``, rendered in the reader's language."""

    def __init__(self, template, **params):
        super().__init__(template)
        self.template, self.params = template, params

    def __str__(self) -> str:
        return str(self.template).format(**self.params)


def kind_label(kind: str) -> str:
    return str(KIND_LABELS.get(kind, kind))


def parse_amount(text, kind: str):
    """``text`` read as the amount of a commitment of ``kind``: a number (int when whole) for the
    counted kinds, tidied free text otherwise. Raises :class:`AmountError` for a person.

    Spaces (also no-break ones) group thousands ("1 000"); a comma is a decimal mark ("12,5")
    unless it groups threes in a number with several groups or before a decimal point
    ("1,000,000", "1,000.50"); an amount written "1,000" alone reads one thousand as English
    readers mean it, which is how a French reader rarely writes one."""
    raw = " ".join(str(text or "").split())
    if kind not in NUMERIC:
        if len(raw) > 120:
            raise AmountError(_l("Keep it under {n} characters."), n=120)
        return raw
    if not raw:
        raise AmountError(_l("Write how much, as a number."))
    value = _number(raw)
    if value is None:
        if re.match(r"^\s*[-−]", raw):
            raise AmountError(_l("An amount cannot be negative."))
        raise AmountError(_l("Write the amount as a number only, like 12 or 12,5 (the unit is given)."))
    if value < 0:
        raise AmountError(_l("An amount cannot be negative."))
    if value == 0:
        raise AmountError(_l("An amount must be more than zero."))
    if kind in WHOLE and value != int(value):
        raise AmountError(_l("Count people in whole numbers."))
    top = NUMERIC[kind]
    if value > top:
        raise AmountError(_l("That is more than {max} for one commitment: check the amount."), max=_plain(top))
    value = round(value, 2)
    return int(value) if value == int(value) else value


def _plain(value):
    """``value`` written as the reader's language writes numbers, when the message is read."""
    from flask_babel.speaklater import LazyString

    from app.exercises import format_number

    return LazyString(format_number, value)


def _number(raw: str):
    text = re.sub(r"[\s\u00a0\u202f'’_]", "", raw)
    if not re.fullmatch(r"[0-9.,]+", text) or not re.search(r"[0-9]", text):
        return None
    if "," in text and "." in text:
        decimal = "," if text.rfind(",") > text.rfind(".") else "."
        thousands = "." if decimal == "," else ","
        text = text.replace(thousands, "")
        if text.count(decimal) != 1:
            return None
        text = text.replace(decimal, ".")
    elif "," in text:
        if re.fullmatch(r"[0-9]{1,3}(,[0-9]{3})+", text):
            text = text.replace(",", "")
        elif text.count(",") == 1:
            text = text.replace(",", ".")
        else:
            return None
    elif text.count(".") > 1:
        if not re.fullmatch(r"[0-9]{1,3}(\.[0-9]{3})+", text):
            return None
        text = text.replace(".", "")
    if text.startswith(".") or text.endswith("."):
        return None
    return float(text)


def kind_for(word: str) -> str | None:
    """The kind a facilitator's word names (a key, its label in English or French, an alias)."""
    word = " ".join(word.replace("_", " ").split()).casefold()
    for kind in NUMERIC:
        names = {kind.replace("_", " "), *ALIASES.get(kind, ())}
        if word in names or word == kind_label(kind).casefold():
            return kind
    return None


def parse_needs(text: str) -> dict:
    """The needs lines ("staff time | 40") as ``{kind: amount}``; raises ``ValueError(message)``
    naming the first wrong line."""
    needs: dict = {}
    lines = [line for line in (text or "").splitlines() if line.strip()]
    if len(lines) > NEEDS_MAX_LINES:
        raise ValueError(gettext("Give at most one line for each kind."))
    for number, line in enumerate(lines, start=1):
        word, sep, amount = line.partition("|")
        if not sep:
            raise ValueError(gettext("Line {n}: write a kind, a bar and an amount, like “staff time | 40”.")
                             .format(n=number))
        kind = kind_for(word)
        if kind is None:
            raise ValueError(gettext("Line {n}: “{word}” is not a kind that can be counted "
                                     "(staff time, funds or people).").format(n=number, word=word.strip()))
        if kind in needs:
            raise ValueError(gettext("Line {n}: {kind} is there twice.").format(n=number, kind=kind_label(kind)))
        try:
            needs[kind] = parse_amount(amount, kind)
        except ValueError as exc:
            raise ValueError(gettext("Line {n}: {problem}").format(n=number, problem=str(exc))) from exc
    return needs


def same_org(a: str, b: str) -> bool:
    return " ".join((a or "").split()).casefold() == " ".join((b or "").split()).casefold()


def org_key(name: str) -> str:
    return " ".join((name or "").split()).casefold()


def totals(commitments) -> dict:
    """Per kind: the number of commitments, the total amount (counted kinds), the confirmed
    total, and each organisation's part ``{org key: {"name", "amount", "count"}}``."""
    result = {k: {"count": 0, "total": 0, "confirmed": 0, "essential": 0, "orgs": {}} for k in KINDS}
    for c in commitments:
        entry = result[c["kind"]]
        amount = c["amount"] if c["kind"] in NUMERIC and isinstance(c["amount"], (int, float)) else 0
        entry["count"] += 1
        entry["total"] += amount
        entry["confirmed"] += amount if c["confirmed"] else 0
        entry["essential"] += 1 if c["essential"] else 0
        org = entry["orgs"].setdefault(org_key(c["organisation"]), {"name": c["organisation"], "amount": 0,
                                                                    "count": 0})
        org["amount"] += amount
        org["count"] += 1
    for entry in result.values():
        for key in ("total", "confirmed"):
            entry[key] = _tidy(entry[key])
        for org in entry["orgs"].values():
            org["amount"] = _tidy(org["amount"])
    return result


def _tidy(value):
    value = round(value, 2)
    return int(value) if value == int(value) else value


def flags(by_kind: dict, overload_hours: int, load_share: int) -> list[dict]:
    """Over-committed organisations (staff time over ``overload_hours`` a month) and
    organisations carrying more than ``load_share`` % of a counted kind's total (with at least
    two commitments in that kind, so a first offer is not flagged at once)."""
    found = []
    for org in by_kind["staff_time"]["orgs"].values():
        if org["amount"] > overload_hours:
            found.append({"id": f"over:{org_key(org['name'])}", "kind": "overload", "organisation": org["name"],
                          "amount": org["amount"], "limit": overload_hours})
    for kind in NUMERIC:
        entry = by_kind[kind]
        if entry["count"] < 2 or not entry["total"]:
            continue
        for org in entry["orgs"].values():
            share = round(100 * org["amount"] / entry["total"])
            if share > load_share:
                found.append({"id": f"share:{kind}:{org_key(org['name'])}", "kind": "share",
                              "organisation": org["name"], "of": kind, "share": share, "limit": load_share})
    return found
