"""The benchmark's client opens its websocket exactly as the app's page does in Chromium (issue 25):
same transport sequence, same permessage-deflate offer; and the frames the server compresses
once for every socket are read correctly by Chromium and by the bench client."""
import asyncio
from concurrent.futures import ThreadPoolExecutor

import aiohttp
import pytest
import requests

from app.extensions import db
from bench.sioclient import Decoder, SioClient
from tests.browser import PHONE, browser  # noqa: F401  (fixture)
from tests.factories import create_facilitator, create_participant, create_partnership, create_workshop
from tests.live_server import running

pytestmark = [pytest.mark.live, pytest.mark.timeout(180)]


@pytest.fixture
def server(tmp_path):
    yield from running(tmp_path, ENABLE_TEST_ROUTES="1")


@pytest.fixture
def seed(server):
    app = server.seed_app()
    with app.app_context():
        workshop = create_workshop(create_partnership(create_facilitator()))
        ids = {"workshop": workshop.id, "step": workshop.steps[0].id,
               "tokens": [create_participant(workshop, name=n)[1] for n in ("Ana", "Ben")]}
        db.session.remove()
    return ids


def handshakes(server) -> list:
    return requests.get(server.url + "/_diag/handshakes?clear=1", timeout=10).json()


def shape(entries) -> list:
    """What must match: the sequence of Engine.IO requests and the extension offer of each."""
    return [(e["method"], e["transport"], e["sid"], e["upgrade"], e["extensions"]) for e in entries]


async def bench_client(server, ids, text: str) -> tuple[SioClient, dict]:
    async with aiohttp.ClientSession() as session:
        client = SioClient(session, Decoder(), {})
        await client.connect(server.url, {"workshop": ids["workshop"], "as": "participant", "token": ids["tokens"][1]})
        try:
            reply = await client.call("sync", {}, timeout=30)
            assert reply["ok"] and client.ws.compress == 15  # deflate agreed, as with the browser
            ack = await client.call("act", {"op": "bench-handshake-1", "step": ids["step"], "type": "add_note",
                                            "data": {"text": text}}, timeout=30)
            return client, ack
        finally:
            await client.close()


def in_thread(coro):
    """asyncio.run on its own thread: Playwright's sync API keeps a loop running on this one."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result(timeout=120)


def test_bench_client_handshake_matches_chromium(server, seed, browser):  # noqa: F811
    handshakes(server)  # start from an empty log
    context = browser.new_context(**PHONE)
    context.add_cookies([{"name": f"cg_p{seed['workshop']}", "value": seed["tokens"][0], "url": server.url}])
    page = context.new_page()
    page.goto(f"{server.url}/w/{seed['workshop']}/me")
    page.wait_for_selector("text=All changes saved", timeout=30000)
    chromium = [e for e in handshakes(server) if "Chrome" in e["user_agent"]]
    assert chromium, "the page opened no Engine.IO connection"
    # The page's own choice (live.js: transports ['websocket', 'polling']): the websocket first.
    assert shape(chromium)[0] == ("GET", "websocket", False, "websocket", "permessage-deflate; client_max_window_bits")

    stats_before = requests.get(server.url + "/_diag/websocket", timeout=10).json()
    _, ack = in_thread(bench_client(server, seed, "Walking bus from the estate"))
    assert ack["ok"], ack
    bench = handshakes(server)
    assert shape(bench) == shape(chromium)[:1]

    # The note reaches the browser in a patch: Chromium inflated the frames compressed once for all.
    page.wait_for_selector("text=Walking bus from the estate", timeout=30000)
    stats = requests.get(server.url + "/_diag/websocket", timeout=10).json()
    assert stats["compressed"] > stats_before["compressed"]
    assert stats["frames"] > stats["compressed"]  # acks and pings went out plain
    context.close()
