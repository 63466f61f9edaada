"""What a browser's permessage-deflate costs the server, and how it is kept flat (issue 25).

Chromium offers ``permessage-deflate; client_max_window_bits`` on every websocket. eventlet
accepts it with context takeover: each socket then keeps its own zlib compressor (about 256 KB)
and compresses every frame again, so one patch to 1,000 phones is 1,000 compressions of the
same text. Here, under eventlet, the server answers ``server_no_context_takeover`` instead
(RFC 7692 §7.1.1.1 lets a server add it), so a message depends on no earlier one and the same
compressed frame can go to every socket: a large frame (a patch, a sync reply) is compressed
once per distinct text, small ones (acks, pings) go out uncompressed — the compressed bit is
per message. ``WEBSOCKET_COMPRESSION`` picks ``shared`` (that), ``off`` (decline the
extension) or ``per-socket`` (eventlet's own behaviour, kept to measure against);
docs/performance.md has the figures. The counters feed the benchmark's frames/s and bytes/s.
"""
from __future__ import annotations

import struct
import zlib
from collections import OrderedDict

#: Frames shorter than this go out uncompressed: deflate saves little on them and costs a
#: compressor each (acks, pings, small personal parts are unique per socket).
COMPRESS_MIN_BYTES = 256
#: Distinct large frames remembered: one flush sends a few (one per audience), all at once.
CACHE_SIZE = 16
MODES = ("shared", "off", "per-socket")

STATS = {"frames": 0, "bytes": 0, "compressed": 0, "compressions": 0}


def stats() -> dict:
    """Data frames and bytes (as framed on the wire) sent since start-up, by this process."""
    return dict(STATS)


def frame(payload: bytes, opcode: int) -> bytes:
    """An unmasked, final websocket frame (the server never masks)."""
    n = len(payload)
    if n > 65535:
        return struct.pack("!BBQ", 0x80 | opcode, 127, n) + payload
    if n > 125:
        return struct.pack("!BBH", 0x80 | opcode, 126, n) + payload
    return struct.pack("!BB", 0x80 | opcode, n) + payload


class FrameCache:
    """Text -> its compressed frame, for the few large texts a flush sends to every socket."""

    def __init__(self, size: int = CACHE_SIZE):
        self.size, self.frames = size, OrderedDict()

    def get(self, text: str) -> bytes:
        hit = self.frames.get(text)
        if hit is not None:
            return hit
        compressor = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -zlib.MAX_WBITS)
        data = compressor.compress(text.encode("utf-8")) + compressor.flush(zlib.Z_SYNC_FLUSH)
        hit = frame(data[:-4], 0x1 | 0x40)  # text, RSV1 = compressed; RFC 7692 drops the 00 00 ff ff tail
        STATS["compressions"] += 1
        self.frames[text] = hit
        if len(self.frames) > self.size:
            self.frames.popitem(last=False)
        return hit


def install(eio_server, mode: str) -> None:
    """Make ``eio_server`` (python-engineio, eventlet mode) use these websockets."""
    if mode not in MODES:
        raise ValueError(f"WEBSOCKET_COMPRESSION must be one of {', '.join(MODES)}, not {mode!r}")
    eio_server._async = {**eio_server._async, "websocket": _wsgi_class(mode)}


def _wsgi_class(mode: str):
    # Imported here: only the eventlet server uses them (ASYNC_MODE=gevent never imports eventlet).
    from engineio.async_drivers.eventlet import WebSocketWSGI
    from eventlet.websocket import RFC6455WebSocket

    class CountingWebSocket(RFC6455WebSocket):
        def send(self, message, **kw):
            payload = self._pack_message(message, masked=False, **kw)
            if not kw.get("control_code"):
                STATS["frames"] += 1
                STATS["bytes"] += len(payload)
            self._send(payload)

    class SharedDeflateWebSocket(CountingWebSocket):
        cache = FrameCache()

        def _pack_message(self, message, masked=False, continuation=False, final=True, control_code=None):
            if (control_code or continuation or not final or not isinstance(message, str)
                    or len(message) < COMPRESS_MIN_BYTES):
                return super()._pack_message(message, masked, continuation, final, control_code)
            STATS["compressed"] += 1
            return self.cache.get(message)

        def _get_permessage_deflate_enc(self):
            return None  # everything not compressed by _pack_message goes out plain

    class ServerWebSocketWSGI(WebSocketWSGI):
        @staticmethod
        def class_for(extensions: dict):
            """The websocket class for what the handshake agreed."""
            shared = mode == "shared" and "permessage-deflate" in extensions
            return SharedDeflateWebSocket if shared else CountingWebSocket

        def _negotiate_permessage_deflate(self, extensions):
            if mode == "off":
                return None
            agreed = super()._negotiate_permessage_deflate(extensions)
            if agreed is not None and mode == "shared":
                agreed["server_no_context_takeover"] = True
            return agreed

        def _handle_hybi_request(self, environ):
            ws = super()._handle_hybi_request(environ)
            # eventlet builds its own class here; the subclasses only change how frames are packed.
            ws.__class__ = self.class_for(ws.extensions)
            return ws

    return ServerWebSocketWSGI
