"""run_blocking: CPU-heavy work (PDF, DOCX) leaves the event loop free under eventlet and gevent.

Each case runs in a fresh interpreter patched as wsgi.py patches it. The work blocks on a real
(unpatched) threading.Event that only a green thread sets: if the work ran on the loop's
thread, the green thread could never run and the work would time out.
"""
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

SCRIPT = """
import sys
mode = sys.argv[1]
if mode == "eventlet":
    import eventlet
    eventlet.monkey_patch()
    from eventlet import patcher
    real_threading = patcher.original("threading")
    spawn = eventlet.spawn
else:
    from gevent import monkey
    monkey.patch_all()
    import gevent
    real_threading = monkey.get_original("threading", "Event")
    spawn = gevent.spawn

import contextvars
from app.blocking import run_blocking

released = real_threading.Event() if mode == "eventlet" else real_threading()
marker = contextvars.ContextVar("marker")
marker.set("the caller's context")

def work():
    assert released.wait(timeout=60), "the loop did not run while the work was blocked"
    return marker.get()

spawn(released.set)  # runs only if the loop is free while work() waits
print(run_blocking(work))
"""


@pytest.mark.parametrize("mode", ["eventlet", "gevent"])
def test_blocking_work_leaves_the_loop_free(mode):
    result = subprocess.run([sys.executable, "-c", SCRIPT, mode], cwd=ROOT, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "the caller's context"


def test_without_monkey_patching_it_is_a_plain_call():
    from app.blocking import run_blocking

    assert run_blocking(lambda a, b: a + b, 2, 3) == 5
    with pytest.raises(ZeroDivisionError):
        run_blocking(lambda: 1 / 0)
