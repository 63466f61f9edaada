"""Entry point: ``python wsgi.py`` serves with ``socketio.run``; ``flask --app wsgi`` for commands.

Monkey-patching happens here and only here, before anything else is imported.
"""
import os

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


def main() -> None:
    from app.ops.netinfo import lan_address, startup_message

    host, port = app.config["HOST"], app.config["PORT"]
    print(startup_message(host, port, app.config["PUBLIC_URL"], lan_address()), flush=True)
    options = {}
    if ASYNC_MODE == "eventlet":
        options["max_size"] = app.config["MAX_CONNECTIONS"]  # eventlet.wsgi.server's cap on connections
        if app.config["ACCESS_LOG"]:
            options["log"] = logging.getLogger("app.access")  # eventlet's line per request, timestamped
    socketio.run(app, host=host, port=port, log_output=app.config["ACCESS_LOG"], **options)


if __name__ == "__main__":
    main()
