"""Released migrations are never rewritten: the chain is frozen, and databases made by the
commits whose initial migration was later regenerated (ccb35a642e0a, 660e1c0d36e5) upgrade
to the head with their rows kept.

The old migration files are kept as they were under ``tests/data/legacy_migrations``.
"""
import importlib.util
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.operations import Operations
from alembic.script import ScriptDirectory
from flask_migrate import upgrade

from app import create_app
from app.extensions import db
from tests.services import postgres_url  # noqa: F401  (fixture)

ROOT = Path(__file__).resolve().parents[1]
LEGACY = Path(__file__).parent / "data" / "legacy_migrations"

#: Every landed revision, base first. Append new ones; never edit, reorder or remove one.
FROZEN_CHAIN = ["6d59cc204852", "660e1c0d36e5", "ccb35a642e0a", "84abe5dc0d2e", "b7c41e2d9a10", "b3c1e7a2d901",
                "c4d2f8b3e012", "a3c17e5f0b21", "e7f3a91c2b40", "d5e8a1c4b7f2",
                "f1a6c3e9d284", "f1c8e2a7d350", "f1a6c3d9e254", "f1a6c3d9e2b5", "b9d4e6f2a817",
                "c4e7b2a9d130", "d8a3f5c1e947", "e2b6d4a8c731", "a7d3e9f1c542", "f3b8c2d6a419"]


def script_directory() -> ScriptDirectory:
    return ScriptDirectory(str(ROOT / "migrations"))


def chain_from_base(script: ScriptDirectory) -> list[str]:
    return [rev.revision for rev in script.walk_revisions("base", "heads")][::-1]


def test_one_base_one_head():
    script = script_directory()
    assert len(script.get_heads()) == 1, script.get_heads()
    assert len(script.get_bases()) == 1, script.get_bases()


def test_landed_revisions_keep_their_ids_and_order():
    chain = chain_from_base(script_directory())
    assert chain[: len(FROZEN_CHAIN)] == FROZEN_CHAIN, (
        "a released migration was rewritten, removed or reordered; add a new revision on top instead")


def test_the_frozen_chain_catches_a_regenerated_initial_migration(tmp_path):
    """The check above fails when the initial migration is regenerated (a new id, as happened twice)."""
    versions = tmp_path / "migrations" / "versions"
    versions.mkdir(parents=True)
    (tmp_path / "migrations" / "script.py.mako").write_text((ROOT / "migrations" / "script.py.mako").read_text())
    for path in (ROOT / "migrations" / "versions").glob("*.py"):
        text = path.read_text().replace("6d59cc204852", "0123456789ab")
        (versions / path.name).write_text(text)
    chain = chain_from_base(ScriptDirectory(str(tmp_path / "migrations")))
    assert chain[: len(FROZEN_CHAIN)] != FROZEN_CHAIN


def legacy_module(revision: str):
    spec = importlib.util.spec_from_file_location(f"legacy_{revision}", LEGACY / f"{revision}_initial_schema.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def build_legacy_database(url: str, revision: str) -> None:
    """A database as the commit of ``revision`` made it: its schema, its stamp and a few rows."""
    engine = sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.begin() as conn:
        with Operations.context(MigrationContext.configure(conn)):
            legacy_module(revision).upgrade()
        conn.execute(sa.text("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)"))
        conn.execute(sa.text("INSERT INTO alembic_version VALUES (:rev)"), {"rev": revision})
        conn.execute(sa.text("INSERT INTO facilitator (id, email, name, password_hash, created_at) "
                             "VALUES (1, 'old@example.org', 'Old Account', 'x', CURRENT_TIMESTAMP)"))
        conn.execute(sa.text("INSERT INTO partnership (id, owner_id, name, purpose, sectors, organisations, "
                             "created_at) VALUES (1, 1, 'Kept partnership', '', '[]', '[]', CURRENT_TIMESTAMP)"))
    engine.dispose()


def upgrade_and_inspect(url: str) -> tuple[list, str, list]:
    """Upgrade to head; (differences from the models, the stamped revision, partnership names)."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": url.replace("postgresql://", "postgresql+psycopg://", 1),
                      "ASYNC_MODE": "threading", "SECRET_KEY": "x", "TESTING": True})
    with app.app_context():
        upgrade()
        with db.engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            diff = compare_metadata(context, db.metadata)
            current = context.get_current_revision()
            names = list(conn.execute(sa.text("SELECT name FROM partnership")).scalars())
        db.session.remove()
        db.engine.dispose()
    if url.startswith("sqlite:///"):
        from tests.test_migrations import without_inline_reference_options

        diff = without_inline_reference_options(diff, url)
    return diff, current, names


def test_legacy_files_are_the_released_ones():
    """The kept copies still carry their ids (so they build what those commits built)."""
    for revision in ("ccb35a642e0a", "660e1c0d36e5"):
        module = legacy_module(revision)
        assert module.revision == revision and module.down_revision is None


@pytest.mark.parametrize("revision", ["ccb35a642e0a", "660e1c0d36e5"])
def test_sqlite_database_from_a_legacy_commit_upgrades_to_head(tmp_path, revision):
    url = f"sqlite:///{tmp_path / 'legacy.db'}"
    build_legacy_database(url, revision)
    diff, current, names = upgrade_and_inspect(url)
    assert current == chain_from_base(script_directory())[-1]
    assert diff == []
    assert names == ["Kept partnership"]


@pytest.mark.postgres
@pytest.mark.parametrize("revision", ["ccb35a642e0a", "660e1c0d36e5"])
def test_postgresql_database_from_a_legacy_commit_upgrades_to_head(postgres_url, revision):  # noqa: F811
    build_legacy_database(postgres_url, revision)
    diff, current, names = upgrade_and_inspect(postgres_url)
    assert current == chain_from_base(script_directory())[-1]
    assert diff == []
    assert names == ["Kept partnership"]
