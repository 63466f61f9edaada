"""The roster side of a pure view test: step states hold only actor ids, so a test gives the
Audience the names the core would look up (``Audience(..., names=names(ANA, BEN))``)."""
from app.exercises.contract import named_rows


def names(*actors) -> dict:
    """Actor id -> name and organisation, as ``app.live.roster.names`` builds it."""
    return {a.id: {"name": a.name, "organisation": a.organisation} for a in actors}


def exported(rows, *actors) -> list[dict]:
    """Contribution rows as an export shows them for a named workshop."""
    return named_rows(rows, names(*actors))
