"""Participation modes: how a workshop, or one step of it, asks people to take part.

"standard" is the partnership room: a name, an organisation, a sector. "community" is for
community and youth sessions: joining asks a first name or nickname and a role (community
member, young person, parent or carer — or "works for an organisation here", which picks a
sector as usual); the phones get large targets and one question a screen.

The community roles are stored in ``Participant.sector`` as reserved values (:data:`ROLES`),
written in English in every language like the join form's "Other" sector, so every rule that
reads sectors — the k-anonymity of :class:`~app.exercises.contract.Audience`, the exports, the
plan — keeps working unchanged; only their label is translated (:func:`sector_label`). When
the workshop's lived-experience switch is on, the core folds them into one group,
:data:`LIVED_EXPERIENCE`, before any breakdown (``Audience.group_of``), so young people and
parents show as a voice of their own instead of being spread thin (docs/running-the-room.md).
"""
from __future__ import annotations

from collections.abc import Mapping

from flask_babel import lazy_gettext as _l

STANDARD = "standard"
COMMUNITY = "community"
MODES = (STANDARD, COMMUNITY)

#: Reserved sector values of the community roles -> their label (translated when read).
ROLES = {
    "Community member": _l("Community member"),
    "Young person": _l("Young person"),
    "Parent or carer": _l("Parent or carer"),
}
#: The group the community roles are shown as when the workshop's switch is on.
LIVED_EXPERIENCE = "Lived experience"
LIVED_EXPERIENCE_LABEL = _l("Lived experience")
#: The join form's choice for someone who works for one of the partnership's organisations.
WORKS_HERE = "organisation"


def mode_for(workshop, step=None) -> str:
    """The participation mode in force: the step's own when it has one, else the workshop's.
    The one function everything that adapts to community sessions reads (join form, phones,
    plain-language prompts)."""
    own = getattr(step, "participation", None) if step is not None else None
    chosen = own or getattr(workshop, "participation", None) or STANDARD
    return chosen if chosen in MODES else STANDARD


def community_steps(workshop) -> list[int]:
    """Ids of the workshop's steps that run in community mode (the participant page enlarges them)."""
    return [step.id for step in workshop.steps if mode_for(workshop, step) == COMMUNITY]


def is_community_role(sector: str | None) -> bool:
    return (sector or "") in ROLES


def reserved(sector: str | None) -> bool:
    """A value the partnership cannot use as a sector name of its own (it would read as a role)."""
    folded = (sector or "").casefold()
    return folded in {key.casefold() for key in ROLES} or folded == LIVED_EXPERIENCE.casefold()


def grouping_for(workshop) -> bool:
    """True when community roles are shown together as :data:`LIVED_EXPERIENCE`."""
    return bool(getattr(workshop, "lived_experience", True))


def group_of(sector: str | None, grouped: bool) -> str:
    """The group a contribution of ``sector`` is counted in."""
    sector = sector or ""
    return LIVED_EXPERIENCE if grouped and sector in ROLES else sector


def grouped_sizes(sizes: Mapping[str, int], grouped: bool) -> dict:
    """``sizes`` (sector -> people) with the community roles added up into one group when ``grouped``."""
    result: dict = {}
    for sector, count in sizes.items():
        key = group_of(sector, grouped)
        result[key] = result.get(key, 0) + count
    return result


def sector_labels() -> dict:
    """``{stored value: label}`` of every reserved sector value in the current language: what the
    live pages give their JS (``sectorLabel`` in app/static/js/i18n.js), so the exercises and the
    console roster show "Jeune", not the stored "Young person", to a French reader."""
    return {key: sector_label(key) for key in (*ROLES, LIVED_EXPERIENCE)}


def sector_label(sector: str | None) -> str:
    """How a reader reads a sector value: a community role or the lived-experience group in the
    current language, any other sector as the partnership wrote it."""
    sector = sector or ""
    if sector in ROLES:
        return str(ROLES[sector])
    if sector == LIVED_EXPERIENCE:
        return str(LIVED_EXPERIENCE_LABEL)
    return sector
