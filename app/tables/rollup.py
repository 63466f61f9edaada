"""The roll-up of a step run in breakout tables (issue 22): back in plenary, every table's output
side by side with where it came from, and the facilitator's decisions about it. Pure: no
database, no clock; app/tables/rollup_docs.py reads the tables and app/tables/rollup_controls.py
stores the decisions.

A table's *output* is what its instance of the step would give the plan — the exercise's
``plan(state, config)`` items — so the roll-up needs nothing new from an exercise to show its
results. Each item is known by its *key*, ``"<instance id>:<ref>"``: the instance says which
table, the ref (stable across calls, the plan's own) which item, so a key stays right while
the table keeps working.

The decisions live on the plenary step (``Step.rollup``, JSON; :func:`decisions` reads it):

* ``adopted``: the keys already brought into the plenary step (``rollup_adopt``; refused twice);
* ``planned``: ``[{"id": "r1", "keys", "section", "title", "text", "data", "sectors", "tables"}]``,
  the items promoted to the plan (one, or several merged, in the facilitator's words), harvested
  into the partnership's plan like any step's items (app/plan/collect.py, ref ``rollup:<id>``);
* ``screen``: ``{"mode": "off" | "all" | "turn", "table": table id or None}``, what the room
  screen shows of them;
* ``next``: the number of the next ``planned`` id.

Provenance: the sectors seated at a table are named as the room screen names groups
(:meth:`app.exercises.Audience.breakdown` over that table's own headcounts): the community
roles as one "Lived experience" group when the workshop groups them, and in an anonymous
workshop only the groups of at least three people at that table — a sector someone is alone
of at their table is never named.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l

from app.exercises import Audience, Exercise
from app.exercises.contract import PLAN_SECTIONS, joined_words

SCREEN_MODES = ("off", "all", "turn")
#: The words of one promoted or adopted result: as long as the plan's own item titles and texts.
TITLE_MAX = 500
TEXT_MAX = 4000
#: At most this many items merged in one decision (a console sends what the facilitator ticked).
KEYS_MAX = 50


class RollupRefused(ValueError):
    """A decision the roll-up cannot take; ``code`` for the acknowledgement."""

    def __init__(self, message, code: str = "rule"):
        super().__init__(str(message))
        self.message, self.code = str(message), code


@dataclass(frozen=True)
class TableWork:
    """One table's instance of the step, as the roll-up needs it (read by rollup_docs)."""

    table_id: int
    name: str
    instance_id: int
    state: dict
    config: dict
    sector_counts: dict = field(default_factory=dict)  # sector -> people seated there now
    contributed: int = 0  # distinct participants with an action in the instance
    items: list | None = None  # the instance's plan items when the caller has them (a cache), else computed


def decisions(raw) -> dict:
    """The stored decisions (``Step.rollup``) with every part present, whatever was stored."""
    raw = raw if isinstance(raw, dict) else {}
    screen = raw.get("screen") if isinstance(raw.get("screen"), dict) else {}
    mode = screen.get("mode") if screen.get("mode") in SCREEN_MODES else "off"
    return {"adopted": [k for k in raw.get("adopted") or [] if isinstance(k, str)],
            "planned": [p for p in raw.get("planned") or [] if isinstance(p, dict) and p.get("id")],
            "screen": {"mode": mode, "table": screen.get("table") if mode == "turn" else None},
            "next": int(raw.get("next") or 1)}


def table_sectors(counts: dict, anonymous: bool, lived_experience: bool) -> list[str]:
    """The groups seated at a table that may be named (see the module's docstring), sorted."""
    audience = Audience(role="screen", anonymous=anonymous, sector_sizes=counts, lived_experience=lived_experience)
    return sorted(group for group in audience.breakdown(counts) if group and group != "other")


def outputs(exercise, works, anonymous: bool, lived_experience: bool) -> list[dict]:
    """Every table's output, in the order of ``works``: the table, its named sectors, its
    headcount, how many contributed, and its plan items keyed ``"<instance>:<ref>"``."""
    result = []
    for work in works:
        items = work.items if work.items is not None else exercise.plan(work.state, work.config) or []
        result.append({
            "table": work.table_id, "name": work.name, "instance": work.instance_id,
            "sectors": table_sectors(work.sector_counts, anonymous, lived_experience),
            "seated": sum(work.sector_counts.values()), "contributed": work.contributed,
            "items": [{**item, "key": f"{work.instance_id}:{item.get('ref') or item.get('title')}"}
                      for item in items if isinstance(item, dict) and item.get("section") in PLAN_SECTIONS],
        })
    return result


def chosen(tables: list[dict], keys) -> list[tuple[dict, dict]]:
    """The ``(item, table)`` of each key, in the order given; refused for no key, a repeated
    key or one that is not an item of these tables (another step's, another workshop's, gone)."""
    keys = list(keys or [])
    if not keys:
        raise RollupRefused(_l("Choose at least one table result."), code="invalid")
    if len(keys) > KEYS_MAX:
        raise RollupRefused(_l("Choose at most %(n)d table results at once.", n=KEYS_MAX), code="invalid")
    if len(set(keys)) != len(keys):
        raise RollupRefused(_l("The same table result is chosen twice."), code="invalid")
    found = {item["key"]: (item, table) for table in tables for item in table["items"]}
    missing = [k for k in keys if k not in found]
    if missing:
        raise RollupRefused(_l("That table result is not part of this step: refresh the console and choose "
                               "again."), code="not_found")
    return [found[k] for k in keys]


def adoption(exercise, picked, config, decided: dict, text: str | None) -> list[dict]:
    """The actions that bring the picked table items into the plenary step (the exercise's
    :meth:`~app.exercises.Exercise.adopt`); refused when one is adopted already (adopting is
    not idempotent: each adoption adds to the plenary step) or the exercise cannot adopt them."""
    already = [item["key"] for item, _table in picked if item["key"] in decided["adopted"]]
    if already:
        raise RollupRefused(_l("This table result is already in the plenary step."), code="already")
    actions = exercise.adopt([item for item, _table in picked], config, text)
    if not actions:
        raise RollupRefused(_l("This step cannot take table results in: add them to the plan instead."),
                            code="not_adoptable")
    return [{"type": str(a["type"]), "data": dict(a.get("data") or {})} for a in actions]


def promotion(picked, decided: dict, title: str | None, text: str | None) -> dict:
    """The ``planned`` entry for the picked items: the first item's section; its title and
    text (or the items' words joined) unless the facilitator gave theirs; the sectors of the
    items and of their tables; the tables' names. Refused for items already in the plan."""
    planned = {key for entry in decided["planned"] for key in entry.get("keys") or []}
    if any(item["key"] in planned for item, _table in picked):
        raise RollupRefused(_l("This table result is already in the plan."), code="already")
    items = [item for item, _table in picked]
    first = items[0]
    tables = []
    for _item, table in picked:
        if table["name"] not in tables:
            tables.append(table["name"])
    sectors = {s for item in items for s in item.get("sectors") or []}
    sectors |= {s for _item, table in picked for s in table["sectors"]}
    data = {k: v for k, v in (first.get("data") or {}).items() if k != "wording"} if len(items) == 1 else {}
    return {"id": f"r{decided['next']}", "keys": [item["key"] for item in items], "section": first["section"],
            "title": (title or joined_words(items, "title"))[:TITLE_MAX],
            "text": text if text is not None else joined_words(items, "text"),
            "data": data, "sectors": sorted(sectors), "tables": tables}


def screen_choice(tables: list[dict], mode: str, table_id) -> dict:
    """The screen's mode; in turn, the table to show (the first when none is named)."""
    if mode not in SCREEN_MODES:
        raise RollupRefused(_l("Choose what the screen shows."), code="invalid")
    if mode != "turn":
        return {"mode": mode, "table": None}
    ids = [t["table"] for t in tables]
    if not ids:
        raise RollupRefused(_l("No table has worked on this step yet."), code="rule")
    if table_id is None:
        return {"mode": mode, "table": ids[0]}
    if table_id not in ids:
        raise RollupRefused(_l("That table is not part of this workshop."), code="not_found")
    return {"mode": mode, "table": table_id}


# -- the documents ------------------------------------------------------------------------


def console_part(exercise, tables: list[dict], decided: dict, config) -> dict:
    """``doc.steps[<plenary id>].rollup`` on the console (docs/protocol.md)."""
    planned = {key for entry in decided["planned"] for key in entry.get("keys") or []}
    adopted = set(decided["adopted"])

    def entry(item):
        return {"key": item["key"], "section": item["section"], "title": item.get("title") or "",
                "text": item.get("text") or "", "adopted": item["key"] in adopted,
                "planned": item["key"] in planned, "adoptable": _adoptable(exercise, item, config)}

    return {"adoptable": type(exercise).adopt is not Exercise.adopt,
            "tables": [{**_table_head(t), "items": [entry(i) for i in t["items"]]} for t in tables],
            "planned": [{"id": p["id"], "title": p.get("title") or "", "text": p.get("text") or "",
                         "keys": list(p.get("keys") or []), "tables": list(p.get("tables") or [])}
                        for p in decided["planned"]],
            "screen": dict(decided["screen"])}


def screen_part(step_id: int, title: str, tables: list[dict], decided: dict) -> dict | None:
    """``doc.rollup`` on the room screen, or None while its mode is off."""
    screen = decided["screen"]
    if screen["mode"] == "off":
        return None
    shown = tables if screen["mode"] == "all" else [t for t in tables if t["table"] == screen["table"]]
    return {"step": step_id, "title": title, "mode": screen["mode"],
            "tables": [{**_table_head(t), "items": [{"key": i["key"], "section": i["section"],
                                                     "title": i.get("title") or "", "text": i.get("text") or ""}
                                                    for i in t["items"]]} for t in shown]}


def plan_contributions(decided: dict) -> list[dict]:
    """The promoted items as :meth:`~app.exercises.Exercise.plan` contributions of the plenary
    step (ref ``rollup:<id>``), with the tables' names for the provenance."""
    return [{"section": p["section"], "title": p.get("title") or "", "text": p.get("text") or "",
             "data": dict(p.get("data") or {}), "sectors": list(p.get("sectors") or []),
             "ref": f"rollup:{p['id']}", "tables": list(p.get("tables") or [])}
            for p in decided["planned"] if p.get("section") in PLAN_SECTIONS]


def _table_head(table: dict) -> dict:
    return {k: table[k] for k in ("table", "name", "sectors", "seated", "contributed")}


def _adoptable(exercise, item, config) -> bool:
    try:
        return bool(exercise.adopt([item], config, None))
    except Exception:  # a plugin's bug makes an item not adoptable, never the console's document fail
        return False
