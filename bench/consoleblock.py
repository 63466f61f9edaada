"""How long does the facilitator's console block its page per live update on a full wall? (issue 18)

``python -m bench.consoleblock [--notes 200] [--updates 40] [--root PATH]``

One server (``python wsgi.py``, SQLite, as in ``bench.run``) with one open Ideas step holding
``--notes`` notes, the facilitator's console open in Chromium (1280x800, Playwright, Debian's
/usr/bin/chromium), and one participant (a bench client) placing and taking back a dot,
``--updates`` times, one every ``--gap`` seconds: each is one live update the console redraws.

Per update, on the console's main thread:

* ``busy``: script + style + layout time (Chromium's own counters, CDP ``Performance.getMetrics``),
  divided by the number of updates;
* ``blocking``: total blocking time, the part of each long task (``PerformanceObserver``
  ``longtask``) beyond 50 ms, summed and divided by the number of updates; and the longest task.

Both are net of what the page does anyway: the same length of time with no update is measured
first (the console's clock ticks every second) and taken off.

``--root`` serves another checkout of the project (e.g. ``git archive <commit> | tar -x -C DIR``)
to measure before a change. The figures depend on the machine and its load (printed with them):
compare runs made on the same machine one after the other.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import aiohttp

from bench.run import ROOT, app_env, facilitator_cookie, free_port, seed, stop, wait_http
from bench.sioclient import Decoder, SioClient

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
WATCH = """() => {
  window.__longtasks = [];
  new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__longtasks.push(e.duration); })
    .observe({ type: 'longtask', buffered: false });
}"""


def fill_wall(env: dict, step_id: int, notes: int) -> None:
    """Put ``notes`` notes on the step, written by the facilitator (no per-person limit)."""
    os.environ.update({k: env[k] for k in ("DATABASE_URL", "INSTANCE_PATH", "SECRET_KEY")}, ASYNC_MODE="threading")
    from app import create_app
    from app.exercises import Action, Actor
    from app.extensions import db
    from app.models import Step

    app = create_app()
    with app.app_context():
        step = db.session.get(Step, step_id)
        exercise = app.extensions["exercises"]["ideas"]
        state, actor = step.state, Actor(role="facilitator", id="f:1", name="Bench")
        for i in range(notes):
            text = f"Idea {i + 1}: a shared breakfast club and safe walking routes for every school"
            state = exercise.apply(state, Action("add_note", {"text": text, "category": ""}), actor)
        step.state = state
        db.session.commit()
        db.session.remove()
        db.engine.dispose()


async def measure(args, url: str, seeded: dict, cookie: str) -> dict:
    from playwright.async_api import async_playwright

    wid, sid = seeded["workshop_id"], seeded["step_id"]
    async with aiohttp.ClientSession() as session, async_playwright() as playwright:
        phone = SioClient(session, Decoder(), {})
        await phone.connect(url, {"workshop": wid, "as": "participant", "token": seeded["tokens"][0]})
        await phone.call("sync", {}, timeout=60)
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        context = await browser.new_context(viewport={"width": 1280, "height": 800})
        await context.add_cookies([{"name": k, "value": v, "url": url}
                                   for k, v in (p.split("=", 1) for p in cookie.split("; ") if "=" in p)])
        page = await context.new_page()
        await page.goto(f"{url}/w/{wid}/console")
        await page.wait_for_selector(f'section[data-step="{sid}"] li.note >> nth={args.notes - 1}', timeout=120000)
        options = await page.evaluate("() => document.querySelectorAll('option').length")
        cdp = await context.new_cdp_session(page)
        await cdp.send("Performance.enable")
        await asyncio.sleep(1.0)
        await page.evaluate(WATCH)
        # The same time with no update first: what the page does anyway (its clock ticks).
        quiet = await metrics(cdp)
        await asyncio.sleep(args.updates * args.gap + 1.0)
        before = await metrics(cdp)
        idle_tasks = await page.evaluate("() => window.__longtasks.splice(0)")
        for k in range(args.updates):
            kind = "vote" if k % 2 == 0 else "unvote"
            ack = await phone.call("act", {"op": f"block-{k:05d}", "step": sid, "type": kind,
                                           "data": {"note_id": "n1"}}, timeout=30)
            assert ack and ack.get("ok"), ack
            await asyncio.sleep(args.gap)
        await asyncio.sleep(1.0)  # the last update is drawn
        after = await metrics(cdp)
        tasks = await page.evaluate("() => window.__longtasks")
        await browser.close()
        await phone.close()
    busy = busy_s(before, after) - busy_s(quiet, before)
    blocking = sum(max(0.0, t - 50) for t in tasks) - sum(max(0.0, t - 50) for t in idle_tasks)
    return {"notes": args.notes, "updates": args.updates, "options_on_page": options,
            "busy_ms_per_update": round(1000 * busy / args.updates, 1),
            "blocking_ms_per_update": round(blocking / args.updates, 1),
            "idle_busy_ms_per_update_window": round(1000 * busy_s(quiet, before) / args.updates, 1),
            "long_tasks": len(tasks), "idle_long_tasks": len(idle_tasks),
            "longest_task_ms": round(max(tasks, default=0.0), 1),
            "load": [round(x, 2) for x in os.getloadavg()]}


def busy_s(start: dict, end: dict) -> float:
    return sum(end[k] - start[k] for k in ("ScriptDuration", "LayoutDuration", "RecalcStyleDuration"))


async def metrics(cdp) -> dict:
    return {m["name"]: m["value"] for m in (await cdp.send("Performance.getMetrics"))["metrics"]}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--notes", type=int, default=200)
    parser.add_argument("--updates", type=int, default=40)
    parser.add_argument("--gap", type=float, default=0.5, help="seconds between updates")
    parser.add_argument("--root", default=str(ROOT), help="the checkout to serve (default: this one)")
    parser.add_argument("--out", default=str(ROOT / "bench" / "results" / "consoleblock.json"))
    args = parser.parse_args(argv)
    tmp, port = Path(tempfile.mkdtemp(prefix="cg-console-")), free_port()
    env, url = app_env(tmp, port), f"http://127.0.0.1:{port}"
    subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", "db", "upgrade"], cwd=args.root, check=True,
                   env={**env, "ASYNC_MODE": "threading"}, capture_output=True, timeout=120)
    seeded = seed(env, 1)
    fill_wall(env, seeded["step_id"], args.notes)
    with open(tmp / "server.log", "wb") as log:
        server = subprocess.Popen([sys.executable, "wsgi.py"], cwd=args.root, env=env, stdout=log,
                                  stderr=subprocess.STDOUT)
        try:
            wait_http(url + "/", server)
            result = asyncio.run(measure(args, url, seeded, facilitator_cookie(url)))
        finally:
            stop(server)
    result["root"] = args.root
    print(f"console at {result['notes']} notes, {result['updates']} updates ({args.root})")
    print(f"  options on the page      {result['options_on_page']}")
    print(f"  busy per update          {result['busy_ms_per_update']} ms (script + style + layout)")
    print(f"  blocking per update      {result['blocking_ms_per_update']} ms "
          f"({result['long_tasks']} long tasks, longest {result['longest_task_ms']} ms; "
          f"{result['idle_long_tasks']} with no update)")
    print(f"  busy with no update      {result['idle_busy_ms_per_update_window']} ms per update's worth of time")
    print(f"  load average             {result['load']}")
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
