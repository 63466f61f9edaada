"""The partnership agreement as a document to hand to partners' legal or governance people:
the parties, numbered clauses, what is left for future negotiation, a signature block per
organisation and the decision log as an annex.

Built from the plan document (:func:`app.exports.model.plan_document`), so it holds only what
is in the plan: the promoted items of the ``agreements`` section — clauses from the agreement
exercise (they carry ``heading``, ``versions`` and ``organisations`` in their data) and
commitments a facilitator wrote per partner (``partner``). Words for the exercise's own keys
(answers, outcomes) come from its ``columns`` (:mod:`app.exports.columns`), so the document reads
in the reader's language while the people's text stays as written.
"""
from __future__ import annotations

from flask import current_app
from flask_babel import gettext as _

from app.exports import columns

#: An outcome that leaves a clause out of the agreed text, for a later round.
FUTURE = "future"
#: The outcomes that settle a clause; any other clause in the document is marked as a draft.
SETTLED = frozenset({"agreed", "agreed_reservations"})


def _exercise(item):
    key = (item.get("provenance") or {}).get("exercise")
    return current_app.extensions["exercises"].get(key) if key else None


def _is_clause(item) -> bool:
    return "heading" in item["data"] and "versions" in item["data"]


def _log_entry(item) -> dict:
    """A clause's history: each version with the organisations' positions and the reservations."""
    exercise, data = _exercise(item), item["data"]
    versions = []
    for version in data.get("versions") or []:
        positions = [{"organisation": org, "answer": columns.value(exercise, "answer", p.get("answer")) or "",
                      "reason": p.get("reason") or "", "at": p.get("at") or "", "left": bool(p.get("left"))}
                     for org, p in sorted((version.get("organisations") or {}).items())]
        reservations = [r.get("reason") or "" for r in (version.get("reservations") or {}).values()]
        versions.append({"number": version.get("number"), "text": version.get("text") or "",
                         "answers": version.get("answers", 0), "positions": positions,
                         "reservations": [r for r in reservations if r],
                         "outcome": columns.value(exercise, "outcome", version.get("outcome")) or ""})
    return {"heading": data.get("heading") or item["title"], "versions": versions,
            "outcome": columns.value(exercise, "outcome", data.get("outcome")) or _("Not decided yet"),
            "outcome_at": data.get("outcome_at") or ""}


def agreement_document(doc: dict) -> dict:
    """``{"partnership", "parties", "clauses", "future", "log", "generated_at", "empty"}``."""
    items = next((s["items"] for s in doc["sections"] if s["key"] == "agreements"), [])
    parties = list(doc["partnership"]["organisations"])
    clauses, future, log = [], [], []
    for item in items:
        data = item["data"]
        if "outcomes" in data:  # the exercise's decision-log summary: the annex says it in full
            continue
        if _is_clause(item):
            entry = {"heading": data.get("heading") or item["title"], "text": data.get("text") or item["text"],
                     "partner": "", "draft": data.get("outcome") not in SETTLED}
            (future if data.get("outcome") == FUTURE else clauses).append(entry)
            log.append(_log_entry(item))
            parties += [org for version in data.get("versions") or [] for org in version.get("organisations") or {}]
        else:
            partner = str(data.get("partner") or "")
            clauses.append({"heading": item["title"], "text": item["text"], "partner": partner, "draft": False})
            parties.append(partner)
    seen, unique = set(), []
    for name in parties:
        key = " ".join(str(name).split()).casefold()
        if key and key not in seen:
            seen.add(key)
            unique.append(str(name).strip())
    for number, clause in enumerate(clauses, start=1):
        clause["number"] = number
    return {"partnership": doc["partnership"], "generated_at": doc["generated_at"], "parties": unique,
            "clauses": clauses, "future": future, "log": log, "empty": not (clauses or future)}


def signature_lines() -> list[str]:
    """What each party's signature block asks for, in the current language."""
    return [_("Name"), _("Role"), _("Signature"), _("Date")]
