"""What each audience sees of the outcome indicators step, and what it gives the plan and exports.

Privacy, enforced here: ratings leave the server only as counts and averages, never per person
(a participant gets their own back in ``personal``). While the step is hidden, other
participants and the screen get a count of proposals and nothing else. Averages reach the
room (phones and screen) once it adopts; the facilitator sees them all along, and in an
anonymous workshop the room sees an indicator's averages only once 3 people have rated it.
Authors go through ``audience.author``. Indicators are keyed by id; the page sorts them.
"""
from __future__ import annotations

from flask_babel import gettext, lazy_pgettext
from flask_babel import lazy_gettext as _l

from app.exercises import Column, author_cells, format_day, format_number, plan_item
from app.exercises.contract import K_ANONYMITY, Measure
from plugins.indicators.forms import DIMENSIONS, KINDS, SCALE

KIND_LABELS = dict(KINDS)
_KIND = Column(lazy_pgettext("indicators column", "kind of indicator"), KIND_LABELS)
#: How a spreadsheet names each key of the rows and of the plan items' data (see ``Exercise.columns``).
SHEET_COLUMNS = {
    "kind": _KIND,
    "indicator_kind": _KIND,
    "source": lazy_pgettext("indicators column", "data source"),
    "baseline": lazy_pgettext("indicators column", "baseline"),
    "target": lazy_pgettext("indicators column", "target"),
    "unit": lazy_pgettext("indicators column", "unit"),
    "review_date": lazy_pgettext("indicators column", "review date"),
    "breakdown": lazy_pgettext("indicators column", "broken down by group"),
    "breakdown_why": lazy_pgettext("indicators column", "which groups, and why"),
    "adopted": lazy_pgettext("indicators column", "adopted"),
    "carried_over": lazy_pgettext("indicators column", "carried over from an earlier step"),
    "raters": lazy_pgettext("indicators column", "people who rated it"),
    "importance": lazy_pgettext("indicators column", "importance (average, 1 to 5)"),
    "feasibility": lazy_pgettext("indicators column", "feasibility (average, 1 to 5)"),
    "latest_value": lazy_pgettext("indicators column", "latest value"),
    "latest_date": lazy_pgettext("indicators column", "date of the latest value"),
}
#: The room (not the facilitator) sees the averages from this phase on.
SCORES_SHOWN_IN = "adopt"
FIELDS = ("id", "order", "name", "kind", "source", "owner", "baseline", "target", "unit", "review",
          "breakdown", "breakdown_why", "carried", "adopted", "values")


def summary(ratings: dict) -> dict:
    """Counts and averages of the ratings of one indicator: ``n`` raters, and per dimension the
    number of scores, their mean, the lowest and highest, and how many gave each score."""
    result = {"n": len(ratings)}
    for dimension in DIMENSIONS:
        scores = [r[dimension] for r in ratings.values() if r.get(dimension) is not None]
        counts = {str(s): 0 for s in range(1, SCALE + 1)}
        for score in scores:
            counts[str(score)] += 1
        result[dimension] = {"n": len(scores), "counts": counts,
                             "mean": round(sum(scores) / len(scores), 2) if scores else None,
                             "low": min(scores) if scores else None, "high": max(scores) if scores else None}
    return result


def scores_shown(state, audience, ratings) -> bool:
    if audience.is_facilitator:
        return True
    if not audience.reached(SCORES_SHOWN_IN):
        return False
    return not audience.anonymous or len(ratings) >= K_ANONYMITY


def _indicator(indicator, state, audience) -> dict:
    shown = {key: indicator[key] for key in FIELDS}
    author = audience.author(indicator["author"]) if indicator["author"].get("id") else None
    if author:
        shown["author"] = author
    ratings = state["ratings"].get(indicator["id"], {})
    shown["raters"] = len(ratings)
    if scores_shown(state, audience, ratings):
        shown["scores"] = summary(ratings)
    return shown


def view(state, audience) -> dict:
    indicators = state["indicators"]
    shown = audience.sees_hidden
    raters = {actor for ratings in state["ratings"].values() for actor in ratings}
    return {
        "outcome": state["config"]["outcome"],
        "scale": SCALE,
        "per_person": state["config"]["per_person"],
        "count": len(indicators),
        "adopted": sum(1 for i in indicators.values() if i["adopted"]),
        "raters": len(raters),
        "hidden_count": 0 if shown else len(indicators),
        "indicators": {key: _indicator(i, state, audience) for key, i in indicators.items()} if shown else {},
    }


def personal(state, audience) -> dict:
    me = audience.participant_id
    mine = {key: {k: i[k] for k in FIELDS} for key, i in state["indicators"].items() if i["author"]["id"] == me}
    ratings = {key: dict(r[me]) for key, r in state["ratings"].items() if me in r}
    return {"mine": mine, "ratings": ratings, "left": max(0, state["config"]["per_person"] - len(mine))}




# -- plan and exports ------------------------------------------------------------------------


def latest(indicator):
    """(day, value) of the most recent value recorded, or ("", None)."""
    values = indicator.get("values") or {}
    if not values:
        return "", None
    day = max(values)
    return day, values[day]


def _amount(value, unit) -> str:
    if value is None or value == "":
        return ""
    text = format_number(value) if isinstance(value, (int, float)) else str(value)
    return f"{text} {unit}".strip() if unit and isinstance(value, (int, float)) else text


def plan(state, config) -> list[dict]:
    items = []
    adopted = sorted((i for i in state["indicators"].values() if i["adopted"]), key=lambda i: i["order"])
    for indicator in adopted:
        scores = summary(state["ratings"].get(indicator["id"], {}))
        day, value = latest(indicator)
        wording = {"kind": "indicator", "indicator_kind": indicator["kind"], "name": indicator["name"],
                   "baseline": indicator["baseline"], "target": indicator["target"], "unit": indicator["unit"],
                   "source": indicator["source"], "owner": indicator["owner"], "review": indicator["review"],
                   "breakdown": indicator["breakdown"], "breakdown_why": indicator["breakdown_why"],
                   "latest": value, "latest_date": day}
        words = plan_wording(wording)
        sector = indicator["author"].get("sector")
        items.append(plan_item(
            "indicators", words["title"], words["text"],
            data={"indicator_kind": indicator["kind"], "owner": indicator["owner"],
                  "baseline": indicator["baseline"], "target": indicator["target"], "unit": indicator["unit"],
                  "source": indicator["source"], "review_date": indicator["review"],
                  "breakdown": indicator["breakdown"], "breakdown_why": indicator["breakdown_why"],
                  "importance": scores["importance"]["mean"], "feasibility": scores["feasibility"]["mean"],
                  "raters": scores["n"], "latest_value": value, "latest_date": day,
                  "values": dict(indicator.get("values") or {})},
            sectors=[sector] if sector else [], ref=f"indicator:{indicator['id']}", wording=wording))
    return items


def plan_wording(wording) -> dict:
    """An adopted indicator's words in the reader's language: the kind, baseline → target,
    the source, who tracks it, the review date, the breakdown and the latest value."""
    if wording.get("kind") != "indicator":
        return {}
    unit = wording.get("unit") or ""
    parts = [str(KIND_LABELS.get(wording.get("indicator_kind"), ""))]
    baseline, target = _amount(wording.get("baseline"), unit), _amount(wording.get("target"), unit)
    if baseline and target:
        parts.append(gettext("from %(baseline)s now to %(target)s", baseline=baseline, target=target))
    elif target:
        parts.append(gettext("target: %(target)s", target=target))
    elif baseline:
        parts.append(gettext("baseline: %(baseline)s", baseline=baseline))
    if wording.get("source"):
        parts.append(gettext("data from %(source)s", source=wording["source"]))
    if wording.get("owner"):
        parts.append(gettext("tracked by %(owner)s", owner=wording["owner"]))
    if wording.get("review"):
        parts.append(gettext("reviewed on %(date)s", date=format_day(wording["review"])))
    if wording.get("breakdown"):
        why = wording.get("breakdown_why")
        parts.append(gettext("broken down by group: %(why)s", why=why) if why
                     else gettext("broken down by group"))
    if wording.get("latest_date"):
        parts.append(gettext("latest: %(value)s on %(date)s", value=_amount(wording.get("latest"), unit),
                             date=format_day(wording["latest_date"])))
    return {"title": wording.get("name") or "", "text": " · ".join(p for p in parts if p)}


def plan_data_words(data) -> dict:
    words = {"values": None}
    if data.get("indicator_kind") in KIND_LABELS:
        words["indicator_kind"] = str(KIND_LABELS[data["indicator_kind"]])
    return words


def contributions(state) -> list[dict]:
    """One row per indicator, with the room's averages; never a rating per person."""
    rows = []
    for indicator in sorted(state["indicators"].values(), key=lambda i: i["order"]):
        scores = summary(state["ratings"].get(indicator["id"], {}))
        day, value = latest(indicator)
        rows.append({
            "indicator": indicator["name"], "kind": indicator["kind"],
            "source": indicator["source"], "owner": indicator["owner"],
            "baseline": "" if indicator["baseline"] is None else indicator["baseline"],
            "target": "" if indicator["target"] is None else indicator["target"], "unit": indicator["unit"],
            "review_date": indicator["review"], "breakdown": indicator["breakdown"],
            "breakdown_why": indicator["breakdown_why"], "adopted": indicator["adopted"],
            "carried_over": indicator["carried"], "raters": scores["n"],
            "importance": "" if scores["importance"]["mean"] is None else scores["importance"]["mean"],
            "feasibility": "" if scores["feasibility"]["mean"] is None else scores["feasibility"]["mean"],
            "latest_value": "" if value is None else value, "latest_date": day,
            **author_cells(indicator["author"]),
        })
    return rows




# -- measures: what a partnership follows from one check-in to the next -------------------------

#: How each figure of an indicator is labelled (the indicator's name, as written, goes in),
#: in the reader's language when it is read.
MEASURE_LABELS = {
    "value": lambda name: _l("%(name)s: latest value", name=name),
    "importance": lambda name: _l("%(name)s: importance", name=name),
    "feasibility": lambda name: _l("%(name)s: feasibility", name=name),
}


def measure_key(name: str) -> str:
    """An indicator's name folded to lower case, spaces tidied: the same indicator re-rated or
    measured again at a later check-in lines up with this one."""
    return " ".join(str(name or "").split()).casefold()


def measures(state, config) -> list[Measure]:
    """Per indicator (the first of any with the same folded name): its latest value when it is a
    number, and its importance and feasibility averages once K people gave that score (an
    average of one or two people would be their own score)."""
    found, seen = [], set()
    for indicator in sorted(state["indicators"].values(), key=lambda i: i["order"]):
        key = measure_key(indicator["name"])
        if not key or key in seen:
            continue
        seen.add(key)
        _day, value = latest(indicator)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            found.append(Measure(f"{key}:value", MEASURE_LABELS["value"](indicator["name"]), value,
                                 unit=indicator["unit"] or ""))
        scores = summary(state["ratings"].get(indicator["id"], {}))
        for dimension in DIMENSIONS:
            if scores[dimension]["n"] >= K_ANONYMITY:
                found.append(Measure(f"{key}:{dimension}", MEASURE_LABELS[dimension](indicator["name"]),
                                     scores[dimension]["mean"], low=1, high=SCALE, count=scores[dimension]["n"]))
    return found
