"""A deliberately small Socket.IO v5 client (Engine.IO v4, websocket only) for the load generator.

python-socketio's ``AsyncClient`` is a complete client: reconnection, several transports,
namespaces, binary attachments, and a task per incoming event. With 1,000 of them in one process
that machinery, not the server, used a whole core. The benchmark needs much less: one websocket
per client, text packets on the default namespace, events with or without an acknowledgement,
and answering the server's pings. That is all this speaks:

    server -> "0{...}"            Engine.IO open           client -> "40{auth}"  Socket.IO connect
    server -> "40{...}" / "44{}"  connected / refused
    server -> "2"                 ping                     client -> "3"         pong
    server -> '42["event",data]'  event                    client -> '42<id>["event",data]'  call
    server -> '43<id>[reply]'     reply to call <id>

It opens the websocket the way the app's page does with the official ``socket.io-client`` in
Chromium: the page asks for ``transports: ['websocket', 'polling']``, so its first request is
the websocket itself (no polling handshake, no upgrade), and Chromium offers
``Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits``. aiohttp's
``compress=15`` sends exactly that offer and inflates what the server compresses, so a simulated
phone costs the server what a browser costs it (``tests/test_bench_handshake.py`` compares the
two against a real Chromium page). ``compress=0`` (``deflate=False``) is kept to measure without.

Identical text frames sent to many clients (a broadcast patch) are decoded once per process:
``Decoder`` keeps the last few decoded frames, keyed by their text. Handlers must therefore
treat the decoded data as read-only.
"""
from __future__ import annotations

import asyncio
import itertools
import json
from collections import OrderedDict

import aiohttp


class ConnectRefused(Exception):
    pass


class Decoder:
    """json.loads with a small cache: a broadcast reaches every client as an identical string."""

    def __init__(self, size: int = 64):
        self.size = size
        self.cache: OrderedDict[str, object] = OrderedDict()
        self.decoded = 0
        self.reused = 0

    def __call__(self, text: str):
        if len(text) < 256:  # small frames (acks, pings' replies): cheaper to decode than to cache
            self.decoded += 1
            return json.loads(text)
        hit = self.cache.get(text)
        if hit is not None:
            self.reused += 1
            return hit
        self.decoded += 1
        value = json.loads(text)
        self.cache[text] = value
        if len(self.cache) > self.size:
            self.cache.popitem(last=False)
        return value


class SioClient:
    """One connection. ``handlers`` maps event names to plain (non-async) callables."""

    #: The extension offer of Chromium, as aiohttp's compress=15 writes it.
    BROWSER_EXTENSIONS = "permessage-deflate; client_max_window_bits"

    def __init__(self, session: aiohttp.ClientSession, decoder: Decoder, handlers: dict, on_close=None,
                 deflate: bool = True):
        self.session, self.decode, self.handlers, self.on_close = session, decoder, handlers, on_close
        self.deflate = deflate
        self.frames = 0
        self.ws: aiohttp.ClientWebSocketResponse | None = None
        self.pending: dict[int, asyncio.Future] = {}
        self.ids = itertools.count(1)
        self.reader: asyncio.Task | None = None
        self.closed = False

    async def connect(self, url: str, auth: dict, headers: dict | None = None, timeout: float = 30) -> None:
        ws_url = url.replace("http", "ws", 1).rstrip("/") + "/socket.io/?EIO=4&transport=websocket"
        self.ws = await self.session.ws_connect(ws_url, headers=headers or {}, autoping=False,
                                                compress=15 if self.deflate else 0,
                                                max_msg_size=0, timeout=aiohttp.ClientWSTimeout(ws_close=5))
        opened = await asyncio.wait_for(self.ws.receive(), timeout)
        if opened.type != aiohttp.WSMsgType.TEXT or not opened.data.startswith("0"):
            raise ConnectRefused(f"no Engine.IO open packet: {opened.type} {str(opened.data)[:100]}")
        await self.ws.send_str("40" + json.dumps(auth))
        for _ in range(10):  # the server may ping before it answers the connect
            msg = await asyncio.wait_for(self.ws.receive(), timeout)
            if msg.type != aiohttp.WSMsgType.TEXT:
                raise ConnectRefused(f"closed while connecting: {msg.type}")
            if msg.data.startswith("40"):
                break
            if msg.data.startswith("44"):
                raise ConnectRefused(msg.data[2:200])
            if msg.data == "2":
                await self.ws.send_str("3")
        else:
            raise ConnectRefused("no answer to the Socket.IO connect")
        self.reader = asyncio.get_running_loop().create_task(self._read())

    async def call(self, event: str, data, timeout: float = 30):
        """Emit ``event`` and wait for the server's reply (the handler's return value)."""
        if self.closed or self.ws is None:
            raise ConnectionError("not connected")
        ack_id = next(self.ids)
        future = asyncio.get_running_loop().create_future()
        self.pending[ack_id] = future
        try:
            await self.ws.send_str(f"42{ack_id}" + json.dumps([event, data], separators=(",", ":")))
            return await asyncio.wait_for(future, timeout)
        finally:
            self.pending.pop(ack_id, None)

    async def close(self) -> None:
        self.closed = True
        if self.ws is not None and not self.ws.closed:
            await self.ws.close()
        if self.reader is not None:
            self.reader.cancel()

    async def _read(self) -> None:
        reason = "closed by server"
        try:
            async for msg in self.ws:
                if msg.type != aiohttp.WSMsgType.TEXT:
                    continue
                self.frames += 1
                self._packet(msg.data)
        except Exception as exc:  # noqa: BLE001 - reported through on_close
            reason = f"{type(exc).__name__}: {exc}"
        finally:
            was_closed = self.closed
            self.closed = True
            for future in self.pending.values():
                if not future.done():
                    future.set_exception(ConnectionError(reason))
            if self.on_close and not was_closed:
                self.on_close(reason)

    def _packet(self, text: str) -> None:
        kind = text[:2]
        if kind == "42":
            event, *args = self.decode(text[2:])
            handler = self.handlers.get(event)
            if handler is not None:
                handler(*args)
        elif kind == "43":
            i = 2
            while text[i].isdigit():
                i += 1
            future = self.pending.get(int(text[2:i]))
            if future is not None and not future.done():
                reply = json.loads(text[i:])  # replies are the caller's own to keep: never shared
                future.set_result(reply[0] if reply else None)
        elif text == "2":
            asyncio.get_running_loop().create_task(self.ws.send_str("3"))
        elif kind == "41" or kind == "1":
            asyncio.get_running_loop().create_task(self.ws.close())
