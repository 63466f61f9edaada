"""Pure state transitions of the Role assignment board: ``apply(state, action, actor) -> state``.

State: ``roles``/``bodies``/``organisations``/``nominations`` are dicts keyed by id ("r1", "b2",
"o3", "n4"); ``members`` maps a participant's actor id to the organisation and sector they
joined with (learned when they act; never sent to anyone); ``limit`` is the overload limit;
Whether nominations are shown to the room is the core's hide switch (``Step.hidden``), which
the config's ``hide_nominations`` turns on when the step starts.
"""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.exercises import DomainError
from app.exercises.purity import dispatch, new_id, writable
from plugins.role_board.forms import MAX_BODIES, MAX_ORGANISATIONS, MAX_ROLES, parse_lines

MAX_NOMINATIONS_EACH = 30
POSITIONS = {"role": ("lead", "supporting"), "body": ("member",)}
ROLE_TAKEN = _l("There is already a role called {name}.")
GROUP_TAKEN = _l("There is already a group called {name}.")


def initial_state(config: dict) -> dict:
    state = {
        "config": dict(config),
        "roles": {},
        "bodies": {},
        "organisations": {},
        "nominations": {},
        "members": {},
        "limit": config.get("overload_limit") or 2,
        "next_id": 1,
    }
    for name, description in parse_lines(config.get("roles")):
        _add_role(state, name, description)
    for name, description in parse_lines(config.get("bodies")):
        _add_body(state, name, description)
    for name, sector in parse_lines(config.get("organisations")):
        _add_organisation(state, name, sector, "partnership")
    return state


def _learn_from_participants(state: dict, actor) -> None:
    if not actor.is_facilitator:
        learn(state, actor)


def apply(state: dict, action, actor) -> dict:
    return dispatch(HANDLERS, state, action, actor, prepare=_learn_from_participants)


# -- helpers ------------------------------------------------------------------------------


def tidy(text: str | None) -> str:
    return " ".join((text or "").split())


def same_name(a: str, b: str) -> bool:
    return tidy(a).casefold() == tidy(b).casefold()


def _add_role(state, name, description):
    role_id = new_id(state, "r")
    state["roles"] = {**state["roles"], role_id: {
        "id": role_id, "name": name, "description": description, "responsibilities": description,
        "lead": "", "supporting": [], "order": state["next_id"]}}
    return role_id


def _add_body(state, name, description):
    body_id = new_id(state, "b")
    state["bodies"] = {**state["bodies"], body_id: {
        "id": body_id, "name": name, "description": description, "members": [], "order": state["next_id"]}}
    return body_id


def _add_organisation(state, name, sector, source):
    org_id = new_id(state, "o")
    state["organisations"] = {**state["organisations"], org_id: {
        "id": org_id, "name": name, "sector": sector, "source": source, "order": state["next_id"]}}
    return org_id


def org_by_name(state: dict, name: str) -> dict | None:
    return next((o for o in state["organisations"].values() if same_name(o["name"], name)), None)


def learn(state: dict, actor) -> None:
    """Remember the participant's own organisation (adding it if new) and sector."""
    org_id, sector = "", tidy(actor.sector)
    name = tidy(actor.organisation)
    if name:
        org = org_by_name(state, name)
        if org is None and len(state["organisations"]) < MAX_ORGANISATIONS:
            org_id = _add_organisation(state, name[:80], sector, "participant")
        elif org is not None:
            org_id = org["id"]
            if not org["sector"] and sector:
                writable(state, "organisations", org_id)["sector"] = sector
    record = {"organisation": org_id, "sector": sector}
    if state["members"].get(actor.id) != record:
        writable(state, "members")[actor.id] = record


def find_organisation(state: dict, value: str, actor) -> dict:
    """An organisation by id or by name; refuses names the partnership does not know."""
    org = state["organisations"].get(value) or org_by_name(state, value)
    if org is not None:
        return org
    name = tidy(value)
    if actor.is_facilitator:
        message = _l("{name} is not in the partnership yet. Add it as an organisation first.")
    else:
        message = _l("{name} is not one of the partnership's organisations. Ask the facilitator to add it.")
    raise DomainError(message, field="organisation", name=name)


def find_target(state: dict, target_id: str) -> tuple[str, dict]:
    """``("role", role)`` or ``("body", body)``; refuses ids that were removed."""
    if target_id in state["roles"]:
        return "role", state["roles"][target_id]
    if target_id in state["bodies"]:
        return "body", state["bodies"][target_id]
    message = {"r": _l("That role is no longer on the board."), "b": _l("That group is no longer on the board.")}.get(
        target_id[:1], _l("That role or group is no longer on the board."))
    raise DomainError(message, field="target_id")


def holds(kind: str, target: dict, org_id: str) -> str:
    """The position ``org_id`` holds in a role or body: "lead", "supporting", "member" or ""."""
    if kind == "body":
        return "member" if org_id in target["members"] else ""
    if target["lead"] == org_id:
        return "lead"
    return "supporting" if org_id in target["supporting"] else ""


def _nomination(state: dict, nomination_id: str) -> dict:
    nomination = state["nominations"].get(nomination_id)
    if nomination is None:
        raise DomainError(_l("That nomination is no longer on the board."))
    return nomination


def _unique_name(items: dict, name: str, taken, except_id: str = "") -> str:
    """``name`` tidied; refused if blank or already used (``taken``: the message, ``{name}``)."""
    name = tidy(name)
    if not name:
        raise DomainError(_l("Give it a name."), field="name")
    if any(same_name(i["name"], name) and i["id"] != except_id for i in items.values()):
        raise DomainError(taken, field="name", name=name)
    return name


def _drop_nominations(state: dict, keep) -> None:
    gone = [nid for nid, n in state["nominations"].items() if not keep(n)]
    if gone:
        nominations = writable(state, "nominations")
        for nid in gone:
            del nominations[nid]


# -- participants: put forward, second, withdraw ----------------------------------------


def _put_forward(state, target_id, org, reason, actor):
    kind, target = find_target(state, target_id)
    held = holds(kind, target, org["id"])
    if held:
        raise DomainError(_l("{organisation} is already confirmed for {target}."),
                          organisation=org["name"], target=target["name"])
    if any(n["target"] == target["id"] and n["organisation"] == org["id"] for n in state["nominations"].values()):
        raise DomainError(_l("{organisation} is already put forward for {target}: second that nomination instead."),
                          organisation=org["name"], target=target["name"])
    mine = sum(1 for n in state["nominations"].values() if n["author"]["id"] == actor.id)
    if mine >= MAX_NOMINATIONS_EACH:
        raise DomainError(_l("You have made {n} nominations, the most one person can. Withdraw one first."), n=mine)
    own = same_name(org["name"], actor.organisation)
    nomination_id = new_id(state, "n")
    writable(state, "nominations")[nomination_id] = {
        "id": nomination_id, "target": target["id"], "organisation": org["id"],
        "kind": "volunteer" if own else "nomination", "reason": tidy(reason),
        "author": actor.as_author(), "seconds": {}, "order": state["next_id"],
    }


def volunteer(state, data, actor):
    if not tidy(actor.organisation):
        raise DomainError(_l("We don't know your organisation, so nominate it by name instead."))
    org = find_organisation(state, actor.organisation, actor)
    _put_forward(state, data["target_id"], org, data.get("reason"), actor)


def nominate(state, data, actor):
    reason = tidy(data.get("reason"))
    if not reason:
        raise DomainError(_l("Give a reason for the nomination."), field="reason")
    _put_forward(state, data["target_id"], find_organisation(state, data["organisation"], actor), reason, actor)


def second(state, data, actor):
    nomination = _nomination(state, data["nomination_id"])
    if actor.is_facilitator:
        raise DomainError(_l("Seconding is for participants: you can confirm the nomination instead."))
    if nomination["author"]["id"] == actor.id:
        raise DomainError(_l("You put this forward yourself, so you cannot second it."))
    if actor.id in nomination["seconds"]:
        raise DomainError(_l("You have already seconded this nomination."))
    seconds = writable(state, "nominations", nomination["id"], "seconds")
    seconds[actor.id] = actor.as_author()


def unsecond(state, data, actor):
    nomination = _nomination(state, data["nomination_id"])
    if actor.id not in nomination["seconds"]:
        raise DomainError(_l("You have not seconded this nomination."))
    del writable(state, "nominations", nomination["id"], "seconds")[actor.id]


def withdraw(state, data, actor):
    nomination = _nomination(state, data["nomination_id"])
    if not actor.is_facilitator and nomination["author"]["id"] != actor.id:
        raise DomainError(_l("You can only withdraw your own nominations."))
    del writable(state, "nominations")[nomination["id"]]


# -- facilitator: confirm places ----------------------------------------------------------


def _place(state, kind, target, org, position):
    position = (position or "").strip().lower()
    if kind == "body":
        if position not in ("", "member"):
            raise DomainError(_l("Organisations join a group as members."), field="position")
        if org["id"] in target["members"]:
            raise DomainError(_l("{organisation} is already a member of {target}."),
                              organisation=org["name"], target=target["name"])
        body = writable(state, "bodies", target["id"])
        body["members"] = [*target["members"], org["id"]]
        return
    if position not in ("", "lead", "supporting"):
        raise DomainError(_l("Choose lead or supporting."), field="position")
    current = holds(kind, target, org["id"])
    position = position or ("supporting" if target["lead"] else "lead")
    if current == position:
        message = (_l("{organisation} is already the lead for {target}.") if position == "lead"
                   else _l("{organisation} is already supporting {target}."))
        raise DomainError(message, organisation=org["name"], target=target["name"])
    role = writable(state, "roles", target["id"])
    supporting = [o for o in target["supporting"] if o != org["id"]]
    if position == "lead":
        # The previous lead is not dropped: it moves to supporting, where the facilitator can remove it.
        if target["lead"]:
            supporting.insert(0, target["lead"])
        role["lead"] = org["id"]
    else:
        if current == "lead":
            role["lead"] = ""
        supporting.append(org["id"])
    role["supporting"] = supporting


def assign(state, data, actor):
    kind, target = find_target(state, data["target_id"])
    _place(state, kind, target, find_organisation(state, data["organisation"], actor), data.get("position"))


def confirm_nomination(state, data, actor):
    nomination = _nomination(state, data["nomination_id"])
    kind, target = find_target(state, nomination["target"])
    org = find_organisation(state, nomination["organisation"], actor)
    _place(state, kind, target, org, data.get("position"))


def unassign(state, data, actor):
    kind, target = find_target(state, data["target_id"])
    org = state["organisations"].get(data["organisation"])
    if org is None or not holds(kind, target, org["id"]):
        raise DomainError(_l("That organisation has no place there any more."))
    if kind == "body":
        writable(state, "bodies", target["id"])["members"] = [o for o in target["members"] if o != org["id"]]
        return
    role = writable(state, "roles", target["id"])
    if role["lead"] == org["id"]:
        role["lead"] = ""
    role["supporting"] = [o for o in target["supporting"] if o != org["id"]]


# -- facilitator: the roles, groups and organisations themselves --------------------------


def add_role(state, data, actor):
    if len(state["roles"]) >= MAX_ROLES:
        raise DomainError(_l("The board holds at most {n} roles."), n=MAX_ROLES)
    _add_role(state, _unique_name(state["roles"], data["name"], ROLE_TAKEN), tidy(data.get("description")))


def add_body(state, data, actor):
    if len(state["bodies"]) >= MAX_BODIES:
        raise DomainError(_l("The board holds at most {n} groups."), n=MAX_BODIES)
    _add_body(state, _unique_name(state["bodies"], data["name"], GROUP_TAKEN), tidy(data.get("description")))


def edit_role(state, data, actor):
    kind, role = find_target(state, data["target_id"])
    if kind != "role":
        raise DomainError(_l("That is a group, not a role."), field="target_id")
    name = _unique_name(state["roles"], data["name"], ROLE_TAKEN, except_id=role["id"])
    changed = writable(state, "roles", role["id"])
    changed["name"], changed["description"] = name, tidy(data.get("description"))
    changed["responsibilities"] = (data.get("responsibilities") or "").strip()


def edit_body(state, data, actor):
    kind, body = find_target(state, data["target_id"])
    if kind != "body":
        raise DomainError(_l("That is a role, not a group."), field="target_id")
    name = _unique_name(state["bodies"], data["name"], GROUP_TAKEN, except_id=body["id"])
    changed = writable(state, "bodies", body["id"])
    changed["name"], changed["description"] = name, tidy(data.get("description"))


def _remove_target(state, data, expected):
    kind, target = find_target(state, data["target_id"])
    if kind != expected:
        raise DomainError(_l("That is a group, not a role.") if kind == "body" else _l("That is a role, not a group."))
    del writable(state, "roles" if kind == "role" else "bodies")[target["id"]]
    _drop_nominations(state, lambda n: n["target"] != target["id"])


def remove_role(state, data, actor):
    _remove_target(state, data, "role")


def remove_body(state, data, actor):
    _remove_target(state, data, "body")


def add_organisation(state, data, actor):
    name, sector = tidy(data["name"]), tidy(data.get("sector"))
    existing = org_by_name(state, name)
    if existing is not None:
        if not sector or sector == existing["sector"]:
            raise DomainError(_l("{name} is already in the partnership."), field="name", name=existing["name"])
        writable(state, "organisations", existing["id"])["sector"] = sector  # a correction of its sector
        return
    if len(state["organisations"]) >= MAX_ORGANISATIONS:
        raise DomainError(_l("The board holds at most {n} organisations."), n=MAX_ORGANISATIONS)
    _add_organisation(state, name, sector, "facilitator")


def remove_organisation(state, data, actor):
    org = state["organisations"].get(data["organisation"])
    if org is None:
        raise DomainError(_l("That organisation is no longer on the board."))
    places = [r for r in state["roles"].values() if holds("role", r, org["id"])]
    places += [b for b in state["bodies"].values() if holds("body", b, org["id"])]
    if places:
        raise DomainError(_l("{organisation} still has a place on {target}: take it off first."),
                          organisation=org["name"], target=places[0]["name"])
    del writable(state, "organisations")[org["id"]]
    _drop_nominations(state, lambda n: n["organisation"] != org["id"])


def set_limit(state, data, actor):
    state["limit"] = data["limit"]


HANDLERS = {
    "volunteer": volunteer,
    "nominate": nominate,
    "second": second,
    "unsecond": unsecond,
    "withdraw": withdraw,
    "assign": assign,
    "unassign": unassign,
    "confirm_nomination": confirm_nomination,
    "add_role": add_role,
    "edit_role": edit_role,
    "remove_role": remove_role,
    "add_body": add_body,
    "edit_body": edit_body,
    "remove_body": remove_body,
    "add_organisation": add_organisation,
    "remove_organisation": remove_organisation,
    "set_limit": set_limit,
}
