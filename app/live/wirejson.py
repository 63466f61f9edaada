"""The JSON module Socket.IO encodes its packets with (``SocketIO(json=...)``).

It exists so that a document encoded once can be sent many times: ``sync`` replies carry the
audience's document as an :class:`Encoded` (already-encoded JSON, see
``Broadcaster.encoded_snapshot``), so 250 syncs of a 301-note document cost one encode, not
250. Everything else is encoded by orjson too (compact, like the ``separators`` Socket.IO asks
for); what orjson refuses (a lone surrogate in a field name echoed in an error, an integer past
64 bits, a non-string key) falls back to the standard library, so nothing becomes unsendable.
Decoding stays engine.io's own (the standard library, with its cap on huge integers).
"""
from __future__ import annotations

import json

import orjson
from engineio import json as engineio_json

loads = engineio_json.loads


class Encoded:
    """A value encoded once, embedded as is in any number of packets."""

    __slots__ = ("raw",)

    def __init__(self, raw: bytes):
        self.raw = raw


def dumps(obj, **kwargs) -> str:
    try:
        return orjson.dumps(obj, default=_fragment).decode()
    except TypeError:
        return json.dumps(obj, default=_plain, separators=(",", ":"))


def _fragment(value):
    if isinstance(value, Encoded):
        return orjson.Fragment(value.raw)
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def _plain(value):
    """For the standard library's fallback: an encoded value back into plain data."""
    if isinstance(value, Encoded):
        return json.loads(value.raw)
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def fragment(document) -> Encoded:
    """``document`` encoded once, to be embedded as is in any number of packets."""
    try:
        return Encoded(orjson.dumps(document))
    except TypeError:
        return Encoded(json.dumps(document, separators=(",", ":")).encode())
