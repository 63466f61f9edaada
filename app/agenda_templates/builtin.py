"""The built-in agenda templates, as plain data.

Each template: ``key``, ``name``, ``summary`` (one line) and ``steps``; each step:
``exercise_key``, ``title``, ``duration_minutes``, ``config`` (overrides of keys the exercise's
config form has, validated when applied) and ``notes`` for the facilitator: why the step is
there, how to run it, timings and what to watch for. Written for this project from the method
in the seeds, in our own words.

The texts are English here, marked with :func:`N_` for the catalog; :func:`localized` gives a
template in the current language (a French facilitator gets French titles, notes and prompts).
"""
from __future__ import annotations

import copy

from flask_babel import gettext

#: Keys of a template, of a step and of a step's ``config`` that hold text for people.
TEXT_KEYS = ("name", "summary", "title", "notes", "prompt", "categories")


def N_(text: str) -> str:  # noqa: N802 - the conventional name for "mark for translation, translate later"
    """Mark ``text`` for the catalog; it is translated at use time by :func:`localized`."""
    return text

KICKOFF = {
    "key": "kickoff",
    "name": N_("Cross-sector partnership kick-off"),
    "summary": N_("A first working session: find the common ground, read the moment, speak each partner's "
               "language, share out the roles, then test the plan."),
    "steps": [
        {
            "exercise_key": "alignment_mapper",
            "title": N_("Where our goals meet"),
            "duration_minutes": 40,
            "config": {"cards_per_participant": 4, "hide_goals": True},
            "notes": N_(
                "Why: partners from different sectors arrive with their own mandates and measures of success. "
                "Before any planning, the room needs to see where those aims overlap with the purpose we hold "
                "together, and to name the gaps honestly instead of smoothing them over.\n"
                "How: ten minutes of quiet writing, each person alone (goals stay private until you reveal "
                "them). Then ten minutes marking which goals others share, ten for grouping them into themes, "
                "ten for calling each theme essential or nice to have.\n"
                "Watch for: one sector's vocabulary taking over the themes, and differences being merged "
                "away. Keep a real disagreement as its own theme; it belongs in the plan too."
            ),
        },
        {
            "exercise_key": "policy_window",
            "title": N_("Is now the moment? Politics, People, Power"),
            "duration_minutes": 35,
            "config": {"votes": 3, "ratings_hidden": True},
            "notes": N_(
                "Why: whether partners say yes depends a lot on conditions outside the room. Budgets, "
                "elections, who holds authority and what the press or campaigners are pushing all shape how "
                "receptive a partner can be this season.\n"
                "How: fifteen minutes mapping notes under the three Ps, each marked as opening or closing "
                "the window and as within or beyond our reach. Five minutes of voting, five for each person "
                "to rate the window privately before you reveal, ten to turn the strongest notes into actions "
                "with dates.\n"
                "Watch for: a long list of things nobody can change. Steer the room back to what it can "
                "actually influence, and to dates worth aiming for."
            ),
        },
        {
            "exercise_key": "reframing",
            "title": N_("Our issue in each partner's words"),
            "duration_minutes": 35,
            "config": {"reframes_per_person": 2, "ratings_hidden": True},
            "notes": N_(
                "Why: a stretched organisation rarely takes on a problem framed as someone else's job. It "
                "engages when the work eases a load it already carries or serves a goal it already has.\n"
                "How: ten minutes listing what each sector is under pressure to deliver this year; fifteen "
                "writing our issue again in those terms (two attempts each per sector); ten rating whether "
                "each version would land, ratings hidden until you reveal them.\n"
                "Watch for: the ratings of people who actually work in that sector. If insiders shrug at a "
                "framing everyone else loves, believe the insiders. Drop framings that promise more than "
                "the partnership can deliver."
            ),
        },
        {
            "exercise_key": "role_board",
            "title": N_("Who leads, who does what"),
            "duration_minutes": 35,
            "config": {"overload_limit": 2, "hide_nominations": False},
            "notes": N_(
                "Why: shared work stalls when nobody is clearly coordinating it, and quietly tilts when one "
                "organisation ends up holding every key role. Deciding roles in the open is what makes the "
                "later agreement credible.\n"
                "How: five minutes to read the roles and groups aloud and cut or add any; fifteen for "
                "volunteering and nominating, with a reason each time; fifteen to confirm, looking at the "
                "gaps and overload flags together.\n"
                "Watch for: empty roles that everyone politely ignores, a large public body collecting "
                "roles because it has the staff, and sectors with no seat on any group. Write unresolved "
                "gaps down rather than forcing a name on them today."
            ),
        },
        {
            "exercise_key": "ideas",
            "title": N_("Plan review: gaps and owners"),
            "duration_minutes": 20,
            "config": {
                "prompt": N_("Looking at what we built today: what is missing from our plan, and who will take "
                          "it forward?"),
                "categories": N_("Gap in the plan\nRisk or roadblock\nNext step and its owner"),
                "dots": 3,
                "notes_per_participant": 5,
            },
            "notes": N_(
                "Why: a plan written in one afternoon always has holes, and people are more candid about them "
                "before they leave the room than in an email afterwards. Naming owners now turns good "
                "intentions into work someone will pick up next week.\n"
                "How: show the plan page on the screen. Eight minutes of notes, each tagged as a gap, a risk "
                "or a next step. Four minutes to cluster duplicates, five minutes of dots, three to read the "
                "top items back and put a name and a date on each.\n"
                "Watch for: next steps with no owner, and risks that quietly assume another sector will "
                "absorb the cost. Close by agreeing when you will check in next."
            ),
        },
    ],
}

def _kickoff_step(index: int, minutes: int, notes: str, **config) -> dict:
    """A step of the full kick-off, retimed for a shorter slot, with its own notes."""
    step = copy.deepcopy(KICKOFF["steps"][index])
    step.update(duration_minutes=minutes, notes=notes)
    step["config"].update(config)
    return step


#: The kick-off in a 90-minute slot: the same five exercises, each cut to its core.
KICKOFF_90 = {
    "key": "kickoff_90",
    "name": N_("Partnership kick-off in 90 minutes"),
    "summary": N_("The five kick-off exercises, timed for a ninety-minute meeting: common ground, the moment, "
               "each partner's terms, roles, and a last look at the plan."),
    "steps": [
        _kickoff_step(0, 25, N_(
            "Why: nothing else in the session holds unless partners first see which of their own aims the "
            "shared purpose serves, and where they part ways.\n"
            "Timing: eight minutes of writing alone, seven for marking which goals others share, ten for "
            "sorting them into themes. Drop the essential or nice-to-have round unless the room is quick; "
            "the themes are what the plan needs.\n"
            "Tip: before revealing, read out two or three goals from the sectors that have spoken least."),
            cards_per_participant=3),
        _kickoff_step(1, 20, N_(
            "Why: a good idea offered in the wrong season is turned down, so the room checks what outside "
            "pressures favour or block the work right now.\n"
            "Timing: ten minutes of notes under the three columns, four of voting, six to turn the two "
            "strongest notes into actions with a date. Leave out the private rating if time is tight.\n"
            "Tip: when a note sounds out of our hands, ask which small part of it is not."), votes=2),
        _kickoff_step(2, 15, N_(
            "Why: each partner signs up for work that answers its own pressures, so the issue has to be "
            "said in terms each sector already uses.\n"
            "Timing: five minutes naming what every sector must deliver this year, seven for rewriting "
            "the issue (one attempt per person), three for rating the versions.\n"
            "Tip: let the people who work in each sector rate first; when they are unconvinced, their "
            "view outweighs everyone else's."), reframes_per_person=1),
        _kickoff_step(3, 20, N_(
            "Why: work without a clear coordinator drifts, and roles piled on one organisation tilt the "
            "partnership, so roles are shared out in the open.\n"
            "Timing: three minutes to read the roles and groups aloud, ten to volunteer or nominate with a "
            "reason, seven to confirm whatever is already clear.\n"
            "Tip: a role that nobody takes today is a finding rather than a failure. Leave it open, say so "
            "out loud and record it as a gap.")),
        _kickoff_step(4, 10, N_(
            "Why: people name the holes in a plan most honestly before they leave the room, and an owner "
            "named today is far likelier to act next week.\n"
            "Timing: five minutes of notes, three of dots, two to give the top item an owner and a date.\n"
            "Tip: close by fixing the date of the next meeting while everyone is still present, and put "
            "that date in the plan before you end the workshop."), notes_per_participant=3),
    ],
}

#: The kick-off in one hour: four exercises; reframing waits for the next meeting.
KICKOFF_60 = {
    "key": "kickoff_60",
    "name": N_("Partnership kick-off in one hour"),
    "summary": N_("A one-hour start: the goals we share, whether the time is right, who takes which role, and "
               "the gaps to close next."),
    "steps": [
        _kickoff_step(0, 20, N_(
            "Why: with only an hour, the most useful thing the room can leave with is a clear view of "
            "the aims it already holds in common and of its real differences.\n"
            "Timing: seven minutes writing alone, six marking which goals others share, seven grouping "
            "them into themes.\n"
            "Tip: two goals each is plenty in a short session. Before moving on, name the biggest "
            "difference out loud so that it is kept rather than quietly merged away."),
            cards_per_participant=2),
        _kickoff_step(1, 15, N_(
            "Why: whether partners can commit depends on budgets, elections and who holds authority this "
            "season, so take a quick reading of the moment.\n"
            "Timing: eight minutes of notes, three for voting, four to turn the strongest note into one "
            "action with a date.\n"
            "Tip: keep the room on what it could influence before the next meeting, and park the rest "
            "as context for the plan rather than debating it now."), votes=2),
        _kickoff_step(3, 15, N_(
            "Why: a partnership with nobody coordinating it stalls within weeks, so the hour should end "
            "with at least the lead role settled or honestly open.\n"
            "Timing: ten minutes to volunteer or nominate an organisation, each with a reason, and five "
            "to confirm the lead or coordinating role.\n"
            "Tip: if nobody is ready to lead yet, agree instead who will call and host the next meeting, "
            "and note the open role as a gap.")),
        _kickoff_step(4, 10, N_(
            "Why: a short meeting leaves loose ends, and naming them with an owner now is what keeps the "
            "momentum going until the partners meet again.\n"
            "Timing: five minutes of notes, three of dots, two to give the top item an owner and a date.\n"
            "Tip: put the reframing exercise on the agenda of the next meeting, and agree its date before "
            "anyone leaves the room."), notes_per_participant=3),
    ],
}

CHECK_IN = {
    "key": "check_in",
    "name": N_("Partnership check-in"),
    "summary": N_("For a partnership already under way: what changed, is the window still open, are the roles "
               "still right, and what we do next."),
    "steps": [
        {
            "exercise_key": "ideas",
            "title": N_("What has changed since we last met?"),
            "duration_minutes": 15,
            "config": {
                "prompt": N_("What has changed for your organisation, or in our shared work, since we last met?"),
                "categories": N_("Progress\nNew people or roles\nNew pressure or opportunity\nStuck"),
                "dots": 0,
                "notes_per_participant": 4,
            },
            "notes": N_(
                "Why: partnerships drift between meetings. Staff move on, budgets shift and a contact who "
                "championed the work may have left. A short round of news rebuilds a shared picture before "
                "anyone makes decisions, and welcomes anyone new.\n"
                "How: no voting here. Seven minutes of notes tagged by kind, five minutes reading them aloud "
                "by category, three to note anything that changes today's agenda.\n"
                "Watch for: newcomers who do not know the history. If a key contact has changed, take a "
                "minute to restate the shared purpose for them; trust is built person by person, not "
                "inherited from a predecessor."
            ),
        },
        {
            "exercise_key": "policy_window",
            "title": N_("Re-read the window"),
            "duration_minutes": 25,
            "config": {"votes": 3, "notes_per_participant": 8, "ratings_hidden": True},
            "notes": N_(
                "Why: the climate that made partners receptive last time may have moved. A new budget, a "
                "change of minister or leader, or a story in the local news can open a door or shut one, "
                "and the plan should follow.\n"
                "How: keep it brisk. Ten minutes of notes on what is different under each of the three Ps, "
                "five minutes of voting, five for private window ratings and the reveal, five to turn one "
                "or two notes into dated actions.\n"
                "Watch for: the room repeating last session's map. Ask directly what is new, and compare "
                "today's ratings with the last snapshot of the plan."
            ),
        },
        {
            "exercise_key": "role_board",
            "title": N_("Roles and gaps, revisited"),
            "duration_minutes": 25,
            "config": {"overload_limit": 2},
            "notes": N_(
                "Why: roles agreed at the start wear thin. People leave, an organisation takes on too much, "
                "a steering group stops meeting. Checking the board regularly catches this before it "
                "becomes a quiet breakdown between partners.\n"
                "How: show the board and ask each organisation to confirm, hand over or drop what it holds "
                "(ten minutes). Then ten minutes on open roles and overload flags, five to confirm changes.\n"
                "Watch for: an organisation that has said yes to everything and delivered little, which is "
                "usually a capacity problem rather than bad faith. Offer a supporting partner before taking "
                "a role away, and record any handover with a date."
            ),
        },
        {
            "exercise_key": "ideas",
            "title": N_("Next actions, and who owns them"),
            "duration_minutes": 20,
            "config": {
                "prompt": N_("What will we do before we next meet, and who will do it?"),
                "categories": N_("Do now\nNeeds a decision\nPark for later"),
                "dots": 3,
                "allow_stacking": False,
                "notes_per_participant": 5,
            },
            "notes": N_(
                "Why: a check-in is only worth the time if it ends with fewer open questions and clear next "
                "steps. Small, visible actions keep momentum and show partners the effort is real.\n"
                "How: eight minutes for notes, each naming an action and ideally its owner. Four to cluster, "
                "five for dots (one per note, so support spreads), three to confirm owners and dates for the "
                "top few.\n"
                "Watch for: actions parked under 'needs a decision' with nobody asked to make the decision. "
                "Agree the date of the next check-in before people leave, and put it in the plan."
            ),
        },
    ],
}

QUICK_IDEAS = {
    "key": "quick_ideas",
    "name": N_("Quick ideas session"),
    "summary": N_("One question, everyone's ideas, clustered and ranked with dots, in about half an hour."),
    "steps": [
        {
            "exercise_key": "ideas",
            "title": N_("Ideas and dot voting"),
            "duration_minutes": 30,
            "config": {
                "prompt": N_("What one change would make the biggest difference for the people we serve together?"),
                "dots": 3,
                "allow_stacking": False,
                "notes_per_participant": 5,
            },
            "notes": N_(
                "Why: when time is short, the fairest way to hear every partner is to let everyone write "
                "first and talk second. Quiet writing stops the loudest voice or the biggest organisation "
                "from setting the direction.\n"
                "How: edit the question so it fits today. Ten minutes of silent notes, eight for you to "
                "cluster them out loud while the room watches, seven for dots (one per idea), five to read "
                "the top three back and agree who explores each.\n"
                "Watch for: ideas that only one sector could deliver. Ask who else would need to be "
                "involved, and invite the quieter partners to speak to the clusters first."
            ),
        },
    ],
}

BUILTIN_TEMPLATES = {template["key"]: template
                     for template in (KICKOFF, KICKOFF_90, KICKOFF_60, CHECK_IN, QUICK_IDEAS)}


def localized(template: dict) -> dict:
    """A copy of the built-in ``template`` with its texts in the current language."""
    result = copy.deepcopy(template)
    _translate(result)
    for step in result["steps"]:
        _translate(step)
        _translate(step.get("config") or {})
    return result


def _translate(mapping: dict) -> None:
    for key in TEXT_KEYS:
        if isinstance(mapping.get(key), str) and mapping[key]:
            mapping[key] = gettext(mapping[key])
