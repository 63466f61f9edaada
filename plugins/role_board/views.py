"""What each audience sees of the Role assignment board, and what goes into the plan and exports."""
from __future__ import annotations

from flask_babel import gettext, lazy_pgettext
from flask_babel import lazy_gettext as _l

from app.exercises import Column, author_cells, plan_item
from app.exercises.contract import Measure
from plugins.role_board.board import flag_text, flags, lead_counts, ordered, role_holders, room_sectors
from plugins.role_board.reducer import MAX_NOMINATIONS_EACH, holds

#: The spreadsheets' words for the keys of this exercise's rows and plan items (Exercise.columns).
SHEET_COLUMNS = {
    "type": Column(lazy_pgettext("role_board column", "type"), {
        "volunteer": lazy_pgettext("role_board column", "volunteered"),
        "nomination": lazy_pgettext("role_board column", "nomination"),
        "confirmed lead": lazy_pgettext("role_board column", "confirmed lead"),
        "confirmed supporting": lazy_pgettext("role_board column", "confirmed in support"),
        "confirmed member": lazy_pgettext("role_board column", "confirmed member")}),
    "role_or_group": lazy_pgettext("role_board column", "role or group"),
    "nominee": lazy_pgettext("role_board column", "organisation put forward"),
    "nominee_sector": lazy_pgettext("role_board column", "its sector"),
    "reason": lazy_pgettext("role_board column", "reason"),
    "seconds": lazy_pgettext("role_board column", "seconds"),
    "body": lazy_pgettext("role_board column", "group"),
    "members": lazy_pgettext("role_board column", "members"),
}


def hides_nominations(state: dict, audience) -> bool:
    """Nominations are private for this audience while the step is hidden (the core's switch,
    which the config's "hide_nominations" turns on when the step starts)."""
    return not audience.sees_hidden


def _target_kind(state, target_id):
    return "role" if target_id in state["roles"] else "body"


def _nomination_view(state, nomination, audience) -> dict:
    target = state["roles"].get(nomination["target"]) or state["bodies"].get(nomination["target"]) or {}
    shown = {
        "id": nomination["id"],
        "target": nomination["target"],
        "organisation": nomination["organisation"],
        "reason": nomination["reason"],
        "seconds": len(nomination["seconds"]),
        "held": holds(_target_kind(state, nomination["target"]), target, nomination["organisation"]) if target else "",
        "order": nomination["order"],
        "author": audience.author(nomination["author"]) or {},
    }
    if audience.sees_authors:
        # "Volunteered" tells which organisation the author is from, so it is not shown anonymously.
        shown["kind"] = nomination["kind"]
        shown["seconded_by"] = [audience.author(a) for a in nomination["seconds"].values()]
    return shown


def _organisations(state, audience, referenced) -> dict:
    leads = lead_counts(state)
    shown = {}
    for org in state["organisations"].values():
        # Anonymously, an organisation learned from a participant could point at who nominated:
        # show it only once it is on the board in its own right.
        if not audience.sees_authors and org["source"] == "participant" and org["id"] not in referenced:
            continue
        shown[org["id"]] = {"id": org["id"], "name": org["name"], "sector": org["sector"],
                            "order": org["order"], "leads": leads.get(org["id"], 0)}
    return shown


def _flags(state, audience) -> dict:
    present = room_sectors(state) | {s for s, n in audience.sector_sizes.items() if s and n}
    shown, folded = {}, 0
    for flag in flags(state, present):
        if flag["kind"] == "sector_without_role" and not audience.sector_visible(flag["sector"]):
            folded += 1
            continue
        shown[flag["id"]] = {**flag, "order": len(shown)}
    if folded:
        # Sectors too small to name, counted together: no "sector", a "count" instead.
        shown["no_role:other"] = {"id": "no_role:other", "kind": "sector_without_role", "count": folded,
                                  "order": len(shown)}
    return shown


def view(state: dict, audience) -> dict:
    private = hides_nominations(state, audience)
    per_target: dict = {}
    for nomination in state["nominations"].values():
        per_target[nomination["target"]] = per_target.get(nomination["target"], 0) + 1
    nominations = {} if private else {
        n["id"]: _nomination_view(state, n, audience) for n in state["nominations"].values()
    }
    referenced = {o for r in state["roles"].values() for o in role_holders(r)}
    referenced |= {o for b in state["bodies"].values() for o in b["members"]}
    referenced |= {n["organisation"] for n in nominations.values()}
    return {
        "roles": {r["id"]: {**_public(r, ("id", "name", "description", "responsibilities", "lead", "order")),
                            "supporting": list(r["supporting"]), "nominations": per_target.get(r["id"], 0)}
                  for r in state["roles"].values()},
        "bodies": {b["id"]: {**_public(b, ("id", "name", "description", "order")),
                             "members": list(b["members"]), "nominations": per_target.get(b["id"], 0)}
                   for b in state["bodies"].values()},
        "organisations": _organisations(state, audience, referenced),
        "nominations": nominations,
        "nominations_private": private,
        "nomination_count": len(state["nominations"]),
        "hide_nominations": bool(state["config"].get("hide_nominations")),
        "revealed": not audience.hidden,
        "limit": state["limit"],
        "flags": _flags(state, audience),
    }


def _public(item: dict, keys) -> dict:
    return {key: item[key] for key in keys}


def personal(state: dict, audience) -> dict:
    me = audience.participant_id
    member = state["members"].get(me) or {}
    orgs = state["organisations"]
    mine = {
        n["id"]: {"id": n["id"], "target": n["target"], "organisation": n["organisation"],
                  "organisation_name": orgs.get(n["organisation"], {}).get("name", ""),
                  "kind": n["kind"], "reason": n["reason"], "seconds": len(n["seconds"])}
        for n in state["nominations"].values() if n["author"]["id"] == me
    }
    seconded = sorted(n["id"] for n in state["nominations"].values() if me in n["seconds"])
    return {"organisation": member.get("organisation", ""), "mine": mine, "seconded": seconded,
            "nominations_left": max(0, MAX_NOMINATIONS_EACH - len(mine))}


# -- plan and exports ---------------------------------------------------------------------


def _names(state, org_ids) -> list[str]:
    return [state["organisations"][o]["name"] for o in org_ids if o in state["organisations"]]


def _sectors(state, org_ids) -> list[str]:
    return [state["organisations"][o]["sector"] for o in org_ids
            if o in state["organisations"] and state["organisations"][o]["sector"]]


def _role_item(state, role) -> dict:
    lead = _names(state, [role["lead"]] if role["lead"] else [])
    supporting = _names(state, role["supporting"])
    wording = {"kind": "role", "lead": lead[0] if lead else "", "supporting": supporting,
               "responsibilities": role["responsibilities"]}
    data = {"role": role["name"], "lead": lead[0] if lead else "", "supporting": supporting,
            "responsibilities": role["responsibilities"], "description": role["description"]}
    return plan_item("roles", role["name"], plan_wording(wording)["text"], data=data,
                     sectors=_sectors(state, role_holders(role)), ref=f"role:{role['id']}", wording=wording)


def _body_item(state, body) -> dict:
    members = _names(state, body["members"])
    wording = {"kind": "body", "members": members}
    data = {"body": body["name"], "members": members, "description": body["description"]}
    return plan_item("structure", body["name"], plan_wording(wording)["text"], data=data,
                     sectors=_sectors(state, body["members"]), ref=f"body:{body['id']}", wording=wording)


def plan(state: dict, config) -> list[dict]:
    items = [_role_item(state, role) for role in ordered(state["roles"])]
    items += [_body_item(state, body) for body in ordered(state["bodies"])]
    for flag in flags(state, room_sectors(state)):
        wording = {"kind": "flag", "flag": flag}
        items.append(plan_item("flags", flag_text(flag), data={"kind": flag["kind"]},
                               sectors=[flag["sector"]] if flag.get("sector") else [], ref=f"flag:{flag['id']}",
                               wording=wording))
    return items


def plan_data_words(data) -> dict:
    """A flag's kind is for code only: its title says which flag it is."""
    return {"kind": None} if "kind" in data else {}


def plan_wording(wording) -> dict:
    """A plan item's words in the current language (the core asks for them for every reader)."""
    kind = wording.get("kind")
    if kind == "flag" and isinstance(wording.get("flag"), dict):
        return {"title": flag_text(wording["flag"])}
    if kind == "body":
        members = wording.get("members") or []
        return {"text": gettext("Members: {members}.").format(members=", ".join(members)) if members
                else gettext("No members yet.")}
    if kind != "role":
        return {}
    text = gettext("Lead: {lead}. Supporting: {supporting}.").format(
        lead=wording.get("lead") or gettext("not agreed yet"),
        supporting=", ".join(wording.get("supporting") or []) or gettext("none yet"))
    if wording.get("responsibilities"):
        text += " " + gettext("Responsibilities: {responsibilities}").format(
            responsibilities=wording["responsibilities"])
    return {"text": text}


def contributions(state: dict) -> list[dict]:
    """One row per nomination, then one per confirmed place (authored by the facilitator)."""
    orgs, rows = state["organisations"], []
    targets = {**state["roles"], **state["bodies"]}
    for n in ordered(state["nominations"]):
        target, org = targets.get(n["target"], {}), orgs.get(n["organisation"], {})
        rows.append({"type": n["kind"], "role_or_group": target.get("name", ""), "nominee": org.get("name", ""),
                     "nominee_sector": org.get("sector", ""), "reason": n["reason"], "seconds": len(n["seconds"]),
                     **author_cells(n["author"], "author_sector")})
    for role in ordered(state["roles"]):
        if role["lead"]:
            rows.append(_place_row(role, role["lead"], "lead", orgs))
        rows += [_place_row(role, org_id, "supporting", orgs) for org_id in role["supporting"]]
    for body in ordered(state["bodies"]):
        rows += [_place_row(body, org_id, "member", orgs) for org_id in body["members"]]
    return rows


def _place_row(target, org_id, position, orgs) -> dict:
    org = orgs.get(org_id, {})
    return {"type": f"confirmed {position}", "role_or_group": target["name"], "nominee": org.get("name", ""),
            "nominee_sector": org.get("sector", ""), "reason": "", "seconds": 0, **author_cells(None, "author_sector")}


# -- measures: what a partnership follows from one workshop to the next -------------------------


def measures(state, config) -> list[Measure]:
    """How many of the board's roles have a lead organisation, and how many have none yet."""
    roles = list(state["roles"].values())
    if not roles:
        return []
    led = sum(1 for role in roles if role["lead"])
    return [Measure("roles_led", _l("Roles with a lead"), led),
            Measure("roles_without_lead", _l("Roles without a lead"), len(roles) - led)]
