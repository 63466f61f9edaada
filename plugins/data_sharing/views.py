"""What each audience sees of the data-sharing map, the participant's own part, the plan's
data-sharing checklist and the export rows. Everything is keyed by id (no arrays that grow with
the room); the page orders by ``order``. Authors go out only through ``audience.author``."""
from flask_babel import gettext, lazy_pgettext, pgettext
from flask_babel import lazy_gettext as _l

from app.exercises import Column, author_cells, plan_item
from app.exercises.contract import Measure
from plugins.data_sharing.forms import AGREEMENTS, BARRIERS, STATUSES
from plugins.data_sharing.reducer import same

AGREEMENT_WORDS = dict(AGREEMENTS)
BARRIER_WORDS = dict(BARRIERS)
STATUS_WORDS = dict(STATUSES)

#: The spreadsheet headers of the rows' and plan items' keys; the kinds of row, the obstacles, the
#: agreements and their statuses are the exercise's keys, so their cells read as words too.
SHEET_COLUMNS = {
    "kind": Column(lazy_pgettext("data_sharing column", "entry"), {
        "data set": lazy_pgettext("data_sharing column", "data set"),
        "flow": lazy_pgettext("data_sharing column", "flow"),
        "obstacle": lazy_pgettext("data_sharing column", "obstacle"),
    }),
    "data_set": lazy_pgettext("data_sharing column", "data set"),
    "dataset": lazy_pgettext("data_sharing column", "data set"),
    "holder": lazy_pgettext("data_sharing column", "held by"),
    "recipient": lazy_pgettext("data_sharing column", "needed by"),
    "parties": lazy_pgettext("data_sharing column", "from holder to recipient"),
    "purpose": lazy_pgettext("data_sharing column", "purpose"),
    "barriers": Column(lazy_pgettext("data_sharing column", "obstacles"), BARRIER_WORDS),
    "note": lazy_pgettext("data_sharing column", "note on the obstacles"),
    "barrier_notes": lazy_pgettext("data_sharing column", "notes on the obstacles"),
    "agreement": Column(lazy_pgettext("data_sharing column", "agreement needed"), AGREEMENT_WORDS),
    "status": Column(lazy_pgettext("data_sharing column", "agreement status"), STATUS_WORDS),
}


def organisations(state) -> dict:
    """The partnership's list, then every other name the map uses (``listed`` False: typed in,
    or taken off the list while flows still name it)."""
    orgs = {o["id"]: {"id": o["id"], "name": o["name"], "listed": True, "order": o["order"]}
            for o in state["organisations"].values()}
    names = [o["name"] for o in orgs.values()]
    extra = [(d["order"], d["holder"]) for d in state["datasets"].values()]
    extra += [(f["order"], f["recipient"]) for f in state["flows"].values()]
    for order, name in sorted(extra):
        if not any(same(name, known) for known in names):
            names.append(name)
            key = f"x{order}"
            orgs[key] = {"id": key, "name": name, "listed": False, "order": 10_000 + order}
    return orgs


def view(state, audience):
    hidden = not audience.sees_hidden
    datasets = {} if hidden else {
        d["id"]: {"id": d["id"], "name": d["name"], "holder": d["holder"], "order": d["order"],
                  "author": audience.author(d["author"])}
        for d in state["datasets"].values()}
    flows = {} if hidden else {f["id"]: _flow(f, audience) for f in state["flows"].values()}
    return {
        "prompt": state["config"]["prompt"],
        "organisations": {k: v for k, v in organisations(state).items() if v["listed"]} if hidden
        else organisations(state),
        "datasets": datasets,
        "flows": flows,
        "hidden_count": len(state["datasets"]) + len(state["flows"]) if hidden else 0,
    }


def _flow(flow, audience) -> dict:
    return {
        "id": flow["id"], "dataset": flow["dataset"], "recipient": flow["recipient"], "purpose": flow["purpose"],
        "barriers": list(flow["barriers"]), "barrier_note": flow["barrier_note"], "agreement": flow["agreement"],
        "status": flow["status"], "order": flow["order"], "author": audience.author(flow["author"]),
        # Keyed by id, without the id again inside: an obstacle noted is the patch a phone gets.
        "notes": {n["id"]: {"barrier": n["barrier"], "text": n["text"], "order": n["order"],
                            "author": audience.author(n["author"])} for n in flow["notes"].values()},
    }


def personal(state, audience):
    """The ids of what this participant wrote (the page offers edit and delete on those)."""
    me = audience.participant_id
    return {
        "datasets": {d["id"]: True for d in state["datasets"].values() if d["author"]["id"] == me},
        "flows": {f["id"]: True for f in state["flows"].values() if f["author"]["id"] == me},
        "notes": {n["id"]: f["id"] for f in state["flows"].values() for n in f["notes"].values()
                  if n["author"]["id"] == me},
    }


def plan(state, config):
    """One checklist item per flow that needs an agreement (every kind but "none")."""
    items = []
    for flow in sorted(state["flows"].values(), key=lambda f: f["order"]):
        if flow["agreement"] == "none":
            continue
        dataset = state["datasets"].get(flow["dataset"], {})
        notes = sorted(flow["notes"].values(), key=lambda n: n["order"])
        seen = set(flow["barriers"]) | {n["barrier"] for n in notes}
        barriers = [key for key, _label in BARRIERS if key in seen]
        wording = {"kind": "flow", "holder": dataset.get("holder", ""), "recipient": flow["recipient"],
                   "dataset": dataset.get("name", ""), "purpose": flow["purpose"], "barriers": barriers,
                   "agreement": flow["agreement"], "status": flow["status"]}
        words = plan_wording(wording)
        sectors = {flow["author"].get("sector", "")} | {n["author"].get("sector", "") for n in notes}
        items.append(plan_item(
            "data_sharing", words["title"], words["text"],
            data={"parties": f"{wording['holder']} → {flow['recipient']}", "holder": wording["holder"],
                  "recipient": flow["recipient"], "dataset": wording["dataset"], "purpose": flow["purpose"],
                  "barriers": barriers, "barrier_notes": [n["text"] for n in notes if n["text"]]
                  + ([flow["barrier_note"]] if flow["barrier_note"] else []),
                  "agreement": flow["agreement"], "status": flow["status"]},
            sectors=[s for s in sectors if s], ref=f"flow:{flow['id']}", wording=wording))
    return items


def plan_data_words(data) -> dict:
    """The agreement kind, status and barriers are the exercise's keys: say them in words."""
    words = {}
    if data.get("agreement") in AGREEMENT_WORDS:
        words["agreement"] = str(AGREEMENT_WORDS[data["agreement"]])
    if data.get("status") in STATUS_WORDS:
        words["status"] = str(STATUS_WORDS[data["status"]])
    if isinstance(data.get("barriers"), list):
        words["barriers"] = ", ".join(str(BARRIER_WORDS[b]) for b in data["barriers"] if b in BARRIER_WORDS)
    return words


def plan_wording(wording) -> dict:
    """"Agreement: … (Needed)" in the reader's language; the names and purpose stay as written."""
    if wording.get("kind") != "flow":
        return {}
    agreement = str(AGREEMENT_WORDS.get(wording.get("agreement"), wording.get("agreement") or ""))
    status = str(STATUS_WORDS.get(wording.get("status"), wording.get("status") or ""))
    barriers = [str(BARRIER_WORDS[b]) for b in wording.get("barriers") or [] if b in BARRIER_WORDS]
    title = gettext("{dataset}: from {holder} to {recipient}").format(
        dataset=wording.get("dataset") or "", holder=wording.get("holder") or "",
        recipient=wording.get("recipient") or "")
    text = gettext("Purpose: {purpose}.").format(purpose=wording.get("purpose") or "")
    text += " " + gettext("Agreement needed: {agreement} ({status}).").format(agreement=agreement, status=status)
    text += " " + (gettext("Barriers: {barriers}.").format(barriers=", ".join(barriers)) if barriers
                   else pgettext("data_sharing", "No barriers noted."))
    return {"title": title, "text": text}


def contributions(state):
    """One row per data set, one per flow and one per obstacle noted on a flow."""
    rows = []
    datasets = state["datasets"]
    for d in sorted(datasets.values(), key=lambda d: d["order"]):
        rows.append({"kind": "data set", "data_set": d["name"], "holder": d["holder"], "recipient": "",
                     "purpose": "", "barriers": [], "note": "", "agreement": "", "status": "",
                     **author_cells(d["author"])})
    for f in sorted(state["flows"].values(), key=lambda f: f["order"]):
        d = datasets.get(f["dataset"], {})
        base = {"data_set": d.get("name", ""), "holder": d.get("holder", ""), "recipient": f["recipient"]}
        rows.append({"kind": "flow", **base, "purpose": f["purpose"], "barriers": list(f["barriers"]),
                     "note": f["barrier_note"], "agreement": f["agreement"], "status": f["status"],
                     **author_cells(f["author"])})
        for n in sorted(f["notes"].values(), key=lambda n: n["order"]):
            rows.append({"kind": "obstacle", **base, "purpose": "", "barriers": [n["barrier"]], "note": n["text"],
                         "agreement": "", "status": "", **author_cells(n["author"])})
    return rows


# -- measures: what a partnership follows from one workshop to the next -------------------------


def measures(state, config) -> list[Measure]:
    """How many flows of data the partners mapped, how many of them need an agreement, and how
    many of those have it in place."""
    flows = list(state["flows"].values())
    if not flows:
        return []
    needing = [flow for flow in flows if flow["agreement"] != "none"]
    return [Measure("flows", _l("Data flows mapped"), len(flows)),
            Measure("flows_needing_agreement", _l("Flows that need an agreement"), len(needing)),
            Measure("flows_agreement_in_place", _l("Flows with their agreement in place"),
                    sum(1 for flow in needing if flow["status"] == "in_place"))]
