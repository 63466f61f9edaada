"""Pure state transitions of the Commitments ledger: ``apply(state, action, actor) -> state``.

State: ``commitments`` is a dict keyed by id ("k1", "k2"): ``{id, kind, description, amount,
until, essential, organisation, author, confirmed, order}``; ``needs`` maps a counted kind to
the amount the work needs (from the config's lines, changed live by ``set_needs``)."""
from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l

from app.exercises import DomainError
from app.exercises.reducers import clean_text, dispatch, item, new_id, owned_item, writable
from plugins.commitments.forms import DESCRIPTION_MAX
from plugins.commitments.ledger import KINDS, NUMERIC, AmountError, parse_amount, parse_needs

#: One organisation's people can make many commitments, but a ledger is not a spreadsheet.
MAX_COMMITMENTS = 1000
MAX_EACH = 20
#: End dates before 2000 or after 2100 are typos.
FIRST_DAY, LAST_DAY = "2000-01-01", "2100-12-31"


def initial_state(config: dict) -> dict:
    try:
        needs = parse_needs(config.get("needs") or "")
    except ValueError:  # the config form refuses wrong lines; an old or imported config keeps none
        needs = {}
    return {"config": dict(config), "needs": needs, "commitments": {}, "next_id": 1}


def apply(state: dict, action, actor) -> dict:
    return dispatch(HANDLERS, state, action, actor)


GONE = _l("That commitment no longer exists.")


def _fields(data: dict) -> dict:
    kind = data.get("kind")
    if kind not in KINDS:
        raise DomainError(_l("Pick one of the kinds in the list."), field="kind")
    description = clean_text(data.get("description"), DESCRIPTION_MAX, field="description",
                             empty=_l("Say what your organisation commits to."))
    try:
        amount = parse_amount(data.get("amount"), kind)
    except AmountError as exc:
        raise DomainError(exc.template, field="amount", **exc.params) from exc
    until = data.get("until") or ""
    if isinstance(until, date):
        until = until.isoformat()
    if until:
        try:
            until = date.fromisoformat(str(until)).isoformat()
        except ValueError as exc:
            raise DomainError(_l("Write the end date as a calendar day, like 2027-06-30."), field="until") from exc
        if not FIRST_DAY <= until <= LAST_DAY:
            raise DomainError(_l("Give an end date between 2000 and 2100."), field="until")
    return {"kind": kind, "description": description, "amount": amount if kind in NUMERIC else amount,
            "until": until, "essential": bool(data.get("essential"))}


def commit(state, data, actor):
    fields = _fields(data)
    # A commitment belongs to an organisation, not to the person who typed it: the organisation
    # is the ledger's content (its totals, flags and the plan's owner), so its name is stored
    # here as the actor's roster organisation at the time, and stays when the person leaves.
    # The person is only the author record (actor id and sector), as for every contribution.
    organisation = " ".join((actor.organisation or "").split())
    if not organisation:
        raise DomainError(_l("Your organisation is not on the list of people in the room, so a commitment cannot "
                             "be recorded for it. Ask the facilitator to add it to your name."))
    if len(state["commitments"]) >= MAX_COMMITMENTS:
        raise DomainError(_l("The ledger is full ({n} commitments)."), n=MAX_COMMITMENTS)
    mine = sum(1 for c in state["commitments"].values() if c["author"]["id"] == actor.id)
    if mine >= MAX_EACH:
        raise DomainError(_l("You have recorded {n} commitments: edit or withdraw one first."), n=MAX_EACH)
    _record(state, fields, organisation, actor, confirmed=False)


def _record(state, fields, organisation, actor, confirmed):
    commitment_id = new_id(state, "k")
    writable(state, "commitments")[commitment_id] = {
        "id": commitment_id, **fields, "organisation": organisation, "author": actor.as_author(),
        "confirmed": confirmed, "order": state["next_id"],
    }


def carry_in(state, data, actor):
    """A commitment a breakout table confirmed, brought into the room's ledger by the facilitator
    (the roll-up, app/tables/rollup.py): it stays the organisation's that made it at its table,
    not the facilitator's, and comes in confirmed, as it was there."""
    fields = _fields(data)
    organisation = " ".join((data.get("organisation") or "").split())
    if not organisation:
        raise DomainError(_l("Name the organisation this commitment belongs to."), field="organisation")
    if len(state["commitments"]) >= MAX_COMMITMENTS:
        raise DomainError(_l("The ledger is full ({n} commitments)."), n=MAX_COMMITMENTS)
    _record(state, fields, organisation, actor, confirmed=True)


def _own(state, data, actor):
    return owned_item(state, "commitments", data["commitment_id"], actor,
                      not_yours=_l("You can only change the commitments you recorded."), gone=GONE)


def edit(state, data, actor):
    found = _own(state, data, actor)
    fields = _fields(data)
    commitment = writable(state, "commitments", found["id"])
    changed = any(commitment[k] != v for k, v in fields.items())
    commitment.update(fields)
    if changed and not actor.is_facilitator:
        commitment["confirmed"] = False  # the room confirmed what it read, not the new version


def withdraw(state, data, actor):
    _own(state, data, actor)
    del writable(state, "commitments")[data["commitment_id"]]


def confirm(state, data, actor):
    item(state, "commitments", data["commitment_id"], gone=GONE)
    writable(state, "commitments", data["commitment_id"])["confirmed"] = True


def unconfirm(state, data, actor):
    item(state, "commitments", data["commitment_id"], gone=GONE)
    writable(state, "commitments", data["commitment_id"])["confirmed"] = False


def set_needs(state, data, actor):
    try:
        needs = parse_needs(data.get("needs") or "")
    except ValueError as exc:
        raise DomainError(str(exc), field="needs") from exc
    state["needs"] = needs


HANDLERS = {"commit": commit, "edit": edit, "withdraw": withdraw, "confirm": confirm, "unconfirm": unconfirm,
            "set_needs": set_needs, "carry_in": carry_in}
