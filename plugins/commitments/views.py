"""What each audience sees of the Commitments ledger, the participant's own part, the plan and
the export rows.

Privacy: the step's hide switch keeps every commitment's words from other participants and the
screen (they see how many there are). In an anonymous workshop the organisation of a
commitment would tell who wrote it, so participants and the screen see the totals per kind and
no organisation; the facilitator sees everything. Nothing that grows with the room is an array:
commitments and organisations are objects keyed by id, each with its ``order``."""
from __future__ import annotations

from flask_babel import gettext, lazy_pgettext
from flask_babel import lazy_gettext as _l

from app.exercises import Column, author_cells, format_day, format_number, plan_item
from app.exercises.contract import Measure
from app.exercises.reporting import contributed, removed_by
from plugins.commitments.ledger import KIND_LABELS, KINDS, NUMERIC, flags, kind_label, org_key, totals

#: The spreadsheets' words for the keys of this exercise's rows and plan items (Exercise.columns);
#: a commitment's kind and the unit of its amount are the ledger's own keys, worded too.
SHEET_COLUMNS = {
    "kind": Column(lazy_pgettext("commitments column", "kind of resource"), dict(KIND_LABELS)),
    "amount": lazy_pgettext("commitments column", "amount"),
    "unit": Column(lazy_pgettext("commitments column", "unit"), {
        "hours/month": lazy_pgettext("commitments column", "hours a month"),
        "people": lazy_pgettext("commitments column", "people"),
    }),
    "until": lazy_pgettext("commitments column", "until"),
    "essential": lazy_pgettext("commitments column", "essential to the work"),
    "confirmed": lazy_pgettext("commitments column", "confirmed by the facilitator"),
    "committing_organisation": lazy_pgettext("commitments column", "committing organisation"),
    "gap": lazy_pgettext("commitments column", "still to be found"),
}


def _in_room(audience) -> set | None:
    """Organisations someone on the roster belongs to (None when this audience gets no names)."""
    if not audience.names:
        return None
    return {org_key(n.get("organisation", "")) for n in audience.names.values() if n.get("organisation")}


def _commitment(c, audience, present) -> dict:
    shown = {key: c[key] for key in ("id", "kind", "description", "amount", "until", "essential", "confirmed",
                                      "order")}
    if audience.sees_authors:
        shown["organisation"] = c["organisation"]
        if present is not None and org_key(c["organisation"]) not in present:
            shown["gone"] = True
    shown["author"] = audience.author(c["author"]) or {}
    return shown


def _kinds(by_kind, needs, audience) -> dict:
    shown = {}
    for order, kind in enumerate(KINDS):
        entry = by_kind[kind]
        need = needs.get(kind)
        row = {"kind": kind, "order": order, "count": entry["count"], "counted": kind in NUMERIC}
        if kind in NUMERIC:
            row.update(total=entry["total"], confirmed=entry["confirmed"], need=need,
                       gap=_gap(need, entry["total"]))
        if audience.sees_authors:
            # Keyed by the organisation (its folded name), with no rank: a new commitment patches
            # one entry, and the page orders them (most first).
            row["orgs"] = entry["orgs"]
        shown[kind] = row
    return shown


def _gap(need, total):
    if need is None:
        return None
    gap = round(need - total, 2)
    return (int(gap) if gap == int(gap) else gap) if gap > 0 else 0


def view(state, audience):
    config = state["config"]
    everything = list(state["commitments"].values())
    base = {"prompt": config.get("prompt", ""), "currency": config.get("currency", ""),
            "total": len(everything), "anonymous": not audience.sees_authors}
    if not audience.sees_hidden:
        return {**base, "commitments": {}, "hidden_count": len(everything), "kinds": {}, "flags": {},
                "organisations": {}}
    present = _in_room(audience)
    by_kind = totals(everything)
    result = {
        **base,
        "hidden_count": 0,
        "commitments": {c["id"]: _commitment(c, audience, present) for c in everything},
        "kinds": _kinds(by_kind, state["needs"], audience),
        "flags": {}, "organisations": {},
    }
    if audience.sees_authors:
        found = flags(by_kind, config.get("overload_hours", 80), config.get("load_share", 60))
        result["flags"] = {f["id"]: {**f, "order": i} for i, f in enumerate(found)}
        result["organisations"] = _organisations(everything, present)
    return result


def _organisations(everything, present) -> dict:
    orgs: dict = {}
    for c in sorted(everything, key=lambda c: c["order"]):
        key = org_key(c["organisation"])
        org = orgs.setdefault(key, {"name": c["organisation"], "count": 0, "confirmed": 0, "amounts": {},
                                    "gone": present is not None and key not in present})
        org["count"] += 1
        org["confirmed"] += 1 if c["confirmed"] else 0
        if c["kind"] in NUMERIC:
            total = org["amounts"].get(c["kind"], 0) + c["amount"]
            org["amounts"][c["kind"]] = round(total, 2)
    return orgs  # keyed by the folded name; the page sorts them by name


def personal(state, audience):
    me = audience.participant_id
    mine = {c["id"]: {key: c[key] for key in ("id", "kind", "description", "amount", "until", "essential",
                                               "confirmed", "organisation", "order")}
            for c in state["commitments"].values() if c["author"]["id"] == me}
    return {"mine": mine}


# -- plan and exports ---------------------------------------------------------------------


def amount_text(kind: str, amount, currency: str = "") -> str:
    """The amount with its unit, in the current language ("40 hours a month", "10 000 €")."""
    if kind == "staff_time":
        return gettext("%(hours)s hours a month", hours=format_number(amount))
    if kind == "funds":
        return gettext("%(amount)s %(currency)s", amount=format_number(amount), currency=currency).strip()
    if kind == "people":
        return gettext("%(count)s people", count=format_number(amount))
    return str(amount or "")


def plan_wording(wording) -> dict:
    """A confirmed commitment's sentence, or a gap's, in the reader's language."""
    kind = wording.get("kind")
    if kind == "commitment":
        what = wording.get("what", "")
        parts = [kind_label(what)]
        amount = amount_text(what, wording.get("amount"), wording.get("currency", "")) \
            if wording.get("amount") not in (None, "") else ""
        if amount:
            parts.append(amount)
        parts.append(gettext("essential") if wording.get("essential") else gettext("nice to have"))
        if wording.get("until"):
            parts.append(gettext("until %(day)s", day=format_day(wording["until"])))
        return {"text": gettext("%(organisation)s brings: %(details)s.",
                                organisation=wording.get("organisation", ""), details=" · ".join(parts))}
    if kind == "gap":
        what = wording.get("what", "")
        return {"title": gettext("Still needed: %(amount)s (%(kind)s)",
                                 amount=amount_text(what, wording.get("gap"), wording.get("currency", "")),
                                 kind=kind_label(what).lower()),
                "text": gettext("Needed %(need)s, committed %(total)s.",
                                need=amount_text(what, wording.get("need"), wording.get("currency", "")),
                                total=amount_text(what, wording.get("total"), wording.get("currency", "")))}
    return {}


def plan_data_words(data) -> dict:
    """The kind of a commitment is the ledger's own key: shown as its label."""
    return {"kind": kind_label(data["kind"])} if data.get("kind") in KINDS else {}


def plan(state, config):
    """Confirmed commitments are actions (section ``actions``: each is something an organisation
    will do for the work, with an owner and maybe an end date, which is what the plan's actions,
    exports and calendar read; ``structure`` and ``agreements`` are about how the partnership is
    run, not who brings what). A gap against a declared need is an open question (``flags``)."""
    currency = state["config"].get("currency", "")
    items = []
    for c in sorted(state["commitments"].values(), key=lambda c: c["order"]):
        if not c["confirmed"]:
            continue
        wording = {"kind": "commitment", "what": c["kind"], "amount": c["amount"], "currency": currency,
                   "organisation": c["organisation"], "until": c["until"], "essential": c["essential"]}
        items.append(plan_item(
            "actions", c["description"], plan_wording(wording)["text"],
            data={"owner": c["organisation"], "due": c["until"], "kind": c["kind"], "amount": c["amount"],
                  "essential": c["essential"], "status": "open"},
            sectors=[c["author"]["sector"]] if c["author"].get("sector") else [], ref=f"commitment:{c['id']}",
            wording=wording))
    by_kind = totals(state["commitments"].values())
    for kind, need in state["needs"].items():
        gap = _gap(need, by_kind[kind]["total"])
        if gap:
            wording = {"kind": "gap", "what": kind, "need": need, "total": by_kind[kind]["total"], "gap": gap,
                       "currency": currency}
            words = plan_wording(wording)
            items.append(plan_item("flags", words["title"], words["text"], data={"gap": gap}, ref=f"gap:{kind}",
                                   wording=wording))
    return items


def contributions(state):
    return [{"kind": c["kind"], "description": c["description"],
             "amount": c["amount"], "unit": _unit(c["kind"], state["config"].get("currency", "")),
             "until": c["until"], "essential": c["essential"], "confirmed": c["confirmed"],
             "committing_organisation": c["organisation"], **author_cells(c["author"])}
            for c in sorted(state["commitments"].values(), key=lambda c: c["order"])]


def _unit(kind, currency) -> str:
    return {"staff_time": "hours/month", "funds": currency, "people": "people"}.get(kind, "")


# -- measures: what a partnership follows from one workshop to the next -------------------------


def measures(state, config) -> list[Measure]:
    """What the ledger holds (every commitment recorded, as the gaps count them): staff hours a
    month, funds, how many organisations commit, and how many declared needs are met or open."""
    everything = list(state["commitments"].values())
    if not everything and not state["needs"]:
        return []
    by_kind = totals(everything)
    gaps = [kind for kind, need in state["needs"].items() if _gap(need, by_kind[kind]["total"])]
    found = [
        Measure("staff_hours", _l("Staff time committed"), by_kind["staff_time"]["total"], unit=_l("h/month")),
        Measure("funds", _l("Funds committed"), by_kind["funds"]["total"],
                unit=state["config"].get("currency", "")),
        Measure("organisations", _l("Organisations committing"), len({org_key(c["organisation"]) for c in everything})),
    ]
    if state["needs"]:
        found += [Measure("needs_met", _l("Needs met"), len(state["needs"]) - len(gaps)),
                  Measure("needs_open", _l("Needs still open"), len(gaps))]
    return found


def reportable(state, item_key):
    """A participant's commitment (issue 23: the room can report one): ``"commitment:<id>"``."""
    return contributed(state, "commitments", "commitment", item_key, text="description")


def removal(state, item_key):
    """A reported commitment is taken off the ledger by withdrawing it (the facilitator may)."""
    return removed_by("withdraw", "commitment_id", state, "commitments", "commitment", item_key)
