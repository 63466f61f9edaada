"""Pure state transitions of the data-sharing map: ``apply(state, action, actor) -> state``.

State: ``organisations`` (the partnership's list, id -> {id, name, order}), ``datasets``
(id -> {id, name, holder, author, order}) and ``flows`` (id -> {id, dataset, recipient, purpose,
barriers, barrier_note, agreement, status, notes, author, order}). Organisations are names, not
ids, on data sets and flows: taking one off the list leaves every flow that names it as it was.
"""
from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext

from app.exercises import DomainError
from app.exercises.forms import lines
from app.exercises.reducers import clean_text, dispatch, item, new_id, owned_item, writable
from plugins.data_sharing.forms import (
    AGREEMENTS,
    BARRIERS,
    MAX_DATASETS,
    MAX_FLOWS,
    MAX_NOTES,
    MAX_ORGANISATIONS,
    NAME_MAX,
    STATUSES,
    TEXT_MAX,
)

BARRIER_KEYS = tuple(key for key, _label in BARRIERS)
AGREEMENT_KEYS = tuple(key for key, _label in AGREEMENTS)
STATUS_KEYS = tuple(key for key, _label in STATUSES)
_TAG = re.compile(r"<\s*/?\s*[a-zA-Z!?]")


def initial_state(config: dict) -> dict:
    state = {"config": {"prompt": config.get("prompt", ""),
                        "datasets_per_participant": int(config.get("datasets_per_participant") or 10)},
             "organisations": {}, "datasets": {}, "flows": {}, "next_id": 1}
    for name in lines(config.get("organisations"))[:MAX_ORGANISATIONS]:
        org_id = new_id(state, "o")
        state["organisations"][org_id] = {"id": org_id, "name": name[:NAME_MAX], "order": state["next_id"]}
    return state


def apply(state: dict, action, actor) -> dict:
    return dispatch(HANDLERS, state, action, actor)


# -- helpers ------------------------------------------------------------------------------


def same(a: str, b: str) -> bool:
    return " ".join((a or "").split()).casefold() == " ".join((b or "").split()).casefold()


def _text(value, max_length: int, field: str, empty=None) -> str:
    text = clean_text(value, max_length, field=field, empty=empty)
    if _TAG.search(text):
        raise DomainError(_l("Write plain text, without tags such as <b>."), field=field)
    return text


def _optional_text(value, max_length: int, field: str) -> str:
    return _text(value, max_length, field) if " ".join(str(value or "").split()) else ""


def _known_name(state: dict, name: str) -> str:
    """The spelling already on the map for ``name`` (the list's, a data set's), else ``name``."""
    names = [o["name"] for o in state["organisations"].values()]
    names += [d["holder"] for d in state["datasets"].values()]
    names += [f["recipient"] for f in state["flows"].values()]
    return next((known for known in names if same(known, name)), name)


def _organisation(state: dict, value, field: str, empty) -> str:
    return _known_name(state, _text(value, NAME_MAX, field, empty=empty))


def _dataset(state: dict, dataset_id: str) -> dict:
    return item(state, "datasets", dataset_id, gone=_l("That data set is no longer on the map."))


def _flow(state: dict, flow_id: str) -> dict:
    return item(state, "flows", flow_id, gone=_l("That flow is no longer on the map."))


def _flow_fields(state: dict, data: dict) -> dict:
    dataset = _dataset(state, data.get("dataset_id") or "")
    recipient = _organisation(state, data.get("recipient"), "recipient", _l("Say which organisation needs it."))
    if same(recipient, dataset["holder"]):
        raise DomainError(_l("{name} holds this data already: pick another organisation that needs it."),
                          field="recipient", name=dataset["holder"])
    barriers = []
    for key in data.get("barriers") or []:
        if key not in BARRIER_KEYS:
            raise DomainError(_l("Pick the barriers from the list."), field="barriers")
        if key not in barriers:
            barriers.append(key)
    agreement = data.get("agreement") or ""
    if agreement not in AGREEMENT_KEYS:
        raise DomainError(_l("Pick an agreement from the list."), field="agreement")
    status = data.get("status") or ""
    if status not in STATUS_KEYS:
        raise DomainError(_l("Pick a status from the list."), field="status")
    return {
        "dataset": dataset["id"],
        "recipient": recipient,
        "purpose": _text(data.get("purpose"), TEXT_MAX, "purpose", empty=_l("Say what the data is for.")),
        "barriers": [key for key in BARRIER_KEYS if key in barriers],
        "barrier_note": _optional_text(data.get("barrier_note"), TEXT_MAX, "barrier_note"),
        "agreement": agreement,
        "status": status,
    }


# -- handlers -----------------------------------------------------------------------------


def add_dataset(state, data, actor):
    if len(state["datasets"]) >= MAX_DATASETS:
        raise DomainError(_l("The map holds {n} data sets at most."), n=MAX_DATASETS)
    most = state["config"].get("datasets_per_participant", MAX_DATASETS)
    if not actor.is_facilitator and sum(d["author"]["id"] == actor.id for d in state["datasets"].values()) >= most:
        raise DomainError(lazy_ngettext("You have added your {n} data set: edit it, or ask the facilitator.",
                                        "You have added all {n} of your data sets: edit one, or ask the facilitator.",
                                        most), n=most)
    name = _text(data.get("name"), NAME_MAX, "name", empty=_l("Name the data set."))
    holder_text = data.get("holder") or actor.organisation
    holder = _organisation(state, holder_text, "holder", _l("Say which organisation holds it."))
    if any(same(d["name"], name) and same(d["holder"], holder) for d in state["datasets"].values()):
        raise DomainError(_l("{holder} already has a data set of that name on the map."), field="name", holder=holder)
    dataset_id = new_id(state, "d")
    writable(state, "datasets")[dataset_id] = {"id": dataset_id, "name": name, "holder": holder,
                                               "author": actor.as_author(), "order": state["next_id"]}


def edit_dataset(state, data, actor):
    owned_item(state, "datasets", data["dataset_id"], actor, not_yours=_l("You can only change your own data sets."),
               gone=_l("That data set is no longer on the map."))
    name = _text(data.get("name"), NAME_MAX, "name", empty=_l("Name the data set."))
    holder = _organisation(state, data.get("holder") or actor.organisation, "holder",
                           _l("Say which organisation holds it."))
    for flow in state["flows"].values():
        if flow["dataset"] == data["dataset_id"] and same(flow["recipient"], holder):
            raise DomainError(_l("{name} is named as needing this data: it cannot hold it too."), field="holder",
                              name=flow["recipient"])
    dataset = writable(state, "datasets", data["dataset_id"])
    dataset["name"], dataset["holder"] = name, holder


def delete_dataset(state, data, actor):
    owned_item(state, "datasets", data["dataset_id"], actor, not_yours=_l("You can only change your own data sets."),
               gone=_l("That data set is no longer on the map."))
    flows = [f for f in state["flows"].values() if f["dataset"] == data["dataset_id"]]
    if not actor.is_facilitator and any(f["author"]["id"] != actor.id for f in flows):
        raise DomainError(_l("Others have mapped flows of this data set: ask the facilitator to remove it."))
    del writable(state, "datasets")[data["dataset_id"]]
    for flow in flows:
        del writable(state, "flows")[flow["id"]]


def add_flow(state, data, actor):
    if len(state["flows"]) >= MAX_FLOWS:
        raise DomainError(_l("The map holds {n} flows at most."), n=MAX_FLOWS)
    fields = _flow_fields(state, data)
    if any(f["dataset"] == fields["dataset"] and same(f["recipient"], fields["recipient"])
           for f in state["flows"].values()):
        raise DomainError(_l("This flow is on the map already: add your obstacle to it instead."), field="recipient")
    flow_id = new_id(state, "f")
    writable(state, "flows")[flow_id] = {"id": flow_id, **fields, "notes": {}, "author": actor.as_author(),
                                         "order": state["next_id"]}


def edit_flow(state, data, actor):
    owned_item(state, "flows", data["flow_id"], actor, not_yours=_l("You can only change your own flows."),
               gone=_l("That flow is no longer on the map."))
    fields = _flow_fields(state, data)
    if any(f["id"] != data["flow_id"] and f["dataset"] == fields["dataset"]
           and same(f["recipient"], fields["recipient"]) for f in state["flows"].values()):
        raise DomainError(_l("This flow is on the map already: add your obstacle to it instead."), field="recipient")
    writable(state, "flows", data["flow_id"]).update(fields)


def delete_flow(state, data, actor):
    owned_item(state, "flows", data["flow_id"], actor, not_yours=_l("You can only change your own flows."),
               gone=_l("That flow is no longer on the map."))
    del writable(state, "flows")[data["flow_id"]]


def add_barrier_note(state, data, actor):
    flow = _flow(state, data["flow_id"])
    if len(flow["notes"]) >= MAX_NOTES:
        raise DomainError(_l("This flow has {n} obstacles noted already."), n=MAX_NOTES)
    barrier = data.get("barrier") or ""
    if barrier not in BARRIER_KEYS:
        raise DomainError(_l("Pick the barriers from the list."), field="barrier")
    text = _text(data.get("text"), TEXT_MAX, "text")
    note_id = new_id(state, "b")
    writable(state, "flows", flow["id"], "notes")[note_id] = {
        "id": note_id, "barrier": barrier, "text": text, "author": actor.as_author(), "order": state["next_id"]}


def delete_barrier_note(state, data, actor):
    flow = _flow(state, data["flow_id"])
    note = flow["notes"].get(data["note_id"])
    if note is None:
        raise DomainError(_l("That obstacle is no longer on the flow."))
    if not actor.is_facilitator and note["author"]["id"] != actor.id:
        raise DomainError(_l("You can only change your own contributions."))
    del writable(state, "flows", flow["id"], "notes")[data["note_id"]]


def add_organisation(state, data, actor):
    name = _text(data.get("name"), NAME_MAX, "name", empty=_l("Name the organisation."))
    if any(same(o["name"], name) for o in state["organisations"].values()):
        raise DomainError(_l("{name} is on the list already."), field="name", name=name)
    if len(state["organisations"]) >= MAX_ORGANISATIONS:
        raise DomainError(_l("The list holds {n} organisations at most."), n=MAX_ORGANISATIONS)
    name = _known_name(state, name)
    org_id = new_id(state, "o")
    writable(state, "organisations")[org_id] = {"id": org_id, "name": name, "order": state["next_id"]}


def remove_organisation(state, data, actor):
    """Takes a name off the partnership's list; data sets and flows naming it stay as they are."""
    item(state, "organisations", data["organisation_id"], gone=_l("That organisation is no longer on the list."))
    del writable(state, "organisations")[data["organisation_id"]]


HANDLERS = {
    "add_dataset": add_dataset,
    "edit_dataset": edit_dataset,
    "delete_dataset": delete_dataset,
    "add_flow": add_flow,
    "edit_flow": edit_flow,
    "delete_flow": delete_flow,
    "add_barrier_note": add_barrier_note,
    "delete_barrier_note": delete_barrier_note,
    "add_organisation": add_organisation,
    "remove_organisation": remove_organisation,
}
