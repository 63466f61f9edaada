"""Small helpers shared by the tables."""
from datetime import UTC, datetime


def utcnow() -> datetime:
    """Timezone-aware now; stored as naive UTC by SQLite, aware by PostgreSQL."""
    return datetime.now(UTC).replace(tzinfo=None)
