"""Which groups' figures may be published without exposing a small group: the k-anonymity rule
of :data:`~app.exercises.contract.K_ANONYMITY`, shared by the views and the ``measures`` of
exercises that break a figure down by sector.

A group is published only when at least K people are in it. Leaving the small ones out is not
enough: the whole-room figure minus the published groups gives what the rest said, so the rest
must itself be nobody or at least K people, else the smallest published group joins it.
"""
from __future__ import annotations

from collections.abc import Mapping

from app.exercises.contract import K_ANONYMITY


def publishable_groups(sizes: Mapping[str, int]) -> set[str]:
    """The named groups (``sizes``: group -> number of people; "" is "no group") whose figures
    may be published next to a whole-room figure made from the same people."""
    shown = {group: size for group, size in sizes.items() if group and size >= K_ANONYMITY}
    rest = sum(size for group, size in sizes.items() if group not in shown)
    while 0 < rest < K_ANONYMITY and shown:
        smallest = min(shown, key=lambda group: (shown[group], group))
        rest += shown.pop(smallest)
    return set(shown)
