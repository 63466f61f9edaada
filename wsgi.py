"""Entry point: ``python wsgi.py`` serves with ``socketio.run``; ``flask --app wsgi`` for commands.

Monkey-patching happens here and only here, before anything else is imported.
"""
import os

# Read before anything is imported (patching must come first), so it cannot come from
# app/config.py; its default there is the same, and tests/test_setup.py checks they agree.
ASYNC_MODE = os.environ.get("ASYNC_MODE", "eventlet")
# gunicorn's gevent worker patches by itself before importing this module.
_serving = __name__ == "__main__"

if ASYNC_MODE == "eventlet":
    import warnings

    # We know; the README explains the choice and the gevent alternative. Also for the
    # ``flask --app wsgi`` commands, which import eventlet through Flask-SocketIO.
    warnings.filterwarnings("ignore", message=r"\s*Eventlet is deprecated")

if _serving and ASYNC_MODE == "eventlet":
    # psycopg 3 would block the whole eventlet hub on every query without this.
    os.environ.setdefault("PSYCOPG_WAIT_FUNC", "wait_select")
    import eventlet

    eventlet.monkey_patch()
elif _serving and ASYNC_MODE == "gevent":
    from gevent import monkey

    monkey.patch_all()

import logging  # noqa: E402
import sys  # noqa: E402

from app import create_app  # noqa: E402
from app.config import ConfigError, log_level  # noqa: E402
from app.extensions import socketio  # noqa: E402
from app.ops.logs import configure_logging  # noqa: E402
from app.ops.preflight import preflight  # noqa: E402

try:
    configure_logging(log_level())
    app = create_app()
    # `flask --app wsgi …` (db upgrade, demo, backup) needs the database, not Redis nor the
    # one-server-per-SQLite-file lock; serving (here or under gunicorn) needs all three.
    preflight(app, serving=os.environ.get("FLASK_RUN_FROM_CLI") != "true")
except ConfigError as exc:
    sys.exit(f"Common Ground cannot start: {exc}")


def header_deadline_protocol(seconds: float):
    """eventlet's HTTP protocol with a deadline on the request line and headers (slowloris).

    eventlet.wsgi.server's own ``socket_timeout`` would not do: it bounds each read, so one
    byte every few seconds keeps a connection forever, and it would also cut idle websockets.
    This deadline runs from when a connection starts waiting for a request (so idle keep-alive
    connections close too) until its headers are parsed, then stops: a websocket or a long
    poll that follows is not limited by it. A timed-out connection is closed without an answer.
    """

    from eventlet import Timeout
    from eventlet.wsgi import HttpProtocol

    class HeaderDeadline(HttpProtocol):
        def handle_one_request(self):
            self._deadline = Timeout(seconds, TimeoutError("request headers not received in time"))
            try:
                return super().handle_one_request()
            finally:
                self._deadline.cancel()

        def parse_request(self):
            try:
                return super().parse_request()
            finally:
                self._deadline.cancel()  # the headers are in: the app's own time starts

    return HeaderDeadline


def main() -> None:
    from app.ops.netinfo import lan_address, startup_message

    host, port = app.config["HOST"], app.config["PORT"]
    print(startup_message(host, port, app.config["PUBLIC_URL"], lan_address()), flush=True)
    options = {}
    if ASYNC_MODE == "eventlet":
        options["max_size"] = app.config["MAX_CONNECTIONS"]  # eventlet.wsgi.server's cap on connections
        options["protocol"] = header_deadline_protocol(app.config["HTTP_HEADER_TIMEOUT"])
        if app.config["ACCESS_LOG"]:
            options["log"] = logging.getLogger("app.access")  # eventlet's line per request, timestamped
    socketio.run(app, host=host, port=port, log_output=app.config["ACCESS_LOG"], **options)


if __name__ == "__main__":
    main()
