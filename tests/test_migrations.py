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
    if database_url.startswith("sqlite:///"):
        diff = without_inline_reference_options(diff, database_url)
    return diff


def test_sqlite_migrations_match_models(tmp_path):
    assert differences(f"sqlite:///{tmp_path / 'm.db'}") == []


def _fk_key(fk):
    return fk.table.name, tuple(c.name for c in fk.columns), tuple(e.target_fullname for e in fk.elements)


def without_inline_reference_options(diff: list, url: str) -> list:
    """SQLite can only add a foreign key inside ADD COLUMN (a column's REFERENCES clause), and
    SQLAlchemy reads ON DELETE back only from table-level FOREIGN KEY clauses, so such a key is
    reported as removed (no ON DELETE) and added again (the model's). Drop exactly those pairs,
    after checking with PRAGMA foreign_key_list that the database has the model's ON DELETE."""
    import sqlite3

    removed = {_fk_key(d[1]): d for d in diff if d[0] == "remove_fk" and d[1].ondelete is None}
    added = {_fk_key(d[1]): d for d in diff if d[0] == "add_fk"}
    connection = sqlite3.connect(url.removeprefix("sqlite:///"))
    explained = []
    for key in removed.keys() & added.keys():
        table, columns, targets = key
        stored = {(row[3], row[2], row[6]) for row in connection.execute(f"PRAGMA foreign_key_list({table})")}
        wanted = added[key][1].ondelete.upper()
        assert (columns[0], targets[0].split(".")[0], wanted) in stored, (key, stored)
        explained += [removed[key], added[key]]
    connection.close()
    return [d for d in diff if not any(d is e for e in explained)]


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


def _old_database(path) -> str:
    """A SQLite database at the revision before phases moved into the core, holding steps in the
    old shape: ``phase`` and ``revealed`` in the state, set_phase / reveal actions in the log."""
    import json
    import sqlite3

    url = f"sqlite:///{path}"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "ASYNC_MODE": "threading", "SECRET_KEY": "x", "TESTING": True})
    with app.app_context():
        upgrade(revision="e7f3a91c2b40")
        db.engine.dispose()
    now = "2026-12-01 10:00:00"
    steps = [
        # id, exercise, config, state, hidden
        (1, "alignment_mapper", {"hide_goals": True, "use_shared": True},
         {"config": {"phases": ["goals", "shared"]}, "phase": "goals", "revealed": False, "cards": {
             "g1": {"id": "g1", "text": "Keep this goal", "author": {"id": "p:1", "sector": "Health"}}}}, False),
        (2, "alignment_mapper", {"hide_goals": True}, {"config": {}, "phase": "shared", "revealed": True,
                                                     "cards": {}}, False),
        (3, "policy_window", {"ratings_hidden": True}, {"config": {"ratings_hidden": True}, "phase": "read",
                                                       "revealed": True, "notes": {}}, False),
        (4, "reframing", {"ratings_hidden": True}, {"config": {"ratings_hidden": True}, "phase": "rate",
                                                   "revealed": False, "reframes": {}}, False),
        (5, "role_board", {"hide_nominations": True}, {"config": {"hide_nominations": True}, "revealed": False,
                                                      "nominations": {}}, False),
        (6, "ideas", {}, {"notes": {"n1": {"id": "n1", "text": "An idea", "phase": "kept as it is"}}}, True),
    ]
    conn = sqlite3.connect(path)
    conn.execute("insert into facilitator (id, email, name, password_hash, created_at) values (1, 'f@x.org', 'F', "
                 "'x', ?)", (now,))
    conn.execute("insert into partnership (id, name, purpose, sectors, organisations, owner_id, created_at) values "
                 "(1, 'P', '', '[]', '[]', 1, ?)", (now,))
    conn.execute("insert into workshop (id, partnership_id, title, join_code, status, anonymous, late_join, "
                 "room_locked, language, version, created_at) values (1, 1, 'W', 'ABCD2345', 'live', 0, 1, 0, 'en', "
                 "9, ?)", (now,))
    for step_id, key, config, state, hidden in steps:
        conn.execute("insert into step (id, workshop_id, position, exercise_key, title, notes, config, state, "
                     "version, status, hidden) values (?, 1, ?, ?, ?, '', ?, ?, 3, 'open', ?)",
                     (step_id, step_id, key, key, json.dumps(config), json.dumps(state), hidden))
    actions = [(1, 1, "set_phase", {"phase": "shared"}), (2, 1, "reveal_goals", {}),
               (3, 5, "show_nominations", {"visible": True}), (4, 3, "reveal_ratings", {}),
               (5, 1, "add_goal", {"text": "Keep this goal"})]
    for seq, step_id, kind, payload in actions:
        conn.execute("insert into action (workshop_id, step_id, actor_key, op_id, type, payload, seq, created_at) "
                     "values (1, ?, 'f:1', ?, ?, ?, ?, ?)", (step_id, f"op-{seq:08d}", kind, json.dumps(payload),
                                                           seq, now))
    conn.commit()
    conn.close()
    return url


def test_phases_migration_moves_phase_and_reveal_into_the_core_losing_nothing(tmp_path):
    import json
    import sqlite3

    url = _old_database(tmp_path / "old.db")
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "ASYNC_MODE": "threading", "SECRET_KEY": "x", "TESTING": True})
    with app.app_context():
        upgrade()
        db.engine.dispose()
    conn = sqlite3.connect(tmp_path / "old.db")
    rows = {row[0]: (json.loads(row[1]), json.loads(row[2]), row[3], bool(row[4])) for row in conn.execute(
        "select id, state, config, phase, hidden from step")}
    log = {row[0]: (row[1], json.loads(row[2])) for row in conn.execute("select seq, type, payload from action")}
    conn.close()
    for state, *_rest in rows.values():
        assert "revealed" not in state
    # Alignment: the phase moves to the step; goals that were private stay private on the core's switch.
    state, _config, phase, hidden = rows[1]
    assert phase == "goals" and hidden is True and "phase" not in state
    assert state["cards"]["g1"]["text"] == "Keep this goal", "contributions are untouched"
    assert rows[2][2:] == ("shared", False)
    # Policy window: ratings a facilitator had revealed stay revealed (its step stops hiding them).
    state, config, phase, hidden = rows[3]
    assert phase == "read" and config["ratings_hidden"] is False and state["config"]["ratings_hidden"] is False
    # Reframing: not revealed yet, so still private until the choose phase.
    state, config, phase, hidden = rows[4]
    assert phase == "rate" and config["ratings_hidden"] is True and hidden is False
    # Role board: private nominations are behind the core's switch.
    assert rows[5][2:] == (None, True)
    # An exercise without phases is left exactly as it was.
    assert rows[6] == ({"notes": {"n1": {"id": "n1", "text": "An idea", "phase": "kept as it is"}}}, {}, None, True)
    # The log reads one way: the old actions are the core's controls now, with their data.
    assert log[1] == ("control.step_phase", {"step_id": 1, "phase": "shared"})
    assert log[2] == ("control.step_hidden", {"step_id": 1, "hidden": False})
    assert log[3] == ("control.step_hidden", {"step_id": 5, "hidden": False})
    assert log[4] == ("reveal_ratings", {}) and log[5][0] == "add_goal"

    # Downgrading puts the phase back where the old code reads it.
    from flask_migrate import downgrade

    with app.app_context():
        downgrade(revision="e7f3a91c2b40")
        db.engine.dispose()
    conn = sqlite3.connect(tmp_path / "old.db")
    states = {row[0]: json.loads(row[1]) for row in conn.execute("select id, state from step")}
    conn.close()
    assert (states[1]["phase"], states[1]["revealed"]) == ("goals", False)
    assert (states[3]["phase"], states[3]["revealed"]) == ("read", True)
    assert (states[4]["phase"], states[4]["revealed"]) == ("rate", False)
    assert states[5]["revealed"] is False and "phase" not in states[5]
