"""Password checks run off the event loop: on the real eventlet server, a burst of concurrent
logins does not hold up a participant's acknowledgements.

No absolute timings: the bound is built from two figures measured in the same test on the
same (possibly busy) machine — the participant's own ack time with no logins going on, and the
time one password check takes here. If checks ran on the loop, each ack would wait behind the
logins in progress (several checks' worth with four clients logging in back to back)."""
import statistics
import threading
import time

import pytest
import requests
from werkzeug.security import check_password_hash, generate_password_hash

from app.extensions import db
from tests.factories import create_facilitator, create_participant, create_partnership, create_workshop
from tests.live_server import LiveClient, running

pytestmark = [pytest.mark.live, pytest.mark.timeout(240)]
LOGINERS = 4
ACKS = 25


@pytest.fixture(params=["eventlet", "gevent"])
def server(request, tmp_path):
    # Limits out of the way: this test is about the event loop, not the throttle.
    yield from running(tmp_path, request.param, LOGIN_ACCOUNT_RATE_LIMIT="100000", LOGIN_ADDRESS_RATE_LIMIT="100000",
                       ACTION_RATE="1000", ACTION_BURST="1000")


@pytest.fixture
def seed(server):
    app = server.seed_app()
    with app.app_context():
        workshop = create_workshop(create_partnership(create_facilitator()))
        _, token = create_participant(workshop)
        yield {"workshop": workshop.id, "step": workshop.steps[0].id, "token": token}
        db.session.remove()


def _ack_times(phone, step, note_id, count):
    times = []
    for i in range(count):
        started = time.perf_counter()
        assert phone.act(step, "edit_note", {"note_id": note_id, "text": f"edit {time.time()} {i}"})["ok"]
        times.append(time.perf_counter() - started)
    return times


def _one_check_time() -> float:
    stored = generate_password_hash("a password to time")
    runs = []
    for _ in range(3):
        started = time.perf_counter()
        check_password_hash(stored, "not the password")
        runs.append(time.perf_counter() - started)
    return statistics.median(runs)


def _log_in_repeatedly(url, stop, done):
    import re

    session = requests.Session()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', session.get(url + "/login", timeout=30).text)
    while not stop.is_set():
        response = session.post(url + "/login", data={"email": "facilitator@example.org", "password": "wrong guess!",
                                                      "csrf_token": token.group(1)}, timeout=60)
        assert response.status_code == 200 and "match an account" in response.text
        done.append(1)


def test_concurrent_logins_do_not_hold_up_a_participants_acks(server, seed):
    phone = LiveClient(server.url, seed["workshop"], token=seed["token"])
    step = seed["step"]
    assert phone.act(step, "add_note", {"text": "mine"})["ok"]
    phone.wait(lambda c: len(c.notes(step)) == 1)
    note_id = next(iter(phone.notes(step)))
    _ack_times(phone, step, note_id, 5)  # warm up
    baseline = statistics.median(_ack_times(phone, step, note_id, ACKS))
    one_check = _one_check_time()

    stop, done = threading.Event(), []
    threads = [threading.Thread(target=_log_in_repeatedly, args=(server.url, stop, done), daemon=True)
               for _ in range(LOGINERS)]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 60
    while len(done) < LOGINERS and time.monotonic() < deadline:  # every client is past its first login
        time.sleep(0.05)
    assert len(done) >= LOGINERS, "the logins never got going"
    before = len(done)
    try:
        times = _ack_times(phone, step, note_id, ACKS)
        while len(done) - before < LOGINERS and len(times) < 40 * ACKS:  # overlap a few logins
            times += _ack_times(phone, step, note_id, 1)
        during = statistics.median(times)
        logins_during = len(done) - before
    finally:
        stop.set()
        for thread in threads:
            thread.join(120)
        phone.close()

    assert logins_during >= LOGINERS, "no logins were answered while the acks were measured"
    bound = 4 * baseline + one_check
    print(f"ack median: {baseline * 1000:.1f} ms alone, {during * 1000:.1f} ms during {logins_during} logins "
          f"({len(times)} acks); "
          f"one check {one_check * 1000:.0f} ms; bound {bound * 1000:.0f} ms")
    assert during <= bound
