"""The plan and the one-page workshop summary as PDF, drawn from the export model.

The same content as the print view (app/exports/templates), laid out by reportlab
(:mod:`app.exports.pdf_layout`): a heading block, one section per plan section, tables for
roles, indicators and actions (owner and due columns), the workshops, page numbers.
reportlab is imported only when a PDF is asked for.
"""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import ngettext

from app.exports.agreement_doc import signature_lines
from app.exports.model import TABLES, contribution_count, exported_line, table_line, table_points
from app.i18n import current_language

#: Relative column widths of the plan's tables (the first column, the item, gets the most room).
#: How far a step's tables (and what each gave) are indented under it.
INDENT = "&nbsp;" * 3
WIDTHS = {"roles": (3, 2, 2, 4), "indicators": (3, 2, 2, 2), "actions": (5, 2, 1.4, 1.2)}


def render(doc: dict) -> bytes:
    """The partnership plan."""
    from app.exports import pdf_layout as pl

    name = doc["partnership"]["name"]
    story = _plan_heading(pl, doc)
    if doc["empty"]:
        story.append(pl.para(doc["empty_note"]))
    for section in doc["sections"]:
        story += _section(pl, doc, section)
    if doc["workshops"]:
        story += _workshops(pl, doc["workshops"])
    return pl.build(story, title=_("%(name)s: partnership plan", name=name), lang=current_language(), footer=name,
                    page_label=_page_label)


def render_brief(brief: dict) -> bytes:
    """The newcomer brief of one organisation (app/partnerships/brief.py)."""
    from app.exports import pdf_layout as pl
    from app.partnerships.brief import CHAMPION_HEADING, champion_line, detail_line, handover_heading, part_titles

    name = brief["partnership"]["name"]
    story = [pl.para(name, "kicker"), pl.para(_("Newcomer brief: %(organisation)s",
                                                 organisation=brief["organisation"]), "title")]
    if brief["sector"]:
        story.append(pl.para(_("Sector: %(sector)s", sector=brief["sector"]), "meta"))
    if brief["partnership"]["purpose"]:
        story.append(pl.para(brief["partnership"]["purpose"]))
    story += [pl.para(str(CHAMPION_HEADING), "h2"), pl.para(champion_line(brief["champion"]))]
    if brief["champion"] and brief["champion"]["note"]:
        story += [pl.para(handover_heading(brief["champion"]), "h3"), pl.para(brief["champion"]["note"])]
    for part, heading in part_titles().items():
        story.append(pl.para(heading, "h2"))
        entries = [pl.rich(f"<b>{pl.escape(e['title'])}</b>"
                           + (f" ({pl.escape(detail_line(part, e))})" if detail_line(part, e) else "")
                           + (f": {pl.escape(e['text'])}" if e["text"] else "")) for e in brief["parts"][part]]
        story.append(pl.bullets(entries) if entries else pl.para(_("Nothing in the plan yet.")))
    return pl.build(story, title=_("Newcomer brief: %(organisation)s", organisation=brief["organisation"]),
                    lang=current_language(), footer=name, page_label=_page_label)


def render_agreement(agreement: dict) -> bytes:
    """The agreement document (app/exports/agreement_doc.py), as the DOCX has it."""
    from app.exports import pdf_layout as pl

    name = agreement["partnership"]["name"]
    story = [pl.para(_("%(name)s: partnership agreement", name=name), "title")]
    if agreement["partnership"]["purpose"]:
        story.append(pl.para(agreement["partnership"]["purpose"]))
    story += [pl.para(_("The parties"), "h2"), pl.bullets([pl.para(p) for p in agreement["parties"]])
              if agreement["parties"] else pl.para("—"), pl.para(_("What the parties agree"), "h2")]
    if agreement["empty"]:
        story.append(pl.para(_("No clause is in the plan yet: promote the agreement's clauses in the plan first.")))
    for clause in agreement["clauses"]:
        story.append(pl.para(_("Clause %(number)d. %(heading)s", number=clause["number"], heading=clause["heading"]),
                             "h3"))
        if clause["draft"]:
            story.append(pl.para(_("Draft: not agreed yet"), "meta"))
        if clause["partner"]:
            story.append(pl.para(_("Partner: %(name)s", name=clause["partner"]), "meta"))
        if clause["text"]:
            story.append(pl.para(clause["text"]))
    if agreement["future"]:
        story += [pl.para(_("Clauses left for future negotiation"), "h2"),
                  pl.bullets([pl.rich(f"<b>{pl.escape(c['heading'])}</b>" + (f": {pl.escape(c['text'])}" if c["text"]
                                                                              else "")) for c in agreement["future"]])]
    story.append(pl.para(_("Signatures"), "h2"))
    for party in agreement["parties"]:
        # A block split over two pages would leave a signature without its party's name.
        story.append(pl.together([pl.para(party, "h3"), *(pl.para(f"{_('%(field)s:', field=line)} " + "_" * 40)
                                                          for line in signature_lines())]))
    if agreement["log"]:
        story.append(pl.para(_("Annex: decision log"), "h2"))
        for entry in agreement["log"]:
            story += [pl.para(entry["heading"], "h3"), pl.para(_("Outcome: %(outcome)s", outcome=entry["outcome"]),
                                                               "meta")]
            for version in entry["versions"]:
                story += [pl.para(_("Version %(number)s", number=version["number"]), "h3"), pl.para(version["text"])]
                rows = [[p["organisation"], p["answer"] or _("no position recorded"), p["reason"]]
                        for p in version["positions"]]
                if rows:
                    story.append(pl.table([_("Party"), _("Position"), _("Reason")], rows, widths=(3, 2, 4)))
                if version["reservations"]:
                    story.append(pl.bullets([pl.para(_("Reservation: %(reason)s", reason=r))
                                             for r in version["reservations"]]))
    return pl.build(story, title=_("%(name)s: partnership agreement", name=name), lang=current_language(),
                    footer=name, page_label=_page_label)


def render_summary(doc: dict) -> bytes:
    """One workshop: agenda, who took part, what it gave the plan."""
    from app.exports import pdf_layout as pl

    workshop = doc["workshop"]
    story = [pl.para(_("%(name)s · workshop summary", name=doc["partnership"]["name"]), "kicker"),
             pl.para(workshop["title"], "title"), pl.para(_status_line(workshop), "meta"),
             pl.para(_people_line(workshop["participants"]), "meta"), pl.para(_("Agenda"), "h2")]
    story.append(pl.bullets([pl.rich(pl.escape(f"{s['title']} ({s['exercise_title']}, {_count(s)})") + _tables(pl, s))
                             for s in workshop["steps"]], numbered=True))
    story.append(pl.para(_("What it gave the plan"), "h2"))
    statuses = {"proposed": _("proposed"), "promoted": _("promoted"), "dropped": _("dropped")}
    items = [pl.rich(f"<b>{pl.escape(item['title'])}</b>" + (f": {pl.escape(item['text'])}" if item["text"] else "")
                     + f" ({pl.escape(statuses.get(item['status'], item['status']))})") for item in doc["plan_items"]]
    story.append(pl.bullets(items) if items else pl.para(_("Nothing from this workshop is in the plan yet.")))
    return pl.build(story, title=_("%(title)s: summary", title=workshop["title"]), lang=current_language(),
                    footer=workshop["title"], page_label=_page_label)


def render_comparison(doc: dict) -> bytes:
    """"What changed" between two moments (app/exports/comparison_doc.py), as the DOCX has it."""
    from app.exports import pdf_layout as pl

    story = [pl.para(doc["partnership"]["name"], "kicker"), pl.para(doc["title"], "title"),
             pl.para(doc["span"], "meta")]
    if doc["room"]:
        story += [pl.para(doc["room_heading"], "h2"), pl.para(doc["room"]["note"], "meta")]
        if doc["room"]["same"]:
            story.append(pl.para(_("The same organisations took part.")))
        for title, names in doc["room"]["groups"]:
            story += [pl.para(title, "h3"), pl.bullets([pl.para(name) for name in names])]
    if doc["figures"]:
        figures = doc["figures"]
        story += [pl.para(doc["figures_heading"], "h2"), pl.para(figures["note"], "meta")]
        for entry in figures["exercises"]:
            story.append(pl.para(entry["title"], "h3"))
            if entry["moved"] or entry["unchanged"]:
                story.append(pl.table(figures["headers"], entry["moved"] + entry["unchanged"],
                                      widths=(4, 2, 1.5, 1.5, 1.5)))
            if entry["new"]:
                story += [pl.para(doc["new_figures_heading"], "meta"),
                          pl.table(figures["new_headers"], entry["new"], widths=(4, 2, 1.5))]
    if doc["nothing"]:
        story.append(pl.para(doc["nothing"]))
    for section in doc["sections"]:
        story.append(pl.para(section["title"], "h2"))
        for group in section["groups"]:
            story += [pl.para(group["title"], "h3"),
                      pl.bullets([pl.rich(f"<b>{pl.escape(entry['title'])}</b>"
                                          + "".join(f"<br/>{pl.escape(detail)}" for detail in entry["details"]))
                                  for entry in group["entries"]])]
    return pl.build(story, title=doc["title"], lang=current_language(), footer=doc["partnership"]["name"],
                    page_label=_page_label)


def _page_label(number: int, total: int) -> str:
    return _("Page %(number)d of %(total)d", number=number, total=total)


def _plan_heading(pl, doc: dict) -> list:
    partnership = doc["partnership"]
    story = [pl.para(_("Partnership plan · draft"), "kicker"), pl.para(partnership["name"], "title")]
    if partnership["purpose"]:
        story.append(pl.para(partnership["purpose"], "purpose"))
    if partnership["sectors"]:
        story.append(pl.para(_("Sectors: %(names)s", names=", ".join(partnership["sectors"])), "meta"))
    if partnership["organisations"]:
        story.append(pl.para(_("Organisations: %(names)s", names=", ".join(partnership["organisations"])), "meta"))
    story += [pl.para(exported_line(doc), "meta"), pl.gap()]
    return story


def _section(pl, doc: dict, section: dict) -> list:
    story = [pl.para(section["title"], "h2")]
    if section["key"] in TABLES:
        headers, keys = TABLES[section["key"]]
        story.append(pl.table([str(h) for h in headers], [[row[k] for k in keys] for row in doc[section["key"]]],
                              WIDTHS.get(section["key"])))
        notes = [pl.para(f"{item['title']}: {item['provenance_line']}", "meta")
                 for item in section["items"] if item.get("provenance_line")]
        return story + ([pl.gap(2), pl.bullets(notes)] if notes else [])
    checkins = {row["id"]: row for row in doc.get("checkins", [])}
    story.append(pl.bullets([_item(pl, item, checkins.get(item["id"]) if section["key"] == "checkins" else None)
                             for item in section["items"]]))
    return story


def _item(pl, item: dict, checkin: dict | None):
    markup = f"<b>{pl.escape(item['title'])}</b>"
    if item.get("text"):
        markup += f"<br/>{pl.escape(item['text'])}"
    if checkin and (checkin["cadence"] or checkin["dates"]):
        when = " · ".join(part for part in (checkin["cadence"], ", ".join(checkin["dates_text"])) if part)
        markup += f"<br/><font size='8.5' color='#5b6472'>{pl.escape(when)}</font>"
    if item.get("provenance_line"):
        markup += f"<br/><font size='8.5' color='#5b6472'>{pl.escape(item['provenance_line'])}</font>"
    return pl.rich(markup)


def _workshops(pl, workshops: list) -> list:
    statuses = {"draft": _("draft"), "lobby": _("lobby"), "live": _("live"), "ended": _("ended")}
    entries = []
    for w in workshops:
        head = f"<b>{pl.escape(w['title'])}</b>" + (f" {pl.escape(_('(anonymous)'))}" if w["anonymous"] else "")
        meta = statuses.get(w["status"], w["status"])
        if w["ended_at"]:
            meta += " · " + _("ended %(date)s", date=w["ended_at"][:10])
        steps = "".join(f"<br/>– {pl.escape(s['title'])} ({pl.escape(s['exercise_title'])}): {pl.escape(_count(s))}"
                        + _tables(pl, s) for s in w["steps"])
        entries.append(pl.rich(f"{head} <font size='8.5' color='#5b6472'>{pl.escape(meta)}</font>{steps}"))
    return [pl.para(_("Workshops"), "h2"), pl.bullets(entries)]


def _count(step: dict) -> str:
    return contribution_count(len(step["contributions"]["rows"]))


def _tables(pl, step: dict) -> str:
    """A step's breakout tables as lines of markup under it: each table's line, then what it
    gave, indented (user text escaped: a table's name is the facilitator's words)."""
    markup = ""
    for table in step.get("tables") or []:
        markup += f"<br/>{INDENT}· {pl.escape(table_line(table, isolate=False))}"
        markup += "".join(f"<br/>{INDENT * 2}{pl.escape(point)}" for point in table_points(table))
    return markup


def _status_line(workshop: dict) -> str:
    statuses = {"draft": _("Draft"), "lobby": _("Lobby"), "live": _("Live"), "ended": _("Ended")}
    parts = [statuses.get(workshop["status"], workshop["status"])]
    if workshop["ended_at"]:
        parts.append(_("ended %(date)s", date=workshop["ended_at"][:10]))
    if workshop["anonymous"]:
        parts.append(_("anonymous contributions"))
    return " · ".join(parts)


def _people_line(people: dict) -> str:
    line = ngettext("%(num)d participant", "%(num)d participants", sum(people.values()))
    if people:
        line += ": " + ", ".join(f"{sector or _('no sector')} {count}" for sector, count in sorted(people.items()))
    return line
