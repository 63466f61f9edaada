"""Exercise plugins: the contract (``contract``), discovery (``registry``), payload validation
(``validation``)."""
from app.exercises.contract import (
    Action,
    ActionSpec,
    Actor,
    Audience,
    Authorship,
    Column,
    DomainError,
    Exercise,
    Phase,
    anyone,
    author_cells,
    facilitator_only,
    format_day,
    format_number,
    joined_words,
    plan_item,
)

__all__ = [
    "Action",
    "ActionSpec",
    "Actor",
    "Audience",
    "Authorship",
    "Column",
    "DomainError",
    "Exercise",
    "Phase",
    "anyone",
    "author_cells",
    "facilitator_only",
    "format_day",
    "format_number",
    "joined_words",
    "plan_item",
]
