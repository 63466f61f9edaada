"""The benchmark's mechanics at N=20 with short phases: clients connect, nothing acked is lost,
every client converges to the DB's final tallies. Timings are not asserted here."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = [pytest.mark.live, pytest.mark.timeout(480)]


def test_benchmark_mechanics_at_n20(tmp_path):
    out = tmp_path / "smoke.json"
    proc = subprocess.run(
        [sys.executable, "-m", "bench.run", "--participants", "20", "--steady-seconds", "3", "--rate", "10",
         "--burst-seconds", "2", "--quiet-seconds", "1", "--settle-timeout", "20", "--join-timeout", "30",
         "--out", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=420,  # two servers, each migrated and seeded
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    report = json.loads(out.read_text())

    for name in ("common_ground", "naive"):
        r = report[name]
        assert r["connected"] == 20, (name, r["join_failures"])
        assert r["facilitator_connected"], name
        assert r["actions_sent"] == 30 + 20, name  # 10/s for 3 s, then one vote each
        assert r["actions_acked"] == r["actions_sent"], (name, r["actions_refused"])
        assert r["actions_lost"] == 0, (name, r["lost_ops"])
        assert r["db_actions"] == r["actions_acked"], name
        conv = r["convergence"]
        assert conv["all_converged"], (name, conv)
        assert conv["dots"] == 20, (name, conv)
        assert r["disconnected"] == 0, name
        assert r["ack_ms"]["all"]["n"] == r["actions_acked"], name
        assert r["visible_ms"]["n"] == r["actions_acked"], name
        assert r["cpu"]["server"]["rss_max_mb"] > 0, name

    pw = report["common_ground"]["page_weight"]
    assert not pw["failed"], pw["failed"]
    paths = [f["path"] for f in pw["files"]]
    assert any(p.endswith("/ideas.js") for p in paths), paths  # the plugin module from data-module
    assert any(p.endswith("/live.js") for p in paths), paths  # followed through an ES import
    assert pw["gzip_bytes"] < pw["raw_bytes"]


def test_consent_burst_mechanics_at_n12(tmp_path):
    """bench.consent (issue 20): every answer acked and logged once, and the facilitator's and every
    phone's document count all of them; the per-organisation representatives are in place."""
    out = tmp_path / "consent.json"
    proc = subprocess.run([sys.executable, "-m", "bench.consent", "--participants", "12", "--seconds", "2",
                           "--out", str(out)], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    report = json.loads(out.read_text())
    assert report["answers_sent"] == report["answers_acked"] == 12, report["refused"]
    assert report["lost"] == []
    assert report["facilitator_counted_all_after_last_ack_ms"] is not None
    assert report["phones_counted_all"] == "12/12"
    assert report["server_cpu_seconds_in_burst"] > 0


def test_seating_mixes_sectors_at_every_table():
    """bench.run --tables: 600 in 60 tables with sectors given in turn (four of them) puts ten at
    each table and every sector at every table (plain round-robin would seat one sector each)."""
    from bench.run import seat_of

    tables: dict[int, list[int]] = {}
    for i in range(600):
        tables.setdefault(seat_of(i, 60), []).append(i % 4)
    assert sorted(tables) == list(range(60))
    assert {len(sectors) for sectors in tables.values()} == {10}
    assert all(set(sectors) == {0, 1, 2, 3} for sectors in tables.values())


def test_benchmark_in_tables_at_n12(tmp_path):
    """bench.run --tables (issue 22): 12 phones at 3 tables, the Ideas step run in tables. Every
    action lands on its sender's table's instance, nothing acked is lost, each phone ends on its
    own table's tallies in the DB, and the console's row for each table shows every action."""
    out = tmp_path / "tables.json"
    proc = subprocess.run(
        [sys.executable, "-m", "bench.run", "--participants", "12", "--tables", "3", "--steady-seconds", "3",
         "--rate", "10", "--burst-seconds", "2", "--quiet-seconds", "1", "--settle-timeout", "20",
         "--join-timeout", "30", "--no-naive", "--out", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    r = json.loads(out.read_text())["common_ground"]
    assert r["connected"] == 12, r["join_failures"]
    assert r["actions_sent"] == 30 + 12
    assert r["actions_acked"] == r["actions_sent"], r["actions_refused"]
    assert r["actions_lost"] == 0, r["lost_ops"]
    tables = r["tables"]
    assert tables["count"] == 3 and tables["seated_min"] == tables["seated_max"] == 4
    assert tables["acks_at_own_table"] == tables["acks_naming_a_table"] == r["actions_acked"]
    assert tables["actions_on_instances"] == r["db_actions"] == r["actions_acked"]
    conv = r["convergence"]
    assert conv["all_converged"], conv
    assert conv["dots"] == 12 and conv["notes"] == 30, conv
    assert r["visible_ms"]["n"] == r["actions_acked"]
    assert r["disconnected"] == 0
