"""Prometheus metrics of this process (``prometheus-client``), served at ``/metrics`` only when
``METRICS_TOKEN`` is set, to requests that bear it (docs/deploy.md says why).

Always counted (an increment costs well under a microsecond); only exposing them is optional.
With several server processes, each has its own figures: scrape every process.
"""
from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

ACTIONS = Counter("commonground_actions_total", "Exercise actions and facilitator controls received, by result",
                  ["kind", "result"])
ACK_SECONDS = Histogram("commonground_ack_seconds", "From receiving an action to sending its acknowledgement",
                        ["kind"], buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.25, 0.5, 1, 2.5, 5, 10))
CONNECTED = Gauge("commonground_connected_clients", "Socket.IO connections open on this process")
FLUSH_SECONDS = Histogram("commonground_flush_seconds", "One broadcast flush of every dirty workshop",
                          buckets=(0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5))
MESSAGES = Counter("commonground_messages_sent_total",
                   "Messages the broadcaster emitted (one per room: a patch to a room of 500 phones counts once)")
