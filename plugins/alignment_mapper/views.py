"""What each audience sees of the Alignment mapper, and what it gives the shared plan.

Privacy is enforced here: while goals are hidden (the core's switch, which "think alone first"
turns on until the room leaves the goals phase) no goal or theme text leaves the server for participants or the screen,
only counts; in anonymous mode authors go through ``audience.author`` and every per-sector
column through ``audience.sector_visible`` (groups under three fold into "other").

The map's rows are keyed by id, not an array: a merge patch replaces an array whole, so each
answer would re-send the whole map to every phone. Each row carries ``reach``, ``partly`` and
``order``; the page orders them as :func:`alignment.ranked_rows` does (most reach first).
"""
from __future__ import annotations

from flask_babel import gettext, lazy_pgettext
from flask_babel import lazy_gettext as _l

from app.exercises import author_cells, format_number, plan_item
from app.exercises.contract import Measure
from app.exercises.grouping import publishable_groups
from plugins.alignment_mapper import alignment

#: The spreadsheets' words for the keys of this exercise's rows and plan items (Exercise.columns).
SHEET_COLUMNS = {
    "goal": lazy_pgettext("alignment_mapper column", "goal"),
    "theme": lazy_pgettext("alignment_mapper column", "theme"),
    "merged_into": lazy_pgettext("alignment_mapper column", "merged into"),
    "shared_by": lazy_pgettext("alignment_mapper column", "shared by"),
    "partly_shared_by": lazy_pgettext("alignment_mapper column", "partly shared by"),
    "held_against": lazy_pgettext("alignment_mapper column", "held against"),
    "band": lazy_pgettext("alignment_mapper column", "band"),
    "reach": lazy_pgettext("alignment_mapper column", "sectors sharing it"),
    "total_sectors": lazy_pgettext("alignment_mapper column", "sectors taking part"),
    "sectors_sharing": lazy_pgettext("alignment_mapper column", "sectors that share it"),
    "sectors_partly": lazy_pgettext("alignment_mapper column", "sectors that partly share it"),
    "essential": lazy_pgettext("alignment_mapper column", "essential for"),
    "nice": lazy_pgettext("alignment_mapper column", "nice to have for"),
    "goals": lazy_pgettext("alignment_mapper column", "goals"),
}

OTHER = "other"


def text_hidden(state: dict, audience) -> bool:
    return not audience.sees_hidden


def _column(audience):
    return lambda sector: sector if audience.sector_visible(sector) else OTHER


def _columns(state, audience) -> list[str]:
    """Map columns: the partnership's own sector order first, then any others; "other" last."""
    column = _column(audience)
    present = {column(s) for s in alignment.sectors_taking_part(state)}
    order = [s for s in audience.sectors if s in present]
    order += sorted(present - set(order) - {OTHER})
    return order + ([OTHER] if OTHER in present else [])


def view(state: dict, audience) -> dict:
    """The view every member of ``audience`` gets (see the module docstring for privacy)."""
    config = state["config"]
    hidden = text_hidden(state, audience)
    view = {
        "purpose": config["purpose"],
        "phase": audience.phase or "goals",
        # Keys only: everyone in an audience may read another language; the page names them.
        "phases": [{"key": p} for p in config["phases"]],
        "hidden": hidden,
        "think_alone": audience.hidden and (audience.phase or "goals") == "goals",
        "participants_group": bool(config.get("participants_group")),
        "limits": {"goals": config["cards_per_participant"], "length": config["max_length"]},
        "counts": _counts(state, audience),
    }
    if hidden:
        return {**view, "cards": {}, "themes": {}, "map": {"sectors": [], "rows": {}, "total_sectors": 0}}
    return {**view, "cards": _cards(state, audience), "themes": _themes(state), "map": _map(state, audience)}


def _counts(state, audience) -> dict:
    by_sector: dict = {}
    for card in state["cards"].values():
        by_sector[card["author"]["sector"]] = by_sector.get(card["author"]["sector"], 0) + 1
    responders = {actor for answers in state["responses"].values() for actor in answers}
    raters = {actor for votes in state["ratings"].values() for actor in votes}
    return {"goals": len(state["cards"]), "themes": len(state["themes"]), "responders": len(responders),
            "raters": len(raters), "by_sector": audience.breakdown(by_sector)}


def _cards(state, audience) -> dict:
    column = _column(audience)
    cards = {}
    for card in state["cards"].values():
        own = {h["sector"] for h in alignment.holders(card)}
        others = {s: lvl for s, lvl in alignment.card_levels(state, card).items() if s not in own}
        answers = state["responses"].get(card["id"], {}).values()
        cards[card["id"]] = {
            "id": card["id"],
            "text": card["text"],
            "theme": card["theme"],
            "order": card["order"],
            "merged": len(card["merged"]),
            "merged_texts": [m["text"] for m in card["merged"]],
            "author": audience.author(card["author"]) or {},
            "held_by": sorted({column(s) for s in own}),
            "shares": alignment.fold(others, column),
            "shared": sum(1 for a in answers if a["level"] == "shared"),
            "partly": sum(1 for a in answers if a["level"] == "partly"),
        }
    return cards


def _themes(state) -> dict:
    themes = {}
    for theme in state["themes"].values():
        goals = sum(1 for c in state["cards"].values() if c["theme"] == theme["id"])
        themes[theme["id"]] = {"id": theme["id"], "name": theme["name"], "order": theme["order"], "goals": goals,
                               **alignment.rating_split(state, theme["id"])}
    return themes


def _map(state, audience) -> dict:
    column = _column(audience)
    ranked, total = alignment.ranked_rows(state)
    rows = {}
    for row in ranked:
        item = {"id": row["id"], "kind": row["kind"], "label": row["label"], "goals": len(row["cards"]),
                "cells": alignment.fold(row["levels"], column), "reach": row["reach"],
                "partly": row["partly"], "band": row["band"], "order": row["order"]}
        if row["kind"] == "theme":
            item.update(alignment.rating_split(state, row["id"]))
        rows[row["id"]] = item
    return {"sectors": _columns(state, audience), "rows": rows, "total_sectors": total}


def personal(state: dict, audience) -> dict:
    """One participant's own goals (even while hidden), answers, ratings and goals left."""
    me = audience.participant_id
    mine = {c["id"]: {"id": c["id"], "text": c["text"], "theme": c["theme"], "merged": len(c["merged"])}
            for c in state["cards"].values() if c["author"]["id"] == me}
    held = sorted(c["id"] for c in state["cards"].values() if any(h["id"] == me for h in alignment.holders(c)))
    return {
        "cards": mine,
        "held": held,
        "goals_left": max(0, state["config"]["cards_per_participant"] - len(mine)),
        "responses": {cid: answers[me]["level"] for cid, answers in state["responses"].items() if me in answers},
        "ratings": {tid: votes[me]["value"] for tid, votes in state["ratings"].items() if me in votes},
    }


def plan(state: dict, config=None) -> list[dict]:
    """Purpose, common ground and differences to respect, each naming its sectors."""
    ranked, total = alignment.ranked_rows(state)
    everyone = alignment.sectors_taking_part(state)
    purpose = {"kind": "purpose"}
    items = [plan_item("purpose", plan_wording(purpose)["title"], state["config"]["purpose"],
                       data={"held_against": [r["label"] for r in ranked]}, sectors=everyone, ref="purpose",
                       wording=purpose)]
    for row in ranked:
        items.append(_plan_row(state, row, total))
    return items


def _plan_row(state, row, total) -> dict:
    sharing = sorted(s for s, lvl in row["levels"].items() if alignment.LEVELS[lvl] >= alignment.LEVELS["shared"])
    partly = sorted(s for s, lvl in row["levels"].items() if lvl == "partly")
    split = alignment.rating_split(state, row["id"]) if row["kind"] == "theme" else {"essential": 0, "nice": 0}
    data = {"band": row["band"], "reach": row["reach"], "total_sectors": total, "sectors_sharing": sharing,
            "sectors_partly": partly, **split, "goals": [c["text"] for c in row["cards"]]}
    section = "differences" if row["band"] == "difference" else "common_ground"
    wording = {"kind": section, "sharing": sharing, "partly": partly, "total": total, **split}
    return plan_item(section, row["label"], plan_wording(wording)["text"], data=data, sectors=sharing + partly,
                     ref=f"{row['kind']}:{row['id']}", wording=wording)


def plan_wording(wording) -> dict:
    """A plan item's words in the current language (the core asks for them for every reader)."""
    kind = wording.get("kind")
    if kind == "purpose":
        return {"title": gettext("Shared purpose")}
    sharing, partly = ", ".join(wording.get("sharing") or []), ", ".join(wording.get("partly") or [])
    if kind == "differences":
        return {"text": gettext("Held by %(sectors)s; partly shared by %(partly)s.", sectors=sharing,
                                partly=partly) if partly else gettext("Held by %(sectors)s.", sectors=sharing)}
    if kind != "common_ground":
        return {}
    text = gettext("Shared by %(count)s of %(total)s sectors: %(sectors)s.",
                   count=format_number(len(wording.get("sharing") or [])),
                   total=format_number(wording.get("total") or 0), sectors=sharing)
    if partly:
        text += " " + gettext("Partly shared by %(sectors)s.", sectors=partly)
    essential, nice = wording.get("essential") or 0, wording.get("nice") or 0
    if essential or nice:
        text += " " + gettext("Essential for %(essential)s, nice to have for %(nice)s.",
                              essential=format_number(essential), nice=format_number(nice))
    return {"text": text}


def plan_data_words(data) -> dict:
    """The band of a plan item's data as a reader reads it (the plan's tables show it)."""
    bands = {"common": gettext("Common ground"), "some": gettext("Shared by some"),
             "difference": gettext("Differences to respect")}
    return {"band": bands[data["band"]]} if data.get("band") in bands else {}


def contributions(state: dict) -> list[dict]:
    """One row per goal written, duplicates included (with the goal they were merged into)."""
    result = []
    for card in sorted(state["cards"].values(), key=lambda c: c["order"]):
        theme = state["themes"].get(card["theme"], {}).get("name", "")
        answers = state["responses"].get(card["id"], {}).values()
        # Lists, so anonymous exports can hide a small sector's answer without parsing text.
        shared = sorted({a["sector"] for a in answers if a["level"] == "shared"})
        partly = sorted({a["sector"] for a in answers if a["level"] == "partly"})
        entries = [(card["text"], card["author"], "")]
        entries += [(m["text"], m["author"], card["text"]) for m in card["merged"]]
        for text, author, merged_into in entries:
            result.append({"goal": text, "theme": theme, "merged_into": merged_into, "shared_by": shared,
                           "partly_shared_by": partly, **author_cells(author)})
    return result


# -- measures: what a partnership follows from one workshop to the next -------------------------

COMMON_GROUND = _l("Share of the partners' goals on common ground")


def _share(cards: list, common: set) -> float:
    return round(100 * sum(1 for card in cards if card["id"] in common) / len(cards))


def measures(state, config) -> list[Measure]:
    """The share of goals (merged duplicates count once) whose row is on common ground, for the
    whole room and per sector of the goals' writers; a sector only when K people or more wrote
    its goals, and only sectors that leave out nobody or K people or more (publishable_groups)."""
    cards = sorted(state["cards"].values(), key=lambda c: c["order"])
    if not cards:
        return []
    ranked, _total = alignment.ranked_rows(state)
    common = {card["id"] for row in ranked if row["band"] == "common" for card in row["cards"]}
    writers: dict = {}
    for card in cards:
        for holder in alignment.holders(card):
            writers.setdefault(holder.get("sector") or "", set()).add(holder.get("id"))
    everyone = set().union(*writers.values())
    found = [Measure("common_ground", COMMON_GROUND, _share(cards, common), unit="%", low=0, high=100,
                     count=len(everyone))]
    for sector in sorted(publishable_groups({s: len(people) for s, people in writers.items()})):
        theirs = [c for c in cards if any((h.get("sector") or "") == sector for h in alignment.holders(c))]
        found.append(Measure("common_ground", COMMON_GROUND, _share(theirs, common), unit="%", low=0, high=100,
                             group=sector, count=len(writers[sector])))
    return found
