"""The alignment map: which sectors hold, share or partly share each theme (or ungrouped goal).

Pure functions of the state. A *row* is a theme with at least one goal, or a goal not yet in a
theme, so the map is live from the first card. A row's *reach* is the number of sectors that
hold it or share it; the bands follow from the reach:

* ``common``: shared by more than half of the sectors taking part (and at least two);
* ``some``: shared by two or more sectors, but not most;
* ``difference``: held by one sector alone — kept on the map, to be respected, not erased.
"""
from __future__ import annotations

LEVELS = {"held": 3, "shared": 2, "partly": 1}
BANDS = ("common", "some", "difference")


def _stronger(a: str, b: str) -> str:
    return a if LEVELS.get(a, 0) >= LEVELS.get(b, 0) else b


def holders(card: dict) -> list[dict]:
    """Authorship records of everyone who wrote this goal (its author and merged duplicates)."""
    return [card["author"]] + [m["author"] for m in card["merged"]]


def card_levels(state: dict, card: dict) -> dict:
    """Raw sector -> strongest level for one goal."""
    levels = {h["sector"]: "held" for h in holders(card)}
    for answer in state["responses"].get(card["id"], {}).values():
        levels[answer["sector"]] = _stronger(levels.get(answer["sector"], ""), answer["level"])
    return levels


def rows(state: dict) -> list[dict]:
    """Every map row with its raw per-sector levels, not yet ordered or filtered for anyone."""
    by_theme: dict = {}
    result = []
    for card in sorted(state["cards"].values(), key=lambda c: c["order"]):
        if card["theme"]:
            by_theme.setdefault(card["theme"], []).append(card)
        else:
            result.append({"id": card["id"], "kind": "goal", "label": card["text"], "cards": [card],
                           "order": card["order"]})
    for theme in state["themes"].values():
        if by_theme.get(theme["id"]):
            result.append({"id": theme["id"], "kind": "theme", "label": theme["name"],
                           "cards": by_theme[theme["id"]], "order": theme["order"]})
    for row in result:
        levels: dict = {}
        for card in row["cards"]:
            for sector, level in card_levels(state, card).items():
                levels[sector] = _stronger(levels.get(sector, ""), level)
        row["levels"] = levels
    return result


def sectors_taking_part(state: dict) -> list[str]:
    """Sectors of everyone who wrote a goal or answered for one, alphabetically."""
    found = set()
    for card in state["cards"].values():
        found.update(h["sector"] for h in holders(card))
    for answers in state["responses"].values():
        found.update(a["sector"] for a in answers.values())
    return sorted(found)


def band(reach: int, total: int) -> str:
    if reach >= 2 and reach * 2 > total:
        return "common"
    return "some" if reach >= 2 else "difference"


def reach(levels: dict) -> tuple[int, int]:
    """(sectors holding or sharing, sectors partly sharing)."""
    full = sum(1 for level in levels.values() if LEVELS[level] >= LEVELS["shared"])
    return full, sum(1 for level in levels.values() if level == "partly")


def ranked_rows(state: dict) -> tuple[list[dict], int]:
    """Rows ordered by how many sectors they reach, each with its reach and band; and the
    number of sectors taking part (the denominator of "most sectors")."""
    total = len(sectors_taking_part(state))
    result = []
    for row in rows(state):
        full, partly = reach(row["levels"])
        result.append({**row, "reach": full, "partly": partly, "band": band(full, total)})
    result.sort(key=lambda r: (-r["reach"], -r["partly"], r["order"]))
    return result, total


def rating_split(state: dict, theme_id: str) -> dict:
    split = {"essential": 0, "nice": 0}
    for vote in state["ratings"].get(theme_id, {}).values():
        split[vote["value"]] += 1
    return split


def fold(levels: dict, column) -> dict:
    """Re-key raw sector levels by ``column(sector)`` (small groups become "other"), keeping the
    strongest level in each column."""
    shown: dict = {}
    for sector, level in levels.items():
        key = column(sector)
        shown[key] = _stronger(shown.get(key, ""), level)
    return shown
