"""The exercise plugin contract — the one place it is defined.

An exercise is a package under ``plugins/`` (or an installed distribution exposing the
``common_ground.exercises`` entry point group) whose module has an ``exercise`` object: an
instance of a :class:`Exercise` subclass. The core does persistence, auth, validation,
broadcast, timers, presence, privacy switches and export; an exercise only declares:

* ``key``, ``title``, ``summary`` and ``idea`` (the partnership-method idea it serves);
* ``config_form``: a ``wtforms.Form`` subclass for its configuration;
* ``actions``: ``{action_type: ActionSpec(form, roles, statuses)}`` — one WTForms form per
  action, who may send it and in which step statuses;
* optionally ``phases``: a tuple of :class:`Phase` the facilitator moves the room through (the
  core stores the current one, gates participants' actions by it and draws the phase bar);
* ``initial_state(config)``, ``apply(state, action, actor)``, ``view(state, audience)``,
  ``personal(state, audience)`` and ``plan(state, config)`` — pure functions;
* templates ``participant.html``, ``facilitator.html`` and ``screen.html`` in its own
  ``templates/`` folder and its JS/CSS in its own ``static/`` folder (served under
  ``/x/<key>/static/``).

Purity: ``apply`` must not touch the database, sockets, the clock or randomness, and must not
mutate its input. Everything it needs (config, counters for new ids) lives in the state.
"""
from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import wtforms
from flask_babel import lazy_gettext as _l

from app.exercises.participation import group_of, grouped_sizes

ROLES = ("participant", "facilitator")
AUDIENCES = ("facilitator", "participant", "screen")
#: Minimum group size before a breakdown by sector may be shown in anonymous mode.
K_ANONYMITY = 3

#: Sections of the shared plan, in the order a partnership agreement reads, and their titles as
#: people read them (lazy: ``str()`` gives the current language). The one list of them.
PLAN_SECTIONS = {
    "purpose": _l("Shared purpose"),
    "common_ground": _l("Common ground"),
    "differences": _l("Differences to respect"),
    "window": _l("Window of opportunity"),
    "framing": _l("How we frame the work for each partner"),
    "roles": _l("Roles and responsibilities"),
    "structure": _l("Partnership structure"),
    "agreements": _l("Partnership agreement"),
    "indicators": _l("Outcome indicators"),
    "data_sharing": _l("Data-sharing agreements"),
    "checkins": _l("Regular check-ins"),
    "actions": _l("Actions"),
    "risks": _l("Risks and roadblocks"),
    "ideas": _l("Ideas and priorities"),
    "flags": _l("Open questions"),
}


class DomainError(Exception):
    """A rule of the exercise was broken. ``message`` is shown to a person.

    ``field`` optionally names the form field the message belongs to. To make the message
    translatable, pass a lazy string with ``{placeholders}`` and the values as keywords:
    ``DomainError(_l("You have used all {n} of your notes."), n=5)`` — the core renders it in
    the reader's language (:attr:`message`). Plain strings work too (and stay English).
    """

    def __init__(self, message, field: str | None = None, **params):
        super().__init__(message)
        self.template, self.field, self.params = message, field, params

    @property
    def message(self) -> str:
        text = str(self.template)
        return text.format(**self.params) if self.params else text

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class Actor:
    """Who sent an action. ``id`` is stable for the workshop ("p:12" or "f:3")."""

    role: str
    id: str
    name: str = ""
    organisation: str = ""
    sector: str = ""

    @property
    def is_facilitator(self) -> bool:
        return self.role == "facilitator"

    def as_author(self) -> dict:
        """The authorship record an exercise stores on an item it creates: the actor id and the
        sector they acted for, never their name or organisation. Names are looked up from the
        roster when a view (:meth:`Audience.author`) or an export is built, so deleting or
        purging the participants leaves no name behind in any step's state."""
        return {"id": self.id, "sector": self.sector}


@dataclass(frozen=True)
class Action:
    """A validated action: its type, the data of its WTForms form (``form.data``), and ``at``:
    when the core accepted it, in whole seconds since 1970 (UTC) by the server's clock. The log
    keeps that time (``Action.created_at``), so a replay passes the same ``at`` and reaches the
    same state; a reducer that records when something was said reads ``at``, never a time the
    device sent (a phone's clock can be wrong, or set). 0 where no engine ran (unit tests)."""

    type: str
    data: Mapping[str, Any]
    at: int = 0


def seconds_at(moment) -> int:
    """``at`` for a stored moment (``Action.created_at``: naive UTC from SQLite, aware or naive
    from PostgreSQL)."""
    from datetime import UTC

    return int((moment if moment.tzinfo else moment.replace(tzinfo=UTC)).timestamp())


@dataclass(frozen=True)
class Audience:
    """Who a view is for, and the privacy switches in force.

    * ``role``: "facilitator", "participant" or "screen".
    * ``participant_id``: the actor id for :meth:`Exercise.personal`; ``None`` for shared views.
    * ``hidden``: contributions are hidden from other participants until revealed.
    * ``anonymous``: authorship must not reach other participants or the screen.
    * ``sector_sizes``: how many participants of each sector are in the workshop; used to show
      a sector breakdown only for groups of at least :data:`K_ANONYMITY` in anonymous mode.
    * ``sectors``: the partnership's sector list (for exercises that lay out columns by sector).
    * ``names``: actor id -> ``{"name", "organisation"}`` from the workshop's roster; the only
      source of names, read by :meth:`author` (exercises never store or look up names).
    * ``phase`` / ``phases``: the step's current phase and the phases in use (see :class:`Phase`).
    * ``participation``: "standard", or "community" in a community or youth session (the step's
      own mode, else the workshop's: :func:`app.exercises.participation.mode_for`). A view may
      word things more plainly for it; the core already enlarges the phones and shows one
      question a screen.
    * ``lived_experience``: the community roles (young person, parent or carer, community
      member) count as one group, "Lived experience", in :meth:`breakdown` and :meth:`author`,
      so their voice is shown apart from the professionals'; the k-anonymity rule then applies
      to that group as a whole.
    """

    role: str
    participant_id: str | None = None
    hidden: bool = False
    anonymous: bool = False
    sector_sizes: Mapping[str, int] = field(default_factory=dict)
    sectors: tuple = ()
    names: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    #: The step's current phase key (``None`` for an exercise without phases) and the keys of
    #: the phases in use, in order (:meth:`Exercise.phases_for`).
    phase: str | None = None
    phases: tuple = ()
    #: "standard" or "community" (issue 23): community sessions show plain-language prompts and larger answers.
    participation: str = "standard"
    #: Whether community roles count as one "Lived experience" group in breakdowns (issue 23).
    lived_experience: bool = False

    @property
    def is_facilitator(self) -> bool:
        return self.role == "facilitator"

    def group(self, sector: str) -> str:
        """The group a contribution of ``sector`` is shown in (see :attr:`lived_experience`)."""
        return group_of(sector, self.lived_experience)

    def _group_size(self, group: str) -> int:
        return grouped_sizes(self.sector_sizes, self.lived_experience).get(group, 0)

    def reached(self, phase: str) -> bool:
        """True once the room is in ``phase`` or a later one (False for a phase not in use)."""
        if phase not in self.phases or self.phase not in self.phases:
            return False
        return self.phases.index(self.phase) >= self.phases.index(phase)

    @property
    def sees_hidden(self) -> bool:
        """True when this audience may see contributions while the step hides them."""
        return self.is_facilitator or not self.hidden

    @property
    def sees_authors(self) -> bool:
        """True when author names may be shown to this audience."""
        return self.is_facilitator or not self.anonymous

    def author(self, author: Mapping[str, Any] | None) -> dict | None:
        """The part of an authorship record (:meth:`Actor.as_author`) this audience may see.

        Facilitators always see the author: ``{id, name, organisation, sector}``, the name and
        organisation from :attr:`names` (a name an older state still carries is ignored). Others
        see the same unless the workshop is anonymous; then nothing but the sector, and the
        sector only when its group is large enough.
        """
        if not author:
            return None
        sector = author.get("sector") or ""
        if self.sees_authors:
            known = self.names.get(author.get("id", ""), {})
            return {"id": author.get("id", ""), "name": known.get("name", ""),
                    "organisation": known.get("organisation", ""), "sector": sector}
        shown = self.shown_sector(sector)
        return {"sector": shown} if shown is not None else {}

    def shown_sector(self, sector: str) -> str | None:
        """The name a contribution of ``sector`` may be attributed to for this audience — its
        sector, or its group (:attr:`lived_experience`) when anonymous — or None when its group is
        too small to be named."""
        if self.sees_authors:
            return sector
        group = self.group(sector)
        return group if self._group_size(group) >= K_ANONYMITY else None

    def sector_visible(self, sector: str) -> bool:
        """May a contribution be attributed to ``sector`` for this audience?"""
        if self.sees_authors:
            return True
        return self.sector_sizes.get(sector, 0) >= K_ANONYMITY

    def breakdown(self, counts: Mapping[str, Any]) -> dict:
        """Filter a per-sector breakdown: the community roles become their one group when
        :attr:`lived_experience` is on; small groups are folded into "other" when anonymous
        (a lived-experience group of fewer than :data:`K_ANONYMITY` people too)."""
        shown: dict = {}
        for sector, value in counts.items():
            key = self.group(sector)
            if not self.sees_authors and self._group_size(key) < K_ANONYMITY:
                key = "other"
            shown[key] = _add(shown.get(key), value)
        return shown


def _add(a, b):
    if a is None:
        return b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return a + b
    if isinstance(a, list):
        return a + list(b)
    return b


@dataclass(frozen=True)
class Authorship:
    """Which columns of an exercise's :meth:`Exercise.contributions` rows say who wrote a row.

    Anonymous exports remove authorship and nothing else (the core does it, once, with the
    live views' rules); every other column is content and is kept.

    * ``names``: the author's name and organisation — blanked.
    * ``sector``: the column holding the author's sector — kept only for a sector of at least
      :data:`K_ANONYMITY` people in the workshop.
    * ``sector_lists``: columns listing the sectors of the people who answered (lists of
      names) — a small group's sector reads "other".
    * ``sector_flags``: ``{column: sector column}``: a column saying whether the author belongs
      to the sector named in another column (an insider) — blanked when that sector is small.
    """

    names: tuple = ("author", "organisation")
    sector: str | None = "sector"
    sector_lists: tuple = ()
    sector_flags: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ActionSpec:
    """How one action type may be sent.

    ``form``: a ``wtforms.Form`` subclass validating the payload (the same form serves HTTP).
    ``roles``: who may send it. ``statuses``: step statuses in which it is accepted.
    ``label``: a short human name, used in errors and the log.
    ``moderated``: the action puts a participant's own text in front of the room (a note, a
    goal, a reason...). In a workshop that holds contributions for approval, the core keeps
    such an action from a participant in the moderation queue (app/live/moderation.py) until
    the facilitator approves it; then it is applied as if just sent. Facilitators are never held.
    """

    form: type
    roles: frozenset = frozenset({"participant", "facilitator"})
    statuses: frozenset = frozenset({"open"})
    label: str = ""
    #: Statuses in which a facilitator may send it, when wider than ``statuses`` (e.g. tidying
    #: themes while the room is locked). ``None``: the same as ``statuses``.
    facilitator_statuses: frozenset | None = None
    moderated: bool = False

    def allows(self, role: str, status: str) -> bool:
        """May someone in ``role`` send this action while the step is ``status``?"""
        if role == "facilitator" and self.facilitator_statuses is not None:
            return status in self.facilitator_statuses
        return status in self.statuses


@dataclass(frozen=True)
class Phase:
    """One phase of a step, declared in :attr:`Exercise.phases` (their order is the room's).

    Only the facilitator moves the room from one phase to another (the core's ``step_phase``
    control); the core stores the current phase on the step, shows it in one phase bar on the
    console, the phones and the screen, and gives it to views as :attr:`Audience.phase`.

    * ``key``: short id, unique in the exercise (``"goals"``).
    * ``label``: what people read (lazy: ``_l("Goals")``).
    * ``actions``: the action types participants may send in this phase; ``None`` accepts all
      of them. Facilitators are never held back by a phase (they tidy up at any time).
      The core refuses any other participant action, with a clear message, before ``apply``.
    * ``reveals``: entering this phase lifts the step's hide switch (``Step.hidden``), so
      "hidden until this phase" needs nothing of the exercise's own. Going back does not hide.
    * ``final``: once the room is in this phase it cannot go back to an earlier one (the core
      refuses, and the console offers no such move). True, or a pure function of the step's
      state saying whether it has become final: a pulse's results are final once enough people
      answered for them to show — going back to answering and showing them again would let
      anyone who saw both work out one person's new or changed answer.
    """

    key: str
    label: Any
    actions: frozenset | None = None
    reveals: bool = False
    final: Any = False

    def allows(self, action_type: str) -> bool:
        return self.actions is None or action_type in self.actions


def facilitator_only(form, statuses=("open", "locked"), label=""):
    """An :class:`ActionSpec` only facilitators may send (by default also while locked)."""
    return ActionSpec(form=form, roles=frozenset({"facilitator"}), statuses=frozenset(statuses), label=label)


def anyone(form, statuses=("open",), label="", moderated=False):
    """An :class:`ActionSpec` participants and facilitators may send (``moderated``: it carries
    the participant's own text, see :attr:`ActionSpec.moderated`)."""
    return ActionSpec(form=form, roles=frozenset(ROLES), statuses=frozenset(statuses), label=label,
                      moderated=moderated)


#: Columns of a contribution row the core fills from the roster (see :func:`author_cells`).
AUTHOR_COLUMNS = ("author", "organisation")


def author_cells(author, sector_column: str = "sector") -> dict:
    """The author columns of a :meth:`Exercise.contributions` row, from an authorship record:
    ``author`` holds the actor id until the core resolves it to a name, ``organisation`` is
    filled by the core, and the sector goes in ``sector_column`` (rename it when the row has
    a ``sector`` of its own)."""
    author = author or {}
    return {"author": author.get("id", ""), "organisation": "", sector_column: author.get("sector", "")}


def named_rows(rows, names: Mapping[str, Mapping[str, str]], anonymous: bool = False) -> list[dict]:
    """Contribution rows with their author ids resolved from ``names`` (actor id -> name,
    organisation), or blanked when ``anonymous``. The core calls it when an export is built."""
    resolved = []
    for row in rows:
        row = dict(row)
        if "author" in row:
            known = {} if anonymous else names.get(row["author"], {})
            row["author"], row["organisation"] = known.get("name", ""), known.get("organisation", "")
        resolved.append(row)
    return resolved


@dataclass(frozen=True)
class Column:
    """How a reader reads one key of an exercise's plan item ``data`` and :meth:`Exercise.contributions`
    rows in a spreadsheet: ``name`` heads the column (lazy: ``_l("kind")``), ``values`` words the
    values that are the exercise's own keys (``{"note": _l("note")}``); other values show as written."""

    name: Any
    values: Mapping[str, Any] = field(default_factory=dict)


#: The key of a plan item's ``data`` that holds its wording: ``{"kind": ..., **fields}``, what
#: :meth:`Exercise.plan_wording` turns into a title and a text in the reader's language.
WORDING = "wording"


def plan_item(section: str, title: str, text: str = "", *, data=None, sectors=(), ref: str = "",
              wording: Mapping[str, Any] | None = None) -> dict:
    """Build one plan contribution. ``ref`` is stable across calls so curation can follow it.

    ``title`` and ``text`` are the words in the language of the caller (kept as they are when the
    item has no ``wording``). ``wording`` — a ``kind`` and the fields its sentences need, JSON-safe —
    lets every reader read the item in their own language: the core stores it in ``data`` and asks
    :meth:`Exercise.plan_wording` for the words each time it shows or exports the item.
    """
    if section not in PLAN_SECTIONS:
        raise ValueError(f"unknown plan section {section!r}")
    data = dict(data or {})
    if wording:
        data[WORDING] = dict(wording)
    # Translatable (lazy) strings become plain text here, in the language of the caller.
    return json.loads(json.dumps({
        "section": section,
        "title": str(title),
        "text": str(text),
        "data": data,
        "sectors": sorted({str(s) for s in sectors}),
        "ref": str(ref or title),
    }, default=str))


def joined_words(items, key: str = "text") -> str:
    """The words of several roll-up items as one (:meth:`Exercise.adopt`'s default when merging):
    each item's ``key`` ("text" or "title"), blanks and repeats left out, joined with " / ". Never
    cut: when the result is longer than the action's form takes, the form refuses it and the
    facilitator shortens it."""
    seen = []
    for item in items:
        words = str(item.get(key) or "").strip()
        if words and words not in seen:
            seen.append(words)
    return " / ".join(seen)


def _locale() -> str:
    """The language of the moment (the request's, or ``force_locale``'s); English outside an app."""
    from flask import has_app_context
    from flask_babel import get_locale

    return str(get_locale() or "en") if has_app_context() else "en"


def format_day(value) -> str:
    """A calendar day (``YYYY-MM-DD``) as the current language writes it ("5 janvier 2027");
    anything that isn't one is returned as written."""
    return _long_day(str(value or ""), _locale())


@lru_cache(maxsize=4096)
def _long_day(value: str, locale: str) -> str:
    # Cached: a plan page words the same few hundred days thousands of times (14,000 calls,
    # 1.4 s of a 1,000-item comparison went to Babel before; ``python -m bench.home``).
    from datetime import date

    from babel.dates import format_date

    try:
        return format_date(date.fromisoformat(value), "long", locale=locale)
    except ValueError:
        return value


def format_number(value) -> str:
    """A count or an average as the current language writes it: at most two decimals ("3,67")."""
    from babel.numbers import format_decimal

    return format_decimal(value, "#,##0.##", locale=_locale())


@dataclass(frozen=True)
class Measure:
    """One figure of a step that a partnership follows from workshop to workshop: drawn in the
    partnership's trends and set side by side in "what changed since last time". Returned by
    :meth:`Exercise.measures`.

    * ``key``: the same for "the same" figure in every workshop, so that two steps of one exercise
      in two workshops line up (a fixed question's key; an indicator's name folded to lower case);
      unique, with ``group``, among one step's measures.
    * ``label``: what a reader reads (a lazy string, or text people wrote, kept as written).
    * ``value``: the figure; ``low``/``high``: the ends of its scale when it has one (1 and 5 for
      a rating), for charts; ``unit``: shown after the value ("%", "h/month").
    * ``group``: "" for the whole room, else the sector (or organisation) the figure is for.
    * ``count``: how many people's answers it is made from.

    Privacy: measures reach every lead of the partnership and the room screen, whatever the
    step's switches. A measure with a ``group`` is therefore made from at least
    :data:`K_ANONYMITY` people (an exercise leaves smaller groups out), so no one's answer can be
    worked out from it.
    """

    key: str
    label: Any
    value: float
    unit: str = ""
    low: float | None = None
    high: float | None = None
    group: str = ""
    count: int = 0


#: The hooks :attr:`Exercise.hooks_from` may take from a module: those that need no ``self``.
MODULE_HOOKS = ("initial_state", "apply", "view", "personal", "also_affects", "plan", "plan_wording",
                "plan_data_words", "contributions", "measures")


class Exercise:
    """Base class of every exercise. Subclasses set the class attributes and the pure hooks.

    The core calls the hooks; they never call the core.
    """

    #: Unique key, e.g. ``"ideas"``; also the URL prefix ``/x/<key>/``.
    key: str = ""
    #: Short human title shown in the agenda: ``_l("…")``, like ``summary`` and ``idea``. The core
    #: turns these lazy strings into plain text (in the language of the moment) wherever it
    #: stores or exports them — a new step's title, the JSON export — so exercises never do.
    title: str = ""
    #: One line saying what the room does in this step.
    summary: str = ""
    #: The partnership-method idea this exercise serves, in one sentence.
    idea: str = ""
    #: A ``wtforms.Form`` subclass for the step's configuration.
    config_form: type = wtforms.Form
    #: ``{action_type: ActionSpec}``.
    actions: dict = {}
    #: Config fields whose default depends on the day (a start date, say): saved agenda
    #: templates leave them out, so a reused template starts from the day it is used.
    dated_config_fields: tuple = ()
    #: The config field (a text area, one item per line) a step can start with content from:
    #: a check-in puts the partnership's open items from its last workshop there (see
    #: ``app/checkins/carry_over.py``). None: this exercise takes no starting content.
    carry_over_field: str | None = None
    #: Which columns of :meth:`contributions` rows name their author (see :class:`Authorship`).
    authorship: Authorship = Authorship()
    #: The phases the facilitator moves the room through, in order (:class:`Phase`); empty for
    #: an exercise without phases. :meth:`phases_for` may drop some for a step's config.
    phases: tuple = ()
    #: ``{key: _l("words")}`` or ``{key: Column(_l("words"), {value: _l("words")})}``: how a reader
    #: names each key of this exercise's plan item ``data`` and :meth:`contributions` rows — the
    #: column headers of the XLSX and CSV exports, and the words of the values that are keys.
    #: The core names the keys it knows (``author``, ``organisation``, ``sector``, ``owner``, ``due``,
    #: ``status``, ``text``…, see :data:`app.exports.columns.CORE`) unless listed here; the JSON
    #: export keeps the keys. ``tests/test_export_columns.py`` checks every key has a name.
    columns: Mapping[str, Any] = {}
    #: Config fields holding names the room matches people and items by (target sectors): their
    #: default words stay as stored for every reader (a default sector "Education" is a name, and
    #: a French reader's form must send the name the step knows), unlike every other default text,
    #: which each reader reads in their language (:mod:`app.exercises.defaults`).
    named_config_fields: tuple = ()
    #: Plain-language variants of this exercise's participant-facing prompts (issue 23):
    #: ``{key: _l("plain words")}``, short sentences in everyday words. In a community session
    #: (:attr:`Audience.participation` is "community") the participants' phones and the room
    #: screen read these instead of the standard prompts:
    #:
    #: * a key naming a config field (``"prompt"``) replaces that field's text while the step
    #:   still holds the exercise's default (in any language); a prompt the facilitator wrote is
    #:   shown as written, so they write it plainly for a community room. A text of one item
    #:   per line gets a variant with as many lines (the room's document maps them line by line).
    #: * any other key names a fixed prompt of the exercise's own templates, read there as
    #:   ``s.step.prompt("intro", _("standard words"))``.
    #:
    #: ``tests/test_contract.py`` checks that every text config field with a default (but the
    #: named and content fields) has one, that every key is used, and that each reads in French.
    plain_prompts: Mapping[str, Any] = {}
    #: Config fields whose default text is no prompt — the room's starting content (draft clauses,
    #: a list of roles) or a setting written as text (a currency): they need no plain variant.
    content_config_fields: tuple = ()
    #: True for an exercise that is anonymous whatever the workshop's switch, for every audience
    #: the facilitator included (a pulse survey): no view names or identifies who gave what.
    #: ``tests/test_contract.py`` then checks the facilitator's view leaks nothing either.
    always_anonymous: bool = False
    #: A phase key: the plan takes this step's items only once the room has reached that phase
    #: (``app.exercises.phases.plans_now``). ``None``: at any time.
    plan_from_phase: str | None = None
    #: Folder of the plugin package; set by the registry from the module's location.
    root: Path | None = None
    #: Modules holding this exercise's pure hooks as plain functions (usually its ``reducer`` and
    #: ``views``): each function named like a hook of :data:`MODULE_HOOKS` becomes that hook, so
    #: a plugin lists its modules once instead of binding every function. A hook the class body
    #: defines itself wins over one from a module.
    hooks_from: tuple = ()

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        own = cls.__dict__
        for module in own.get("hooks_from", ()):
            for name in MODULE_HOOKS:
                function = getattr(module, name, None)
                if callable(function) and name not in own:
                    setattr(cls, name, staticmethod(function))

    def phases_for(self, config: Mapping[str, Any]) -> tuple:
        """The phases a step with this (raw) config runs, in order. Default: all of :attr:`phases`."""
        return tuple(self.phases)

    def hidden_at_start(self, config: Mapping[str, Any]) -> bool:
        """Whether a new step (or one whose config is saved again) starts with the core's hide
        switch on, e.g. when the config says "keep answers private while people write". The
        facilitator lifts it with the one reveal control (or a phase that ``reveals``).
        Default: not hidden."""
        return False

    def partnership_defaults(self, partnership: Mapping[str, Any]) -> dict:
        """Receives ``{"name", "purpose", "sectors", "organisations"}`` of the step's partnership
        when a step is added; returns config values to use instead of the form defaults
        (e.g. the shared purpose, the target sectors). Default: none.
        """
        return {}

    def initial_state(self, config: Mapping[str, Any]) -> dict:
        """Receives the validated config (``config_form.data``); returns the JSON-safe start state.

        Keep a copy of the config in the state if ``apply`` or ``view`` need it.
        """
        raise NotImplementedError

    def apply(self, state: Mapping[str, Any], action: Action, actor: Actor) -> dict:
        """Receives the current state, a validated :class:`Action` and its :class:`Actor`.

        Returns a *new* state (the input is never mutated) or raises :class:`DomainError`
        with a message a person can read. No database, sockets, clock or randomness.
        The core replays logged actions to rebuild a state (the log is the source of truth),
        with the actor's role, id, sector and organisation as they were: never read its name.
        The core has already checked the actor's role and the step status against the
        action's :class:`ActionSpec`; ownership rules are the exercise's to enforce.
        """
        raise NotImplementedError

    def view(self, state: Mapping[str, Any], audience: Audience) -> dict:
        """Returns what ``audience`` may see, shared by everyone in that audience.

        Must honour ``audience.hidden`` (no text of other participants' contributions while
        hidden, only counts) and ``audience.anonymous`` (no author names or ids; sector only
        through :meth:`Audience.author` / :meth:`Audience.breakdown`). Enforced here, on the
        server: whatever this returns goes on the wire. JSON-safe; prefer dicts keyed by id so
        broadcast patches stay small.
        """
        raise NotImplementedError

    def personal(self, state: Mapping[str, Any], audience: Audience) -> dict:
        """Returns what only participant ``audience.participant_id`` may see of their own work
        (their hidden contributions, their votes, what they have left). Small; default empty.
        """
        return {}

    def also_affects(self, state: Mapping[str, Any], action: Action, actor: Actor) -> set:
        """Receives the state *before* a participant's accepted action; returns the ids of other
        participants whose :meth:`personal` part it changes (e.g. the author of a rated item),
        so the core refreshes theirs too. Facilitator actions refresh everyone. Default: none.
        """
        return set()

    def plan(self, state: Mapping[str, Any], config: Mapping[str, Any]) -> list[dict]:
        """Returns this step's contributions to the shared plan: a list of :func:`plan_item`
        dicts, JSON-safe, each naming the sectors that contributed or agreed. The core adds
        workshop, step and exercise provenance.
        """
        return []

    def plan_wording(self, wording: Mapping[str, Any]) -> Mapping[str, str] | None:
        """Receives the ``wording`` one of this exercise's :func:`plan_item` calls stored; returns
        ``{"title": ..., "text": ...}`` (either may be left out: the stored one is shown) in the
        current language, or None when it doesn't know the ``kind``. Pure; called at view and
        export time, for every reader. Default: None (the stored words are shown).
        """
        return None

    def plan_data_words(self, data: Mapping[str, Any]) -> Mapping[str, str | None]:
        """Receives the ``data`` of one of this exercise's plan items (an old one too); returns
        ``{key: words}`` for the keys whose values are keys of the exercise (a column, a band):
        how a reader reads them in the current language, or None for a key only code reads. The
        plan's tables show these. Default: none.
        """
        return {}

    def contributions(self, state: Mapping[str, Any]) -> list[dict]:
        """Returns the raw contributions as flat rows (one dict per row, JSON-safe scalars or
        lists of them), for spreadsheet exports. Put the author in with ``**author_cells(record)``:
        the row then carries the actor id, which the core replaces by the author's name and
        organisation from the roster (blank once the participant is purged). Declare in
        :attr:`authorship` which columns say who wrote a row; the core removes exactly those in
        anonymous workshops.
        """
        return []

    def adopt(self, items: list[dict], config: Mapping[str, Any], text: str | None = None) -> list[dict] | None:
        """How breakout tables' work comes back into the plenary step (the roll-up, issue 22).

        Receives one or more items of this exercise's :meth:`plan` as the tables' instances of
        the step gave them (:func:`plan_item` dicts, several when the facilitator merges them),
        the *plenary* step's config, and ``text``: the words the facilitator settled on for the
        result, or None for this hook's own default (usually the items' words joined with
        :func:`joined_words`). Returns the actions to apply to the plenary step, in order, as
        ``[{"type": action type, "data": {...}}]``: the core sends each through the engine's
        normal path as the facilitator — validated by the action's form, checked against the
        step's status and phase, applied by :meth:`apply`, logged, versioned and broadcast — so
        an adopted item is exactly what the facilitator could have typed in. Return None when
        these items cannot be adopted (the console then offers only "add to the plan"). Pure.

        Default: None (this exercise's table results are not adoptable).
        """
        return None

    def measures(self, state: Mapping[str, Any], config: Mapping[str, Any]) -> list[Measure]:
        """Returns the figures of this step the partnership follows over time (:class:`Measure`):
        the ones that mean the same in every workshop that runs this exercise (a pulse
        question's average, an indicator's latest value, the share of goals on common ground per
        sector). Pure; called at view and export time. Default: none.
        """
        return []

    # -- helpers the core uses; exercises rarely override them --------------------------

    def template(self, audience: str) -> str:
        """Template name of this exercise's page for ``audience``."""
        return f"x/{self.key}/{audience}.html"

    @property
    def static_folder(self) -> Path | None:
        return self.root / "static" if self.root else None

    @property
    def template_folder(self) -> Path | None:
        return self.root / "templates" if self.root else None

    def __repr__(self) -> str:
        return f"<Exercise {self.key}>"
