"""What each audience sees of a Reframing step, and the ratings arithmetic shared with the plan.

Privacy is enforced here: while a step is hidden only counts leave the server; in anonymous
mode no names, and an insider mark or insider rating only when the group behind it is large
enough (see :data:`app.exercises.contract.K_ANONYMITY`); while ratings are kept back, no
averages and no ranking by score reach participants or the screen.

The view sends no ranking arrays: a merge patch replaces an array whole, so each rating would
re-send every reframe id of the sector to every phone. The page orders a sector's reframes as
:func:`ranking` does: by ``rating.average``, then ``rating.count`` (highest first) and ``order``
while ``ratings_shown``; in writing ``order`` otherwise (the view then has no averages).
"""
from __future__ import annotations

from flask_babel import gettext, lazy_pgettext

from app.exercises import Column, author_cells, format_number, plan_item
from app.exercises.contract import K_ANONYMITY
from plugins.reframing.forms import PHASES

#: The spreadsheets' words for the keys of this exercise's rows and plan items (Exercise.columns).
SHEET_COLUMNS = {
    "kind": Column(lazy_pgettext("reframing column", "type"), {
        "priority": lazy_pgettext("reframing column", "priority"),
        "reframe": lazy_pgettext("reframing column", "reframe"),
        "rating": lazy_pgettext("reframing column", "rating")}),
    "sector": lazy_pgettext("reframing column", "sector it is for"),
    "prompt": lazy_pgettext("reframing column", "prompt"),
    "insider": lazy_pgettext("reframing column", "written or rated from that sector"),
    "score": lazy_pgettext("reframing column", "score"),
    "chosen": lazy_pgettext("reframing column", "chosen"),
    "framing": lazy_pgettext("reframing column", "framing"),
    "original": lazy_pgettext("reframing column", "first wording"),
    "priorities": lazy_pgettext("reframing column", "priorities it answers"),
    "issue": lazy_pgettext("reframing column", "issue"),
}

RUNNERS_UP = 3
AGREES = 4  # a rating of 4 or 5 counts as agreeing that the framing lands


def average(scores: list) -> float:
    return round(sum(scores) / len(scores), 2) if scores else 0


def rating_summary(state: dict, reframe_id: str) -> dict:
    """Overall and insider ratings of one reframe, in full (for the facilitator and the plan)."""
    ratings = list(state["ratings"].get(reframe_id, {}).values())
    insiders = [r["score"] for r in ratings if r["insider"]]
    return {
        "count": len(ratings),
        "average": average([r["score"] for r in ratings]),
        "insider_count": len(insiders),
        "insider_average": average(insiders),
    }


def ranking(state: dict, sector: str, by_score: bool = True) -> list:
    """Reframe ids for ``sector``: best overall rating first, or in writing order."""
    ids = [r["id"] for r in state["reframes"].values() if r["sector"] == sector]
    order = {rid: state["reframes"][rid]["order"] for rid in ids}
    if not by_score:
        return sorted(ids, key=order.get)
    summaries = {rid: rating_summary(state, rid) for rid in ids}
    return sorted(ids, key=lambda rid: (-summaries[rid]["average"], -summaries[rid]["count"], order[rid]))


def _audience_rating(state: dict, reframe_id: str, audience, shown: bool) -> dict:
    full = rating_summary(state, reframe_id)
    if not shown:
        return {"count": full["count"]}
    result = {"count": full["count"], "average": full["average"]}
    insiders = [r for r in state["ratings"].get(reframe_id, {}).values() if r["insider"]]
    safe = audience.sees_authors or (
        len(insiders) >= K_ANONYMITY and all(audience.sector_visible(r["sector"]) for r in insiders)
    )
    if insiders and safe:
        result["insider_count"] = full["insider_count"]
        result["insider_average"] = full["insider_average"]
    return result


def _insider(item: dict, audience) -> bool:
    # An insider mark tells which sector the author is from, so it follows the same k rule.
    return bool(item["insider"]) and audience.sector_visible(item["author"].get("sector", ""))


def _with_author(row: dict, item: dict, audience) -> dict:
    author = audience.author(item["author"])
    if author is not None:
        row["author"] = author
    return row


def _priority(item: dict, audience) -> dict:
    row = {"id": item["id"], "sector": item["sector"], "text": item["text"],
           "insider": _insider(item, audience), "order": item["order"]}
    return _with_author(row, item, audience)


def _reframe(state: dict, item: dict, audience, shown: bool) -> dict:
    row = {
        "id": item["id"],
        "sector": item["sector"],
        "text": item["text"],
        "prompt": item["prompt"],
        "insider": _insider(item, audience),
        "links": list(item["links"]),
        "reworded": bool(item["original"]),
        "order": item["order"],
        "rating": _audience_rating(state, item["id"], audience, shown),
    }
    if audience.is_facilitator and item["original"]:
        row["original"] = item["original"]
    return _with_author(row, item, audience)


def counts(state: dict) -> dict:
    result = {s: {"priorities": 0, "reframes": 0} for s in state["config"]["sectors"]}
    for kind in ("priorities", "reframes"):
        for item in state[kind].values():
            result.setdefault(item["sector"], {"priorities": 0, "reframes": 0})[kind] += 1
    return result


#: With the config's "ratings_hidden", the room sees the ratings from this phase on (the
#: facilitator moves the room there; the core's phase bar shows it).
RATINGS_SHOWN_IN = "choose"


def ratings_visible(state: dict, audience) -> bool:
    return not state["config"].get("ratings_hidden", True) or audience.reached(RATINGS_SHOWN_IN)


def view(state: dict, audience) -> dict:
    config = state["config"]
    shown = audience.is_facilitator or ratings_visible(state, audience)
    raters = {rater for ratings in state["ratings"].values() for rater in ratings}
    view = {
        "issue": config["issue"],
        "phase": audience.phase or PHASES[0][0],
        "prompts": list(config["prompts"]),
        "sectors": list(config["sectors"]),
        "revealed": ratings_visible(state, audience),
        "ratings_hidden": bool(config.get("ratings_hidden", True)),
        "ratings_shown": shown,
        "counts": counts(state),
        "raters": len(raters),
        "hidden": not audience.sees_hidden,
        "priorities": {},
        "reframes": {},
        "chosen": {},
    }
    if not audience.sees_hidden:
        return view
    view["priorities"] = {p["id"]: _priority(p, audience) for p in state["priorities"].values()}
    view["reframes"] = {r["id"]: _reframe(state, r, audience, shown) for r in state["reframes"].values()}
    view["chosen"] = dict(state["chosen"])
    return view


def personal(state: dict, audience) -> dict:
    me = audience.participant_id
    config = state["config"]
    priorities = {p["id"]: {"id": p["id"], "sector": p["sector"], "text": p["text"]}
                  for p in state["priorities"].values() if p["author"]["id"] == me}
    reframes = {
        r["id"]: {"id": r["id"], "sector": r["sector"], "text": r["text"], "prompt": r["prompt"],
                  "links": list(r["links"]),
                  "rated": any(rater != me for rater in state["ratings"].get(r["id"], {}))}
        for r in state["reframes"].values() if r["author"]["id"] == me
    }
    ratings = {rid: by[me]["score"] for rid, by in state["ratings"].items() if me in by}
    left = {
        sector: {
            "priorities": config["priorities_per_person"] - _in_sector(priorities, sector),
            "reframes": config["reframes_per_person"] - _in_sector(reframes, sector),
        }
        for sector in config["sectors"]
    }
    return {"priorities": priorities, "reframes": reframes, "ratings": ratings, "left": left}


def _in_sector(items: dict, sector: str) -> int:
    return sum(1 for item in items.values() if item["sector"] == sector)


def plan(state: dict, config) -> list[dict]:
    """One "framing" item per target sector that has reframes: the chosen (or leading) framing."""
    return [item for sector in state["config"]["sectors"] if (item := _framing_item(state, sector))]


def contributions(state: dict) -> list[dict]:
    """One row per priority, reframe and rating."""
    return [*_priority_rows(state), *_reframe_rows(state), *_rating_rows(state)]


def _framing_item(state, sector):
    ranked = ranking(state, sector)
    if not ranked:
        return None
    chosen_id = state["chosen"].get(sector, "")
    lead_id = chosen_id or ranked[0]
    lead = state["reframes"][lead_id]
    rating = rating_summary(state, lead_id)
    priorities = [state["priorities"][p]["text"] for p in lead["links"] if p in state["priorities"]]
    runners_up = [
        {"text": state["reframes"][rid]["text"], **rating_summary(state, rid)}
        for rid in ranked if rid != lead_id
    ][:RUNNERS_UP]
    agreed = {r["sector"] for r in state["ratings"].get(lead_id, {}).values() if r["score"] >= AGREES}
    wording = {"kind": "framing", "sector": sector, "chosen": bool(chosen_id), "rating": rating,
               "priorities": priorities, "runners_up": runners_up}
    return plan_item(
        "framing",
        f"{sector}: {lead['text']}",
        plan_wording(wording)["text"],
        data={
            "sector": sector,
            "framing": lead["text"],
            "chosen": bool(chosen_id),
            "original": lead["original"],
            "prompt": lead["prompt"],
            "priorities": priorities,
            "ratings": rating,
            "runners_up": runners_up,
            "issue": state["config"]["issue"],
        },
        sectors=[s for s in {lead["author"]["sector"], *agreed} if s],
        ref=f"framing:{sector}",
        wording=wording,
    )


def plan_wording(wording) -> dict:
    """A framing item's words in the current language (the core asks for them for every reader)."""
    if wording.get("kind") != "framing":
        return {}
    return {"text": _framing_text(wording.get("sector") or "", bool(wording.get("chosen")), wording.get("rating") or {},
                                  wording.get("priorities") or [], wording.get("runners_up") or [])}


def _rating_text(rating) -> str:
    if not rating.get("count"):
        return gettext("not rated yet")
    overall = gettext("overall {average}/5 from {count}").format(average=format_number(rating.get("average") or 0),
                                                                  count=format_number(rating["count"]))
    if not rating.get("insider_count"):
        return overall
    return gettext("insiders {average}/5 from {count}, {overall}").format(
        average=format_number(rating.get("insider_average") or 0), count=format_number(rating["insider_count"]),
        overall=overall)


def _framing_text(sector, chosen, rating, priorities, runners_up) -> str:
    rated = _rating_text(rating)
    if chosen:
        parts = [gettext("Chosen framing for {sector}; {rating}.").format(sector=sector, rating=rated)]
    else:
        parts = [gettext("Leading (not yet chosen) framing for {sector}; {rating}.").format(
            sector=sector, rating=rated)]
    if priorities:
        parts.append(gettext("Connects to their priorities: {priorities}.").format(priorities="; ".join(priorities)))
    if runners_up:
        listed = "; ".join(f"{r['text']} ({_rating_text(r)})" for r in runners_up)
        parts.append(gettext("Runners-up: {runners_up}.").format(runners_up=listed))
    return " ".join(parts)


def _priority_rows(state):
    for p in state["priorities"].values():
        yield {"kind": "priority", "sector": p["sector"], "text": p["text"], "prompt": "", "insider": p["insider"],
               "score": "", "chosen": False, **author_cells(p["author"], "author_sector")}


def _reframe_rows(state):
    for r in state["reframes"].values():
        rating = rating_summary(state, r["id"])
        yield {"kind": "reframe", "sector": r["sector"], "text": r["text"], "prompt": r["prompt"],
               "insider": r["insider"], "score": rating["average"] if rating["count"] else "",
               "chosen": state["chosen"].get(r["sector"]) == r["id"], **author_cells(r["author"], "author_sector")}


def _rating_rows(state):
    for reframe_id, by in state["ratings"].items():
        reframe = state["reframes"].get(reframe_id)
        if reframe is None:
            continue
        for rater, rating in by.items():
            yield {"kind": "rating", "sector": reframe["sector"], "text": reframe["text"], "prompt": "",
                   "insider": rating["insider"], "score": rating["score"], "chosen": False,
                   **author_cells({"id": rater, "sector": rating["sector"]}, "author_sector")}
