"""The Alembic migrations and the models agree: autogenerate finds nothing to do."""
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import upgrade

from app import create_app
from app.extensions import db
from tests.services import postgres_url  # noqa: F401  (fixture)


def differences(database_url: str) -> list:
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "ASYNC_MODE": "threading", "SECRET_KEY": "x",
                      "TESTING": True})
    with app.app_context():
        upgrade()
        with db.engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            diff = compare_metadata(context, db.metadata)
        db.session.remove()
        db.engine.dispose()
    return diff


def test_sqlite_migrations_match_models(tmp_path):
    assert differences(f"sqlite:///{tmp_path / 'm.db'}") == []


@pytest.mark.postgres
def test_postgresql_migrations_match_models(postgres_url):  # noqa: F811
    assert differences(postgres_url) == []


def _names_migration():
    import importlib.util
    from pathlib import Path

    path = Path(__file__).parent.parent / "migrations" / "versions" / "b7c41e2d9a10_names_out_of_step_state.py"
    spec = importlib.util.spec_from_file_location("names_migration", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_names_migration_strips_authorship_names_and_keeps_board_content():
    stored = {
        "notes": {"n1": {"id": "n1", "text": "Keep me", "merged": [
            {"text": "dup", "author": {"id": "p:2", "name": "Ben", "organisation": "B Org", "sector": ""}}],
            "author": {"id": "p:1", "name": "Zed", "organisation": "Z Org", "sector": "Health"}}},
        "ratings": {"r1": {"p:3": {"score": 4, "insider": True, "name": "Cy", "organisation": "C Org", "sector": "H"}}},
        "organisations": {"o1": {"id": "o1", "name": "North School", "sector": "Education"}},
        "members": {"p:1": {"organisation": "o1", "sector": "Education"}},
    }
    cleaned = _names_migration().strip_names(stored)
    text = str(cleaned)
    for name in ("Zed", "Z Org", "Ben", "B Org", "Cy", "C Org"):
        assert name not in text
    assert cleaned["notes"]["n1"]["author"] == {"id": "p:1", "sector": "Health"}
    assert cleaned["organisations"] == stored["organisations"] and cleaned["members"] == stored["members"]
    assert cleaned["notes"]["n1"]["text"] == "Keep me"
