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

from app import create_app  # noqa: E402
from app.extensions import socketio  # noqa: E402

app = create_app()


def main() -> None:
    host, port = app.config["HOST"], app.config["PORT"]
    print(f"Common Ground is running on http://{host}:{port}", flush=True)
    options = {}
    if ASYNC_MODE == "eventlet":
        options["max_size"] = app.config["MAX_CONNECTIONS"]  # eventlet.wsgi.server's cap on connections
    socketio.run(app, host=host, port=port, log_output=False, **options)


if __name__ == "__main__":
    main()
