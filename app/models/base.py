"""Small helpers shared by the tables."""
from datetime import datetime, timezone


def utcnow() -> datetime:
    """Timezone-aware now; stored as naive UTC by SQLite, aware by PostgreSQL."""
    return datetime.now(timezone.utc).replace(tzinfo=None)
