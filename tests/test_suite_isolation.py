"""What keeps the suite from flaking on a loaded machine: background socket clients must not
touch state other tests depend on (see tests/conftest.py)."""
import gc
import random
import socket
import threading

import socketio.client
import websocket
from hypothesis import given, settings
from hypothesis import strategies as st


def test_socketio_reconnect_jitter_leaves_the_global_random_state_alone():
    before = random.getstate()
    socketio.client.random.random()  # what Client._handle_reconnect calls for its delay
    assert random.getstate() == before


def test_hypothesis_draws_while_a_socketio_client_reconnects_in_the_background():
    client = socketio.Client(reconnection=True, reconnection_delay=0.01, reconnection_delay_max=0.02)
    stop = threading.Event()

    def reconnecting():  # the delay computation of a client whose server went away, in a loop
        while not stop.is_set():
            jitter = client.randomization_factor * (2 * socketio.client.random.random() - 1)
            stop.wait(client.reconnection_delay * (1 + jitter) / 100)

    worker = threading.Thread(target=reconnecting, daemon=True)
    worker.start()
    try:
        @settings(max_examples=200, deadline=None)
        @given(st.lists(st.integers(0, 50), max_size=20))
        def draws(values):
            assert all(0 <= v <= 50 for v in values)

        draws()
    finally:
        stop.set()
        worker.join(10)


def test_a_websocket_the_server_closed_is_closed_when_dropped():
    ws = websocket.WebSocket()
    left, right = socket.socketpair()
    ws.sock, ws.connected = left, False  # the state websocket-client leaves after the server's close
    del ws
    gc.collect()
    assert left.fileno() == -1  # closed, not left for a ResourceWarning at some later test
    right.close()


def test_importing_the_benchmarks_leaves_the_environment_alone():
    """Importing a bench module changes neither the environment nor the process's threads. A test
    module imports bench.fanout at collection; it used to set ASYNC_MODE=threading in os.environ
    on import, so every real server the suite started afterwards inherited it and
    fell back to Werkzeug (every eventlet live test errored in a whole-suite run, none alone)."""
    import importlib
    import os
    import pkgutil
    import threading

    import bench

    before = dict(os.environ)
    for module in pkgutil.iter_modules(bench.__path__):
        importlib.reload(importlib.import_module(f"bench.{module.name}"))
    assert dict(os.environ) == before
    # Nor monkey-patch the test process (bench.naive_server once did on import): with threading
    # green, every later test's timeout ran on eventlet's hub instead of SIGALRM.
    assert threading.current_thread() is threading.main_thread(), "a bench module monkey-patched on import"


def test_a_client_reconnecting_to_a_stopped_server_is_ended_with_its_module():
    """The module-end cleanup in conftest: a reconnecting client left by a test must not live on
    (a whole-suite run segfaulted at exit with 50-odd of them still waking to reconnect)."""
    from tests.conftest import _end_reconnection, _reconnecting_threads

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    listener.close()  # nothing listens there any more: every attempt fails, the loop goes on
    client = socketio.Client(reconnection=True, reconnection_delay=0.05, reconnection_delay_max=0.1)
    client.connection_url, client.connection_headers, client.connection_auth = f"http://127.0.0.1:{port}", {}, None
    client.connection_transports, client.connection_namespaces, client.socketio_path = ["websocket"], ["/"], "socket.io"
    client._reconnect_task = client.start_background_task(client._handle_reconnect)
    thread = next(t for t in _reconnecting_threads() if t._target.__self__ is client)
    threading.Event().wait(0.3)
    assert thread.is_alive()  # still trying, as a forgotten client would
    _end_reconnection(thread)
    assert not thread.is_alive()
