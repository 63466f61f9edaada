"""Do simulated phones cost the server what real browsers cost it? (issue 25)

``python -m bench.browsercost [--pages 24] [--rate 5] [--seconds 20]``

One server (``python wsgi.py``, SQLite, as in ``bench.run``), one live Ideas step, and a driver
(one bench client logged in as the facilitator, who has no note limit, so a single socket adds
every note) adding ``--rate`` notes per second for ``--seconds`` in each of three phases, one
after another in the same run:

1. ``none``: only the driver is connected — what the actions cost without an audience;
2. ``simulated``: ``--pages`` bench clients (bench/sioclient.py, deflate offered as Chromium does);
3. ``chromium``: the same number of real Chromium phone pages (``/w/<id>/me``, Playwright).

For each phase: server CPU seconds (psutil, user+system), websocket data frames and bytes the
server sent (its counters, ``/_diag/websocket``), and the server CPU per frame beyond the
``none`` phase: (cpu - cpu_none) / (frames - frames_none). Chromium's own CPU is not the
server's, so it does not count, but it loads the machine: the figures are most meaningful on a
quiet one, and the load average is printed with them.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import aiohttp
import psutil
import requests

from bench.run import ROOT, app_env, facilitator_cookie, free_port, seed, server_command, serving_pid, stop, wait_http
from bench.sioclient import Decoder, SioClient

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def cpu_seconds(pid: int) -> float:
    times = psutil.Process(pid).cpu_times()
    return times.user + times.system


def frames(url: str) -> dict:
    return requests.get(url + "/_diag/websocket", timeout=30).json()




async def drive(url: str, driver: SioClient, step_id: int, rate: float, seconds: float, tag: str) -> int:
    """``rate`` add_note per second for ``seconds`` from the facilitator's socket; returns how many
    were acknowledged ok."""
    start, acked = time.monotonic(), 0
    for k in range(int(rate * seconds)):
        delay = start + k / rate - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
        ack = await driver.call("act", {"op": f"cost-{tag}-{k:06d}", "step": step_id, "type": "add_note",
                                        "data": {"text": f"{tag} idea {k}: shared meals and safe routes"}}, timeout=30)
        acked += bool(ack and ack.get("ok"))
    await asyncio.sleep(1.0)  # the last patches go out
    return acked


async def phase(name: str, url: str, pid: int, driver: SioClient, step_id: int, args) -> dict:
    before_cpu, before = cpu_seconds(pid), frames(url)
    acked = await drive(url, driver, step_id, args.rate, args.seconds, name)
    after_cpu, after = cpu_seconds(pid), frames(url)
    return {"phase": name, "acked": acked, "cpu_s": round(after_cpu - before_cpu, 3),
            "frames": after["frames"] - before["frames"], "bytes": after["bytes"] - before["bytes"],
            "load": [round(x, 2) for x in os.getloadavg()]}


async def simulated_phones(session, url: str, workshop_id: int, tokens: list[str]) -> list[SioClient]:
    clients = []
    for token in tokens:
        client = SioClient(session, Decoder(), {})
        await client.connect(url, {"workshop": workshop_id, "as": "participant", "token": token})
        await client.call("sync", {}, timeout=60)
        clients.append(client)
    return clients


async def chromium_pages(playwright, url: str, workshop_id: int, tokens: list[str]):
    browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
    for token in tokens:
        context = await browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
        await context.add_cookies([{"name": f"cg_p{workshop_id}", "value": token, "url": url}])
        page = await context.new_page()
        await page.goto(f"{url}/w/{workshop_id}/me")
        await page.wait_for_selector("text=All changes saved", timeout=60000)
    return browser


async def measure(args, url: str, pid: int, seeded: dict, cookie: str) -> list[dict]:
    from playwright.async_api import async_playwright

    wid, sid, tokens = seeded["workshop_id"], seeded["step_id"], seeded["tokens"]
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as session:
        driver = SioClient(session, Decoder(), {})
        await driver.connect(url, {"workshop": wid, "as": "facilitator"}, {"Cookie": cookie})
        results = [await phase("none", url, pid, driver, sid, args)]
        phones = await simulated_phones(session, url, wid, tokens)
        results.append(await phase("simulated", url, pid, driver, sid, args))
        for phone in phones:
            await phone.close()
        async with async_playwright() as playwright:
            browser = await chromium_pages(playwright, url, wid, tokens)
            results.append(await phase("chromium", url, pid, driver, sid, args))
            await browser.close()
        await driver.close()
    base = results[0]
    for r in results[1:]:
        extra = r["frames"] - base["frames"]
        r["cpu_us_per_extra_frame"] = round((r["cpu_s"] - base["cpu_s"]) / extra * 1e6, 1) if extra > 0 else None
    return results


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=24)
    parser.add_argument("--rate", type=float, default=5)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--out", default=str(ROOT / "bench" / "results" / "browsercost.json"))
    args = parser.parse_args(argv)
    tmp, port = Path(tempfile.mkdtemp(prefix="cg-cost-")), free_port()
    env, url = app_env(tmp, port), f"http://127.0.0.1:{port}"
    subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", "db", "upgrade"], cwd=ROOT, check=True,
                   env={**env, "ASYNC_MODE": "threading"}, capture_output=True, timeout=120)
    seeded = seed(env, args.pages)
    with open(tmp / "server.log", "wb") as log:
        server = subprocess.Popen(server_command("eventlet", port), cwd=ROOT, env=env, stdout=log,
                                  stderr=subprocess.STDOUT)
        try:
            wait_http(url + "/", server)
            results = asyncio.run(measure(args, url, serving_pid(server), seeded, facilitator_cookie(url)))
        finally:
            stop(server)
    print(f"{args.pages} clients per kind, the facilitator adding {args.rate} notes/s for {args.seconds} s per phase")
    print(f"{'phase':<11}{'acked':>7}{'server CPU s':>14}{'frames':>8}{'KB sent':>9}{'us CPU/extra frame':>20}  load")
    for r in results:
        print(f"{r['phase']:<11}{r['acked']:>7}{r['cpu_s']:>14}{r['frames']:>8}{r['bytes'] // 1024:>9}"
              f"{str(r.get('cpu_us_per_extra_frame', '-')):>20}  {r['load']}")
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps({"args": vars(args), "results": results}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
