"""What each audience sees of a pulse, the plan and the export. Privacy is the whole point here.

The pulse is anonymous whatever the workshop's switch says, for every audience, the facilitator
included: no view sends an actor id, a name, or one person's answer. What leaves the server:

* while answering: how many people have answered each question (counts only — no distribution
  or mean moves while people answer, so nobody can diff the results before and after one answer);
* in the results phase, and only when at least ``K_ANONYMITY`` people answered (in all, and that
  question): per question the count at each scale point and the mean; per sector only for
  groups of at least ``K_ANONYMITY`` answers, with what is left over folded into "other" only
  when that rest is itself at least ``K_ANONYMITY`` (else the smallest shown group joins it,
  so the rest can never be worked out by subtraction); sector pairs from shown groups only;
  comments without author, sector or value, in alphabetical order (not the order they came in).
"""
from __future__ import annotations

from flask_babel import gettext

from app.exercises import format_number, plan_item
from app.exercises.contract import K_ANONYMITY, Measure
from app.exercises.grouping import publishable_groups
from plugins.trust_pulse.forms import CORE, HIGH, LOW

OTHER = "other"
#: A question whose mean is at or below this goes to the plan's "Open questions" (flags)
#: instead of the regular check-ins: the partners should talk about it, not just note it.
LOW_MEAN = 2.5
CORE_WORDS = dict(CORE)


def ordered_questions(state) -> list:
    return sorted(state["questions"].values(), key=lambda q: q["order"])


def respondents(state) -> int:
    return sum(1 for sheet in state["sheets"].values() if sheet["answers"])


def _answers(state, question_id) -> list:
    """(sector, value, comment) of every answer to one question, in no person's order."""
    found = []
    for sheet in state["sheets"].values():
        given = sheet["answers"].get(question_id)
        if given is not None:
            found.append((sheet.get("sector") or "", given["value"], given.get("comment") or ""))
    return found


def _mean(values) -> float:
    return round(sum(values) / len(values), 2) if values else 0


def _raw_mean(values) -> float:
    return sum(values) / len(values) if values else 0


def _summary(values) -> dict:
    counts = {str(point): 0 for point in range(LOW, HIGH + 1)}
    for value in values:
        counts[str(value)] += 1
    return {"n": len(values), "counts": counts, "mean": _mean(values)}


def sector_groups(answers) -> dict:
    """Sector -> values, only for groups of at least K answers; what is left is ``other`` and
    shown only when it too has at least K (else the smallest group is folded into it until it
    does, or nothing is left to show): no group can be worked out from the total by subtraction
    (:func:`~app.exercises.grouping.publishable_groups`)."""
    by_sector: dict = {}
    for sector, value, _comment in answers:
        by_sector.setdefault(sector, []).append(value)
    published = publishable_groups({sector: len(values) for sector, values in by_sector.items()})
    if not published:
        return {}
    shown = {sector: by_sector[sector] for sector in published}
    rest = [v for s, values in by_sector.items() if s not in published for v in values]
    if rest:
        shown[OTHER] = rest
    return shown


def question_results(state, question_id) -> dict:
    answers = _answers(state, question_id)
    result = _summary([value for _s, value, _c in answers])
    groups = sector_groups(answers)
    result["sectors"] = {sector: _summary(values) for sector, values in sorted(groups.items())}
    named = sorted(s for s in groups if s != OTHER)
    result["pairs"] = {
        f"{a} | {b}": {"a": a, "b": b, "gap": round(abs(_raw_mean(groups[a]) - _raw_mean(groups[b])), 2)}
        for i, a in enumerate(named) for b in named[i + 1:]
    }
    comments = sorted((c for _s, _v, c in answers if c), key=lambda c: (c.casefold(), c))
    result["comments"] = {f"c{n}": {"text": text, "order": n} for n, text in enumerate(comments)}
    return result


def results_final(state) -> bool:
    """The results phase cannot be left once results could show (K people answered): answering
    again and showing them again would let anyone diff one person's answer. With fewer, nothing
    was shown, and the facilitator may reopen the answers."""
    return respondents(state) >= K_ANONYMITY


def shown(state, audience) -> bool:
    """Results reach this audience: the results phase, the step not hidden from it, and enough
    people (K) answered."""
    return (audience.reached("results") and audience.sees_hidden
            and respondents(state) >= K_ANONYMITY)


def view(state, audience) -> dict:
    results_now = shown(state, audience)
    questions = {}
    for question in ordered_questions(state):
        row = {"id": question["id"], "order": question["order"], "core": question["core"],
               "answered": len(_answers(state, question["id"]))}
        if not question["core"]:
            row["text"] = question["text"]
        if results_now and row["answered"] >= K_ANONYMITY:
            row["results"] = question_results(state, question["id"])
        questions[question["id"]] = row
    return {
        "questions": questions,
        "respondents": respondents(state),
        "k": K_ANONYMITY,
        "results_shown": results_now,
        "low_mean": LOW_MEAN,
    }


def personal(state, audience) -> dict:
    """The participant's own answers, so they can change them; nothing of anyone else's."""
    sheet = state["sheets"].get(audience.participant_id or "")
    if not sheet:
        return {"answers": {}}
    return {"answers": {q: {"value": a["value"], "comment": a.get("comment", "")}
                        for q, a in sheet["answers"].items()}}


def _question_words(state, question_id) -> str:
    question = state["questions"].get(question_id, {})
    return question.get("text") or str(CORE_WORDS.get(question_id, question_id))


def plan_wording(wording) -> dict | None:
    if wording.get("kind") != "pulse_question":
        return None
    question = wording.get("question", "")
    words = str(CORE_WORDS[question]) if question in CORE_WORDS else wording.get("text", "")
    mean, n = format_number(wording.get("mean", 0)), wording.get("n", 0)
    if wording.get("low"):
        title = gettext("Low trust pulse: %(question)s", question=words)
        text = gettext("The partners scored this %(mean)s out of 5 (%(n)d answers): worth talking "
                       "through before the next check-in.", mean=mean, n=n)
    else:
        title = gettext("Trust pulse: %(question)s", question=words)
        text = gettext("The partners scored this %(mean)s out of 5 (%(n)d answers). Ask it again at "
                       "the next check-in to see the trend.", mean=mean, n=n)
    return {"title": title, "text": text}


def plan(state, config) -> list:
    """One item per question answered by at least K people: "checkins", or "flags" when its mean
    is at or below LOW_MEAN. ``data`` carries the stable question key, the mean and n (and the
    counts per point), so the partnership journey can trend the core questions."""
    if respondents(state) < K_ANONYMITY:
        return []
    items = []
    for question in ordered_questions(state):
        values = [value for _s, value, _c in _answers(state, question["id"])]
        if len(values) < K_ANONYMITY:
            continue
        summary = _summary(values)
        low = summary["mean"] <= LOW_MEAN
        wording = {"kind": "pulse_question", "question": question["id"], "mean": summary["mean"],
                   "n": summary["n"], "low": low}
        if not question["core"]:
            wording["text"] = question["text"]
        words = plan_wording(wording)
        items.append(plan_item(
            "flags" if low else "checkins", words["title"], words["text"],
            data={"question": question["id"], "core": question["core"], "mean": summary["mean"],
                  "n": summary["n"], "counts": summary["counts"]},
            ref=f"pulse:{question['id']}", wording=wording))
    return items


def plan_data_words(data) -> dict:
    return {"question": None, "core": None, "counts": None}


def contributions(state) -> list:
    """One row per question with its counts and mean (no person, no sector): the export keeps
    the pulse anonymous whatever the workshop's switch. Empty until K people answered."""
    if respondents(state) < K_ANONYMITY:
        return []
    rows = []
    for question in ordered_questions(state):
        values = [value for _s, value, _c in _answers(state, question["id"])]
        if len(values) < K_ANONYMITY:
            continue
        summary = _summary(values)
        rows.append({"question_key": question["id"], "question": _question_words(state, question["id"]),
                     "n": summary["n"], "mean": summary["mean"],
                     **{f"count_{point}": count for point, count in summary["counts"].items()}})
    return rows


def _measure_key(question) -> str:
    """A core question's own key; an added question's words folded, so the same question asked
    again at a later check-in lines up with this one."""
    return question["id"] if question["core"] else "asked:" + " ".join(question["text"].split()).casefold()


def measures(state, config) -> list[Measure]:
    """Each question's mean on its 1-5 scale and how many answered, for the whole room once K
    people answered it, and per sector only for the groups :func:`sector_groups` shows (never
    "other": the rest is the whole room minus the shown groups, itself K people or more)."""
    if respondents(state) < K_ANONYMITY:
        return []
    found, keys = [], set()
    for question in ordered_questions(state):
        answers = _answers(state, question["id"])
        key = _measure_key(question)
        if len(answers) < K_ANONYMITY or key in keys:
            continue
        keys.add(key)
        label = CORE_WORDS[question["id"]] if question["core"] else question["text"]
        values = [value for _s, value, _c in answers]
        found.append(Measure(key, label, _mean(values), low=LOW, high=HIGH, count=len(values)))
        for sector, group in sorted(sector_groups(answers).items()):
            if sector != OTHER:
                found.append(Measure(key, label, _mean(group), low=LOW, high=HIGH, group=sector, count=len(group)))
    return found
