"""What the board flags, live: gaps, overload and sector balance. Pure functions of the state."""
from __future__ import annotations

from flask_babel import gettext, ngettext

COMMUNITY = "community"


def is_community(sector: str) -> bool:
    """A community organisation is one whose sector mentions "community" (any case)."""
    return COMMUNITY in (sector or "").casefold()


def ordered(items: dict) -> list:
    return sorted(items.values(), key=lambda item: item["order"])


def room_sectors(state: dict) -> set:
    """Sectors of the participants who have acted in this step."""
    return {m["sector"] for m in state["members"].values() if m.get("sector")}


def role_holders(role: dict) -> list:
    return ([role["lead"]] if role["lead"] else []) + list(role["supporting"])


def flags(state: dict, sectors_present) -> list[dict]:
    """Every open flag, in board order: ``{id, kind, target?, organisation?, name?, sector?, ...}``.

    Flags are codes and values, never sentences: everyone sharing a view may read another
    language, so the browser words them (and :func:`flag_text` does for the plan).
    ``sectors_present``: the sectors in the room (those holding no role are flagged).
    """
    return [*_role_flags(state), *_overload_flags(state), *_body_flags(state), *_sector_flags(state, sectors_present)]


def _role_flags(state):
    for role in ordered(state["roles"]):
        if not role["lead"] and not role["supporting"]:
            yield {"id": f"unfilled:{role['id']}", "kind": "unfilled", "target": role["id"], "name": role["name"]}
        elif not role["lead"]:
            yield {"id": f"no_lead:{role['id']}", "kind": "no_lead", "target": role["id"], "name": role["name"]}


def lead_counts(state: dict) -> dict:
    counts: dict = {}
    for role in state["roles"].values():
        if role["lead"]:
            counts[role["lead"]] = counts.get(role["lead"], 0) + 1
    return counts


def _overload_flags(state):
    limit = state["limit"]
    for org_id, count in lead_counts(state).items():
        org = state["organisations"].get(org_id)
        if org is not None and count > limit:
            yield {"id": f"overload:{org_id}", "kind": "overload", "organisation": org_id, "name": org["name"],
                   "count": count, "limit": limit}


def _body_flags(state):
    orgs = state["organisations"]
    for body in ordered(state["bodies"]):
        members = [orgs[o] for o in body["members"] if o in orgs]
        if not members:
            yield {"id": f"empty:{body['id']}", "kind": "empty_body", "target": body["id"], "name": body["name"]}
            continue
        sectors = {m["sector"].casefold() for m in members if m["sector"]}
        if len(sectors) == 1 and all(m["sector"] for m in members):
            yield {"id": f"one_sector:{body['id']}", "kind": "one_sector", "target": body["id"],
                   "name": body["name"], "sector": members[0]["sector"]}
        if not any(is_community(m["sector"]) for m in members):
            yield {"id": f"no_community:{body['id']}", "kind": "no_community", "target": body["id"],
                   "name": body["name"]}


def sectors_without_role(state: dict, sectors_present) -> list[str]:
    """Sectors in the room from which no organisation leads or supports any role."""
    orgs = state["organisations"]
    holding = {orgs[o]["sector"].casefold() for r in state["roles"].values() for o in role_holders(r) if o in orgs}
    seen, missing = set(), []
    for sector in sorted(s for s in sectors_present if s):
        folded = sector.casefold()
        if folded not in holding and folded not in seen:
            seen.add(folded)
            missing.append(sector)
    return missing


def _sector_flags(state, sectors_present):
    for sector in sectors_without_role(state, sectors_present):
        yield {"id": f"no_role:{sector.casefold()}", "kind": "sector_without_role", "sector": sector}


def flag_text(flag: dict) -> str:
    """One flag as a sentence in the current language (for the plan; the browser words its own
    with the same messages)."""
    kind, name, sector = flag["kind"], flag.get("name", ""), flag.get("sector", "")
    if kind == "unfilled":
        return gettext("No organisation has taken on {name} yet.").format(name=name)
    if kind == "no_lead":
        return gettext("{name} has supporting organisations but no lead.").format(name=name)
    if kind == "overload":
        return gettext("{name} leads {count} roles, more than the limit of {limit}.").format(
            name=name, count=flag["count"], limit=flag["limit"])
    if kind == "empty_body":
        return gettext("{name} has no members yet.").format(name=name)
    if kind == "one_sector":
        return gettext("Everyone on {name} comes from one sector: {sector}.").format(name=name, sector=sector)
    if kind == "no_community":
        return gettext("{name} has no community organisation.").format(name=name)
    if "sector" in flag:
        return gettext("No organisation from {sector} holds a role yet.").format(sector=sector)
    count = flag.get("count", 1)
    return ngettext("{n} smaller sector in the room holds no role yet.",
                    "{n} smaller sectors in the room hold no role yet.", count).format(n=count)
