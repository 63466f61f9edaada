"""Nothing acknowledged is lost: three SIGKILL/restart cycles of the real server while four
participant-like writers send ``add_note`` continuously (``bench/soak.py``, whose full run of
hundreds of cycles is reported in docs/reliability.md)."""
import pytest

from bench.soak import soak

pytestmark = [pytest.mark.live, pytest.mark.timeout(150)]


def test_three_sigkill_cycles_lose_and_duplicate_nothing(tmp_path):
    result = soak(cycles=3, writers=4, max_seconds=120, seed_value=3, min_kill=0.3, max_kill=0.9,
                  workdir=tmp_path, quiet=True)
    assert result["cycles"] == result["kills"] == 3
    assert result["acknowledged"] > 0 and result["in_flight_at_kill"] > 0, result
    assert result["lost"] == result["duplicated"] == 0, result
    assert result["lost_in_state"] == result["duplicated_in_state"] == 0, result
    assert result["still_pending"] == 0 and result["refused"] == 0, result
    # The log and the step states agree: every stored action is one note.
    assert result["action_rows"] == result["notes_in_state"] == result["acknowledged"], result
