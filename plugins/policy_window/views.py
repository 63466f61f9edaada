"""What each audience sees of the Policy window canvas, and what it gives the plan and exports.

Privacy is enforced here: while the step is hidden, other participants and the screen get
counts but no note text; in anonymous mode, authorship goes through ``audience.author`` and
sector breakdowns through ``audience.breakdown``. Ratings stay with the facilitator until
the room reaches the last phase when the step is configured that way (``ratings_hidden``).

The shared view sends no ranking or timeline arrays: a merge patch replaces an array whole, so
each vote would re-send every note id to every phone. Each note carries ``votes``, ``date`` and
``order``; the page orders them as :func:`ranking` and :func:`timeline` do for the plan.
"""
from __future__ import annotations

from flask_babel import gettext, lazy_pgettext, ngettext
from flask_babel import lazy_gettext as _l

from app.exercises import Column, author_cells, format_day, format_number, plan_item
from app.exercises.contract import K_ANONYMITY, Measure
from app.exercises.grouping import publishable_groups
from app.exercises.reporting import contributed, removed_by
from plugins.policy_window.forms import ACTION_KINDS, COLUMNS, EFFECTS, INFLUENCE, LEVELS, OVERALL, PHASES

#: The spreadsheets' words for the keys of this exercise's rows and plan items (Exercise.columns).
SHEET_COLUMNS = {
    "kind": Column(lazy_pgettext("policy_window column", "type"), {
        "note": lazy_pgettext("policy_window column", "note"),
        "rating": lazy_pgettext("policy_window column", "rating"),
        "action": lazy_pgettext("policy_window column", "action")}),
    "column": lazy_pgettext("policy_window column", "stream"),
    "effect": lazy_pgettext("policy_window column", "effect"),
    "influence": lazy_pgettext("policy_window column", "in our hands?"),
    "date": lazy_pgettext("policy_window column", "date"),
    "votes": lazy_pgettext("policy_window column", "votes"),
    "rating": Column(lazy_pgettext("policy_window column", "reading"), dict(LEVELS)),
    "treat_as": lazy_pgettext("policy_window column", "treated as"),
    "note": lazy_pgettext("policy_window column", "from the note"),
    "raters": lazy_pgettext("policy_window column", "people who rated"),
}

# Lazy labels: the plan and exports read them with str() in the language they are written in.
# The shared view sends keys only; the browser names them in each reader's language.
LABELS = {**dict(COLUMNS), OVERALL: _l("The whole window")}
LEVEL_KEYS = [key for key, _ in LEVELS]
LEVEL_LABELS = dict(LEVELS)
INFLUENCE_LABELS = dict(INFLUENCE)
KIND_LABELS = dict(ACTION_KINDS)
TOP = 5
#: With the config's "ratings_hidden", the room sees the ratings from this phase on.
RATINGS_SHOWN_IN = "act"


# -- shared view ----------------------------------------------------------------------------


def view(state, audience) -> dict:
    config = state["config"]
    tallies = tallies_of(state)
    shown = audience.sees_hidden
    return {
        "focus": config["focus"],
        "phase": audience.phase or PHASES[0][0],
        "columns": {
            key: {"key": key, "prompt": config["prompts"].get(key, ""), "position": i}
            for i, key in enumerate(config["columns"])
        },
        "votes_each": config["votes"],
        "votes_stack": bool(config["allow_stacking"]),
        "voters": sum(1 for votes in state["votes"].values() if votes),
        "counts": _counts(state),
        "hidden_count": 0 if shown else len(state["notes"]),
        "notes": {n["id"]: _note_view(n, tallies, audience) for n in state["notes"].values()} if shown else {},
        "ratings": _ratings_view(state, audience),
        "actions": {a["id"]: _action_view(a, audience) for a in state["actions"].values()},
    }


def _note_view(note, tallies, audience) -> dict:
    shown = {key: note[key] for key in ("id", "column", "text", "effect", "influence", "date", "order")}
    author = audience.author(note["author"])
    if author:
        shown["author"] = author
    shown["votes"] = tallies.get(note["id"], 0)
    return shown


def _action_view(item, audience) -> dict:
    shown = {key: item[key] for key in ("id", "note_id", "kind", "text", "lead", "date", "column", "order")}
    if audience.sees_hidden:
        shown["note_text"] = item["note_text"]
        shown["sectors"] = [s for s in item["sectors"] if audience.sector_visible(s)]
    return shown


def _counts(state) -> dict:
    counts = {key: {"notes": 0, "opens": 0, "closes": 0} for key in state["config"]["columns"]}
    for note in state["notes"].values():
        column = counts.setdefault(note["column"], {"notes": 0, "opens": 0, "closes": 0})
        column["notes"] += 1
        column[note["effect"]] += 1
    return counts


def _ratings_view(state, audience) -> dict:
    """How the room reads the window; the spread only once this audience may see it."""
    revealed = not state["config"].get("ratings_hidden", True) or audience.reached(RATINGS_SHOWN_IN)
    shown = {"revealed": revealed, "raters": len(state["ratings"]), "targets": targets(state)}
    if audience.sees_hidden and (revealed or audience.is_facilitator):
        shown["gauges"] = gauges(state)
        shown["by_sector"] = {
            target: {sector: summarise(levels) for sector, levels in audience.breakdown(per_sector).items()}
            for target, per_sector in levels_by_sector(state).items()
        }
    return shown


# -- personal view ----------------------------------------------------------------------------


def personal(state, audience) -> dict:
    me = audience.participant_id
    mine = {
        n["id"]: {key: n[key] for key in ("id", "column", "text", "effect", "influence", "date")}
        for n in state["notes"].values()
        if n["author"]["id"] == me
    }
    votes = dict(state["votes"].get(me, {}))
    return {
        "notes": mine,
        "votes": votes,
        "votes_left": max(0, state["config"]["votes"] - sum(votes.values())),
        "ratings": dict(state["ratings"].get(me, {}).get("levels", {})),
    }


# -- sums shared by views and the plan ----------------------------------------------------------


def tallies_of(state) -> dict:
    tallies: dict = {}
    for votes in state["votes"].values():
        for note_id, count in votes.items():
            tallies[note_id] = tallies.get(note_id, 0) + count
    return tallies


def ranking(state, tallies) -> list:
    """Note ids, most votes first, then in the order they were added."""
    return sorted(state["notes"], key=lambda nid: (-tallies.get(nid, 0), state["notes"][nid]["order"]))


def timeline(state) -> list:
    """Ids of dated notes, soonest first: when to act."""
    dated = [n for n in state["notes"].values() if n["date"]]
    return [n["id"] for n in sorted(dated, key=lambda n: (n["date"], n["order"]))]


def targets(state) -> list:
    return [*state["config"]["columns"], OVERALL]


def summarise(levels: list) -> dict:
    """The spread of some ratings, with their mean (0 closed … 2 open) and the nearest level."""
    counts = {key: 0 for key in LEVEL_KEYS}
    for level in levels:
        counts[level] += 1
    total = len(levels)
    result = {"counts": counts, "total": total}
    if total:
        mean = sum(LEVEL_KEYS.index(level) for level in levels) / total
        result["mean"] = round(mean, 2)
        result["reading"] = LEVEL_KEYS[int(mean + 0.5)]
        result["agreement"] = round(100 * max(counts.values()) / total)
        # Some see it shut while others see it open: worth a conversation, not an average.
        result["split"] = min(counts["closed"], counts["open"]) * 4 >= total
    return result


def levels_of(state) -> dict:
    found = {target: [] for target in targets(state)}
    for rating in state["ratings"].values():
        for target, level in rating["levels"].items():
            found.setdefault(target, []).append(level)
    return found


def levels_by_sector(state) -> dict:
    found: dict = {target: {} for target in targets(state)}
    for rating in state["ratings"].values():
        for target, level in rating["levels"].items():
            found.setdefault(target, {}).setdefault(rating["author"]["sector"] or "", []).append(level)
    return found


def gauges(state) -> dict:
    return {target: summarise(levels) for target, levels in levels_of(state).items()}


# -- plan and exports -------------------------------------------------------------------------


def plan(state, config) -> list[dict]:
    tallies = tallies_of(state)
    notes = [state["notes"][nid] for nid in ranking(state, tallies)]
    items = _reading_items(state)
    shown = set()
    for effect, kind in (("opens", "enabler"), ("closes", "barrier")):
        chosen = [n for n in notes if n["effect"] == effect][:TOP]
        items += [_note_item(n, kind, tallies, f"note:{n['id']}") for n in chosen]
        shown.update(n["id"] for n in chosen)
    # Each note is proposed once: a dated enabler or barrier already carries its date.
    for note_id in timeline(state):
        if note_id not in shown:
            items.append(_note_item(state["notes"][note_id], "moment", tallies, f"moment:{note_id}"))
    items += [_action_item(a) for a in sorted(state["actions"].values(), key=lambda a: a["order"])]
    return items


def _reading_items(state) -> list:
    if not state["ratings"]:
        return []
    readings = gauges(state)
    wording = {"kind": "reading", "gauges": {target: {"reading": gauge["reading"], "counts": gauge["counts"]}
                                             for target, gauge in readings.items() if gauge["total"]}}
    words = plan_wording(wording)
    sectors = [r["author"]["sector"] for r in state["ratings"].values() if r["author"]["sector"]]
    return [plan_item("window", words["title"], words["text"],
                      data={"gauges": readings, "raters": len(state["ratings"])}, sectors=sectors,
                      ref="window:reading", wording=wording)]


def _level(key: str) -> str:
    """A reading of the window in running text: "closed", "opening", "open"."""
    return str(LEVEL_LABELS[key]).lower() if key in LEVEL_LABELS else str(key)


def _label(labels, key) -> str:
    return str(labels[key]) if key in labels else str(key or "")


def _note_item(note, kind, tallies, ref) -> dict:
    votes = tallies.get(note["id"], 0)
    wording = {"kind": kind, "text": note["text"], "column": note["column"], "effect": note["effect"],
               "influence": note["influence"], "votes": votes, "date": note["date"]}
    words = plan_wording(wording)
    return plan_item(
        "window",
        words["title"],
        words["text"],
        data={"kind": kind, "column": note["column"], "effect": note["effect"],
              "influence": note["influence"], "date": note["date"], "votes": votes},
        sectors=[note["author"]["sector"]] if note["author"]["sector"] else [],
        ref=ref,
        wording=wording,
    )


def _action_item(item) -> dict:
    wording = {"kind": "action", "action_kind": item["kind"], "column": item["column"], "note": item["note_text"],
               "owner": item["lead"], "due": item["date"]}
    return plan_item(
        "actions",
        item["text"],
        plan_wording(wording)["text"],
        # The plan's one vocabulary for actions (every exporter reads it): owner and due.
        data={"kind": item["kind"], "column": item["column"], "note": item["note_text"], "owner": item["lead"],
              "due": item["date"]},
        sectors=item["sectors"],
        ref=f"action:{item['id']}",
        wording=wording,
    )


def plan_wording(wording) -> dict:
    """A plan item's words in the current language (the core asks for them for every reader):
    labels, counts and dates are written here, from keys, numbers and calendar days."""
    kind = wording.get("kind")
    if kind == "reading":
        parts = []
        for target, gauge in (wording.get("gauges") or {}).items():
            counts = ", ".join(gettext("%(n)s %(level)s", n=format_number((gauge.get("counts") or {}).get(k, 0)),
                                       level=_level(k)) for k in LEVEL_KEYS)
            parts.append(gettext("%(target)s: %(reading)s (%(counts)s)", target=_label(LABELS, target),
                                 reading=_level(gauge.get("reading")), counts=counts))
        return {"title": gettext("How open the window is"), "text": "; ".join(parts) + "."}
    if kind in ("enabler", "barrier", "moment"):
        votes = int(wording.get("votes") or 0)
        details = [_label(LABELS, wording.get("column")), _label(INFLUENCE_LABELS, wording.get("influence")).lower(),
                   ngettext("%(num)s vote", "%(num)s votes", votes)]
        if wording.get("date"):
            details.append(gettext("dated %(date)s", date=format_day(wording["date"])))
        if kind == "enabler":
            heading = gettext("Enabler: %(text)s", text=wording.get("text") or "")
        elif kind == "barrier":
            heading = gettext("Barrier: %(text)s", text=wording.get("text") or "")
        else:
            heading = f"{format_day(wording.get('date'))}: {wording.get('text') or ''}"
        return {"title": heading, "text": " · ".join(details)}
    if kind == "action":
        details = [_label(KIND_LABELS, wording.get("action_kind")),
                   gettext("from %(column)s: %(note)s", column=_label(LABELS, wording.get("column")),
                           note=wording.get("note") or "")]
        if wording.get("owner"):
            details.append(gettext("led by %(lead)s", lead=wording["owner"]))
        if wording.get("due"):
            details.append(gettext("by %(date)s", date=format_day(wording["due"])))
        return {"text": " · ".join(details)}
    return {}


def plan_data_words(data) -> dict:
    """The keys in a plan item's data as a reader reads them (the plan's tables show them): an
    action's kind, a note's column, effect and influence. A note's kind is in its heading."""
    words = {}
    if data.get("kind") in KIND_LABELS:
        words["kind"] = str(KIND_LABELS[data["kind"]])
    elif "kind" in data:
        words["kind"] = None
    for key, labels in (("column", LABELS), ("effect", dict(EFFECTS)), ("influence", INFLUENCE_LABELS)):
        if data.get(key) in labels:
            words[key] = str(labels[data[key]])
    return words


def contributions(state) -> list[dict]:
    tallies = tallies_of(state)
    effects = dict(EFFECTS)
    rows = [
        _row("note", n["column"], n["text"], n["author"], effect=str(effects[n["effect"]]),
             influence=str(INFLUENCE_LABELS[n["influence"]]), date=n["date"], votes=tallies.get(n["id"], 0))
        for n in sorted(state["notes"].values(), key=lambda n: n["order"])
    ]
    for rating in state["ratings"].values():
        rows += [_row("rating", target, "", rating["author"], rating=level)
                 for target, level in rating["levels"].items()]
    for item in sorted(state["actions"].values(), key=lambda a: a["order"]):
        rows.append(_row("action", item["column"], item["text"], {}, treat_as=str(KIND_LABELS[item["kind"]]),
                         due=item["date"], owner=item["lead"], note=item["note_text"]))
    return rows


def _row(kind, column, text, author, **extra) -> dict:
    row = {"kind": kind, "column": str(LABELS.get(column, column)), "text": text, "effect": "", "influence": "",
           "date": "", "votes": 0, "rating": "", "treat_as": "", "owner": "", "due": "", "note": "",
           **author_cells(author)}
    row.update(extra)
    return row


# -- measures: what a partnership follows from one workshop to the next -------------------------


def _reading_label(target: str):
    return _l("How open the window is: %(stream)s", stream=LABELS.get(target, target))


def _mean_level(levels: list) -> float:
    return round(sum(LEVEL_KEYS.index(level) for level in levels) / len(levels), 2)


def measures(state, config) -> list[Measure]:
    """How open the room reads the window, per stream and as a whole, from 0 (closed) to 2
    (open): once K people rated that stream, and per sector only for the groups
    publishable_groups allows (one person's reading never shows)."""
    found = []
    by_sector = levels_by_sector(state)
    for target, levels in levels_of(state).items():
        if len(levels) < K_ANONYMITY:
            continue
        key, label = f"reading:{target}", _reading_label(target)
        found.append(Measure(key, label, _mean_level(levels), low=0, high=len(LEVEL_KEYS) - 1, count=len(levels)))
        groups = by_sector.get(target, {})
        for sector in sorted(publishable_groups({s: len(v) for s, v in groups.items()})):
            found.append(Measure(key, label, _mean_level(groups[sector]), low=0, high=len(LEVEL_KEYS) - 1,
                                 group=sector, count=len(groups[sector])))
    return found


def reportable(state, item_key):
    """A participant's note (issue 23: the room can report one): ``"note:<id>"``."""
    return contributed(state, "notes", "note", item_key)


def removal(state, item_key):
    """A reported note is taken away by deleting it, as the facilitator's Delete does."""
    return removed_by("delete_note", "note_id", state, "notes", "note", item_key)
