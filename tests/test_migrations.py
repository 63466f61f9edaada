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
