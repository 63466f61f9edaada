"""A room of more than a thousand phones: the real server (eventlet, and gunicorn's gevent
worker as documented) holds 1,100 websockets open at once and still answers a page load.
eventlet's own default would have queued every connection past 1,024."""
import asyncio

import aiohttp
import pytest
import requests

from tests.live_server import running

pytestmark = [pytest.mark.live, pytest.mark.timeout(180)]

CONNECTIONS = 1100


@pytest.fixture(params=["eventlet", "gevent"])
def server(request, tmp_path):
    # These sockets stay unauthenticated on purpose (capacity, not identity): lift the cap on
    # pending handshakes per address (test_connection_limits.py tests that cap).
    yield from running(tmp_path, request.param, HANDSHAKES_PER_ADDRESS=str(CONNECTIONS + 100))


async def _hold_open(url: str, count: int) -> tuple[int, list]:
    """Open ``count`` Engine.IO websockets and keep them all open; return how many got the
    server's open packet, and the sockets (still open)."""
    session = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0))
    sockets, opened = [], 0
    gate = asyncio.Semaphore(100)

    async def one():
        nonlocal opened
        async with gate:
            ws = await session.ws_connect(url.replace("http", "ws", 1) + "/socket.io/?EIO=4&transport=websocket",
                                          autoping=False)
            sockets.append(ws)
            first = await asyncio.wait_for(ws.receive(), 15)
            if first.type == aiohttp.WSMsgType.TEXT and first.data.startswith("0{"):
                opened += 1

    await asyncio.wait_for(asyncio.gather(*(one() for _ in range(count)), return_exceptions=True), 90)
    return opened, sockets, session


def test_more_than_a_thousand_connections_at_once(server):
    async def scenario():
        opened, sockets, session = await _hold_open(server.url, CONNECTIONS)
        try:
            assert opened == CONNECTIONS, f"only {opened} of {CONNECTIONS} websockets were served"
            still_open = sum(1 for ws in sockets if not ws.closed)
            assert still_open == CONNECTIONS
            # With every websocket still open, an ordinary page load is served too.
            page = await asyncio.to_thread(requests.get, server.url + "/", timeout=10)
            assert page.status_code == 200
        finally:
            await asyncio.gather(*(ws.close() for ws in sockets), return_exceptions=True)
            await session.close()

    asyncio.run(scenario())
