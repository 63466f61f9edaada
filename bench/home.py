"""The partnership's journey pages for a long-lived partnership (issue 19):
``python -m bench.home [--workshops 50 --organisations 200 --items 1500 --repeat 15]``.

Builds a partnership with that many organisations and workshops (a few steps each, most of them
held, each held one with 15 participants and its plan snapshot) and plan items across every
section, each moved on by a day since the last snapshot (the comparison's worst case: every item
changed), in a throw-away SQLite database. Then times its home (``GET /partnerships/<id>``), the
comparison of the last snapshot with now (``…/plan/compare``) and the trends (``…/trends``)
through the test client (median and worst of ``--repeat`` renders each, after one warm-up) and
prints them with the machine's load average, next to the 1 s target.
"""
from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

TARGET_SECONDS = 1.0
SECTIONS = ("actions", "roles", "indicators", "agreements", "checkins", "ideas", "common_ground", "risks")


def build(workshops: int, organisations: int, items: int):
    from app.extensions import db
    from app.models import PlanItem
    from app.plan.snapshot import take_snapshot
    from tests.factories import create_facilitator, create_participant, create_partnership, create_workshop

    owner = create_facilitator()
    partnership = create_partnership(owner, organisations=[f"Organisation {n}" for n in range(organisations)],
                                     sectors=[f"Sector {n}" for n in range(12)])
    start = datetime(2025, 1, 6, 9)
    for n in range(workshops):
        status = "ended" if n < workshops - 2 else ("draft" if n == workshops - 1 else "live")
        workshop = create_workshop(partnership, title=f"Check-in {n}", status=status,
                                   steps=[("ideas", None), ("policy_window", None), ("role_board", None)])
        workshop.started_at = start + timedelta(weeks=6 * n)
        workshop.ended_at = workshop.started_at + timedelta(hours=3) if status == "ended" else None
        for k in range(15 if status == "ended" else 0):
            create_participant(workshop, name=f"P{n}.{k}", organisation=f"Organisation {(n + k) % organisations}",
                               sector=f"Sector {k % 12}")
    today = date.today()
    for n in range(items):
        section = SECTIONS[n % len(SECTIONS)]
        data = {"owner": "" if n % 3 else f"Organisation {n % organisations}",
                "due": (today + timedelta(days=n % 90 - 45)).isoformat(), "lead": "" if n % 4 else "x",
                "dates": [(today - timedelta(days=30 * k)).isoformat() for k in range(6)]}
        db.session.add(PlanItem(partnership_id=partnership.id, section=section, title=f"Item {n}", data=data,
                                position=n, status=("promoted", "proposed", "dropped")[n % 3], origin="facilitator"))
    db.session.commit()
    for workshop in partnership.workshops:
        if workshop.status == "ended":
            take_snapshot(workshop)
    db.session.commit()
    # Since the last snapshot every item moved on a day: the comparison words every one (its worst case).
    for item in db.session.execute(db.select(PlanItem).filter_by(partnership_id=partnership.id)).scalars():
        item.data = {**item.data, "due": (date.fromisoformat(item.data["due"]) + timedelta(days=1)).isoformat()}
    db.session.commit()
    return partnership.id


#: The pages timed, by name: a path under the partnership's.
PAGES = {"home": "", "comparison": "/plan/compare", "trends": "/trends"}


def timed(client, url: str, repeat: int) -> tuple[list, int]:
    """Render times of ``url`` (after one warm-up: templates compiled, caches filled) and its size."""
    assert client.get(url).status_code == 200, url
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - began)
        assert response.status_code == 200, url
    return times, len(response.data)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workshops", type=int, default=50)
    parser.add_argument("--organisations", type=int, default=200)
    parser.add_argument("--items", type=int, default=1500)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args(argv)

    from app import create_app
    from app.extensions import db
    from tests.factories import login

    with tempfile.TemporaryDirectory() as folder:
        app = create_app({"TESTING": True, "SECRET_KEY": "bench", "ASYNC_MODE": "threading", "REDIS_URL": None,
                          "SQLALCHEMY_DATABASE_URI": f"sqlite:///{Path(folder) / 'home.db'}",
                          "BROADCASTER_AUTOSTART": False, "WTF_CSRF_ENABLED": False})
        with app.app_context():
            db.create_all()
            partnership_id = build(args.workshops, args.organisations, args.items)
            client = app.test_client()
            login(client)
            timings = {name: timed(client, f"/partnerships/{partnership_id}{path}", args.repeat)
                       for name, path in PAGES.items()}
    load = ", ".join(f"{v:.2f}" for v in os.getloadavg())
    print(f"{args.workshops} workshops, {args.organisations} organisations, {args.items} plan items")
    for name, (times, size) in timings.items():
        print(f"{name:10} render median {statistics.median(times) * 1000:.0f} ms, worst {max(times) * 1000:.0f} ms "
              f"over {args.repeat} (target < {TARGET_SECONDS * 1000:.0f} ms); page {size / 1024:.0f} KB")
    print(f"machine load average (1, 5, 15 min) during the run: {load}")


if __name__ == "__main__":
    main()
