"""What each audience sees of the partnership agreement, the participant's own part, the plan
and the export rows. Privacy is enforced here: while answers are hidden only their number goes
out; individual voices go out per sector (``audience.breakdown``: groups under 3 fold into
"other" in anonymous mode) and reasons through ``audience.author``; an organisation's position
is its representative's answer, shown without the person's name to anyone who may not see names.

Everything that grows with the room is an object keyed by id (answers by answer id, positions by
organisation), never an array; clauses carry their ``order``."""
from flask_babel import gettext, lazy_pgettext, ngettext, pgettext
from flask_babel import lazy_gettext as _l

from app.exercises import Column, author_cells, format_number, plan_item
from app.exercises.contract import Measure
from plugins.agreement.forms import ANSWER_LABELS, ANSWERS, NEEDS_REASON, OUTCOME_LABELS, OUTCOMES

#: The spreadsheets' words for the keys of this exercise's rows and plan items (Exercise.columns).
SHEET_COLUMNS = {
    "clause": lazy_pgettext("agreement column", "clause number"),
    "number": lazy_pgettext("agreement column", "clause number"),
    "clauses": lazy_pgettext("agreement column", "number of clauses"),
    "heading": lazy_pgettext("agreement column", "clause heading"),
    "version": lazy_pgettext("agreement column", "version"),
    "answer": Column(lazy_pgettext("agreement column", "answer"), ANSWER_LABELS),
    "reason": lazy_pgettext("agreement column", "reason"),
    "speaks_for": lazy_pgettext("agreement column", "speaks for"),
    "sent_at": lazy_pgettext("agreement column", "answered at"),
    "outcome": Column(lazy_pgettext("agreement column", "outcome"), OUTCOME_LABELS),
    "outcome_at": lazy_pgettext("agreement column", "decided at"),
}


def view(state, audience):
    clauses = {}
    for number, clause in enumerate(_ordered(state), start=1):
        current = clause["versions"][str(clause["version"])]
        shown = {
            "id": clause["id"], "order": clause["order"], "number": number, "status": clause["status"],
            "version": clause["version"], "heading": current["heading"], "text": current["text"],
            "outcome": current["outcome"], "outcome_at": current["outcome_at"],
            "results": summary(state, clause, clause["version"], audience),
        }
        if audience.is_facilitator:
            shown["versions"] = {key: {"number": v["number"], "heading": v["heading"], "text": v["text"],
                                       "outcome": v["outcome"], "outcome_at": v["outcome_at"],
                                       "results": summary(state, clause, v["number"], audience)}
                                 for key, v in clause["versions"].items() if v["number"] != clause["version"]}
            shown["log"] = {str(e["seq"]): e for e in clause["log"]}
        clauses[clause["id"]] = shown
    result = {"open": state.get("open") or "", "clauses": clauses, "organisations": organisations(state),
              "reason_max": state["config"].get("reason_max") or 1000}
    if audience.is_facilitator:
        result["representatives"] = {
            actor_id: {**rep, "name": audience.names.get(actor_id, {}).get("name", ""),
                       "roster_organisation": audience.names.get(actor_id, {}).get("organisation", "")}
            for actor_id, rep in state["representatives"].items()}
    return result


def personal(state, audience):
    me = audience.participant_id
    answers = {}
    for clause in state["clauses"].values():
        mine = clause["answers"].get(str(clause["version"]), {}).get(me)
        older = [(int(v), a[me]) for v, a in clause["answers"].items() if me in a and int(v) != clause["version"]]
        entry = {}
        if mine:
            entry.update(answer=mine["answer"], reason=mine["reason"], version=clause["version"])
        if older:
            version, before = max(older, key=lambda pair: pair[0])
            entry["earlier"] = {"version": version, "answer": before["answer"]}
        if entry:
            answers[clause["id"]] = entry
    rep = state["representatives"].get(me)
    return {"answers": answers,
            "represents": rep["organisation"] if rep and not rep["left"] else ""}


def organisations(state) -> list:
    """The organisations that give a position: the configured ones, then any a representative
    was named for, in order, without repeats."""
    names = list(state["config"].get("organisations") or [])
    seen = {n.casefold() for n in names}
    for rep in sorted(state["representatives"].values(), key=lambda r: r["seq"]):
        if rep["organisation"].casefold() not in seen:
            seen.add(rep["organisation"].casefold())
            names.append(rep["organisation"])
    return names


def positions(state, clause, version) -> dict:
    """Organisation -> its position on ``version`` of ``clause``: the latest answer of a current
    representative, else the latest of one who has stood down or left (``left``), else none."""
    answers = clause["answers"].get(str(version), {})
    result = {}
    for org in organisations(state):
        reps = {aid: rep for aid, rep in state["representatives"].items()
                if rep["organisation"].casefold() == org.casefold()}
        given = [(not reps[aid]["left"], a["seq"], aid, a) for aid, a in answers.items() if aid in reps]
        position = {"organisation": org, "represented": any(not r["left"] for r in reps.values())}
        if given:
            active, _seq, actor_id, found = max(given, key=lambda g: (g[0], g[1]))
            position.update(answer=found["answer"], reason=found["reason"], seq=found["seq"],
                            sent_at=found["sent_at"], left=not active, actor_id=actor_id)
        result[org] = position
    return result


def summary(state, clause, version, audience) -> dict:
    """The results of one version: the tally, individual voices per sector, reasons and the
    organisations' positions (only the number of answers while answers are hidden)."""
    answers = clause["answers"].get(str(version), {})
    if not audience.sees_hidden:
        return {"total": len(answers), "hidden": True}
    tally = {key: 0 for key in ANSWERS}
    sectors: dict = {key: {} for key in ANSWERS}
    reasons = {}
    for given in answers.values():
        tally[given["answer"]] += 1
        sector = given["author"].get("sector") or ""
        sectors[given["answer"]][sector] = sectors[given["answer"]].get(sector, 0) + 1
        if given["reason"]:
            reasons[given["id"]] = {"answer": given["answer"], "reason": given["reason"], "seq": given["seq"],
                                    "author": audience.author(given["author"]), "changed": given["changed"]}
    orgs = {}
    for org, position in positions(state, clause, version).items():
        shown = {k: v for k, v in position.items() if k != "actor_id"}
        if "actor_id" in position and audience.sees_authors:
            shown["by"] = audience.names.get(position["actor_id"], {}).get("name", "")
        orgs[org] = shown
    return {"total": len(answers), "tally": tally,
            "by_sector": {key: audience.breakdown(counts) for key, counts in sectors.items()},
            "reasons": reasons, "organisations": orgs}


# -- the plan -------------------------------------------------------------------------------


def plan(state, config):
    items, outcomes = [], {key: 0 for key in (*OUTCOMES, "open")}
    for number, clause in enumerate(_ordered(state), start=1):
        current = clause["versions"][str(clause["version"])]
        outcomes[current["outcome"] or "open"] += 1
        versions = [_plan_version(state, clause, v) for v in sorted(clause["versions"].values(),
                                                                     key=lambda v: v["number"])]
        latest = versions[-1]
        wording = {"kind": "clause", "number": number, "heading": current["heading"],
                   "outcome": current["outcome"], "version": clause["version"], "counts": latest["counts"],
                   "recorded": sum(1 for p in latest["organisations"].values() if p.get("answer")),
                   "organisations": len(latest["organisations"])}
        sectors = {a["author"].get("sector") for a in clause["answers"].get(str(clause["version"]), {}).values()
                   if a["answer"] in ("support", "reservations")}
        items.append(plan_item(
            "agreements", plan_wording(wording)["title"], current["text"],
            data={"number": number, "heading": current["heading"], "text": current["text"],
                  "version": clause["version"], "status": clause["status"], "outcome": current["outcome"],
                  "outcome_at": _iso(current["outcome_at"]), "versions": versions,
                  "organisations": latest["organisations"], "reservations": latest["reservations"]},
            sectors=[s for s in sectors if s], ref=f"clause:{clause['id']}", wording=wording))
    if items:
        wording = {"kind": "log", "clauses": len(items), **outcomes}
        words = plan_wording(wording)
        items.append(plan_item("agreements", words["title"], words["text"],
                               data={"clauses": len(items), "outcomes": outcomes}, ref="agreement:log",
                               wording=wording))
    return items


def _plan_version(state, clause, version) -> dict:
    answers = clause["answers"].get(str(version["number"]), {})
    counts = {key: 0 for key in ANSWERS}
    for given in answers.values():
        counts[given["answer"]] += 1
    reservations = {given["id"]: {"answer": given["answer"], "reason": given["reason"],
                                  "sector": given["author"].get("sector") or ""}
                    for given in sorted(answers.values(), key=lambda a: a["seq"])
                    if given["reason"] and given["answer"] in NEEDS_REASON}
    orgs = {org: {"answer": p.get("answer", ""), "reason": p.get("reason", ""), "left": p.get("left", False),
                  "at": _iso(p.get("sent_at"))}
            for org, p in positions(state, clause, version["number"]).items()}
    return {"number": version["number"], "heading": version["heading"], "text": version["text"],
            "counts": counts, "answers": len(answers), "organisations": orgs, "reservations": reservations,
            "outcome": version["outcome"], "outcome_at": _iso(version["outcome_at"])}


def _iso(seconds) -> str:
    """A phone's or console's send time (seconds since 1970) as UTC ISO 8601, "" when unknown."""
    if not seconds:
        return ""
    from datetime import UTC, datetime

    return datetime.fromtimestamp(int(seconds), tz=UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def plan_wording(wording) -> dict:
    """A clause's title ("Clause 2 · Purpose — agreed") and the decision log's summary, in the
    reader's language; the clause text and heading are the people's own and stay as written."""
    kind = wording.get("kind")
    if kind == "clause":
        number = format_number(int(wording.get("number") or 0))
        heading = wording.get("heading") or ""
        title = (gettext("Clause %(n)s · %(heading)s", n=number, heading=heading) if heading
                 else gettext("Clause %(n)s", n=number))
        outcome = wording.get("outcome") or ""
        state = str(OUTCOME_LABELS[outcome]) if outcome in OUTCOME_LABELS else gettext("not decided yet")
        version = int(wording.get("version") or 1)
        if version > 1:
            state = gettext("%(outcome)s (version %(n)s)", outcome=state, n=format_number(version))
        return {"title": f"{title} — {state}"}
    if kind == "log":
        n = int(wording.get("clauses") or 0)
        parts = [ngettext("%(num)d clause", "%(num)d clauses", n)]
        for key in OUTCOMES:
            if wording.get(key):
                parts.append(gettext("%(what)s: %(n)s", what=str(OUTCOME_LABELS[key]),
                                     n=format_number(int(wording[key]))))
        if wording.get("open"):
            parts.append(gettext("%(what)s: %(n)s", what=gettext("not decided yet"),
                                 n=format_number(int(wording["open"]))))
        return {"title": pgettext("agreement", "Decision log"), "text": " · ".join(parts)}
    return {}


def plan_data_words(data) -> dict:
    words = {}
    if data.get("outcome") in OUTCOME_LABELS:
        words["outcome"] = str(OUTCOME_LABELS[data["outcome"]])
    if "status" in data:
        words["status"] = str(STATUS_LABELS.get(data["status"], data["status"]))
    return words


def contributions(state):
    rows = []
    for number, clause in enumerate(_ordered(state), start=1):
        for version, answers in clause["answers"].items():
            heading = clause["versions"][version]["heading"]
            for actor_id, given in sorted(answers.items(), key=lambda pair: pair[1]["seq"]):
                rep = state["representatives"].get(actor_id)
                rows.append({"clause": number, "heading": heading, "version": int(version),
                             "answer": str(ANSWER_LABELS[given["answer"]]), "reason": given["reason"],
                             "speaks_for": rep["organisation"] if rep else "",
                             "sent_at": _iso(given["sent_at"]), **author_cells(given["author"])})
    return rows


def _ordered(state) -> list:
    return sorted(state["clauses"].values(), key=lambda c: c["order"])


STATUS_LABELS = {
    "draft": lazy_pgettext("agreement", "Not yet put to the room"),
    "open": lazy_pgettext("agreement", "Open for answers"),
    "paused": lazy_pgettext("agreement", "Paused"),
    "closed": lazy_pgettext("agreement", "Closed"),
}


# -- measures: what a partnership follows from one workshop to the next -------------------------

#: Each outcome a clause can close with, counted (the current version's outcome).
OUTCOME_MEASURES = {
    "agreed": _l("Clauses agreed"),
    "agreed_reservations": _l("Clauses agreed with reservations"),
    "future": _l("Clauses left for later"),
}


def measures(state, config) -> list[Measure]:
    """How many clauses the room agreed, agreed with reservations, and left for later."""
    clauses = _ordered(state)
    if not clauses:
        return []
    outcomes = [clause["versions"][str(clause["version"])]["outcome"] for clause in clauses]
    return [Measure(f"clauses_{outcome}", label, sum(1 for o in outcomes if o == outcome))
            for outcome, label in OUTCOME_MEASURES.items()]
