"""Bytes per phone per action (issue 25): a merge patch replaces an array whole, so anything
that grows with the room is sent as keyed objects and ordered by the page. A vote on a board of
300 notes must patch a phone with about one note's tally, not the whole board. Sizes are
deterministic (a seeded board, the broadcaster's own diff and framing), not timings."""
import pytest

from bench.fanout import EXERCISES, action_patch_bytes

#: Bytes of text of one phone's patch frame for one vote (or rating, or answer) at 300 items:
#: the envelope and ``seq`` (~90 B), the item's changed tally and a count or two.
VOTE_BOUND = 300
#: One new item: the item itself (~250 B with its author) and the counts it changes.
NOTE_BOUND = 700


@pytest.mark.parametrize("key", EXERCISES)
def test_a_vote_patches_each_phone_with_a_few_hundred_bytes(key):
    for size in (300, 600):  # and it does not grow with the board
        assert action_patch_bytes(key, size, "vote") < VOTE_BOUND, (key, size)


@pytest.mark.parametrize("key", [k for k in EXERCISES if k != "alignment_mapper"])
def test_a_new_item_patches_each_phone_with_that_item(key):
    assert action_patch_bytes(key, 300, "note") < NOTE_BOUND, key


@pytest.mark.parametrize("key", EXERCISES)
def test_the_console_patch_is_as_small(key):
    assert action_patch_bytes(key, 300, "vote", role="facilitator") < VOTE_BOUND + 100, key
