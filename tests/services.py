"""PostgreSQL and Redis for the tests that need them: skipped with a reason on a laptop
without them, required when CI=true."""
import os
import socket
import uuid

import pytest

PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/test"
REDIS = "redis://127.0.0.1:6379/0"


def _reachable(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


def require(service: str, port: int) -> None:
    if _reachable(port):
        return
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{service} is not reachable on 127.0.0.1:{port}, and CI=true requires it")
    pytest.skip(reason=f"{service} is not running on 127.0.0.1:{port}")


@pytest.fixture
def postgres_url():
    """A fresh, empty PostgreSQL database for one test; dropped afterwards."""
    require("PostgreSQL", 5432)
    import psycopg

    name = f"cg_test_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield f"postgresql://postgres@127.0.0.1:5432/{name}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def redis_url():
    """Redis, with this test's keys removed afterwards (each test uses its own key prefix)."""
    require("Redis", 6379)
    yield REDIS
