"""Answers by emoji (issue 23): a shared five-point face scale exercises reuse.

The faces are text (no pictures to load), each shown beside its words; the words are what a
screen reader says and what the answer means, the face only helps someone who reads little.
Templates draw the scale with ``live/answers.html``'s ``emoji_scale`` macro: a radio group in a
fieldset, usable with the keyboard like any radio group (arrows move, the form's button sends).
The value sent is the point (1 to 5), so a reducer validates it as it validates any scale point.
"""
from __future__ import annotations

#: One face per point of a five-point scale, from the lowest to the highest.
FACES = {1: "😞", 2: "🙁", 3: "😐", 4: "🙂", 5: "😄"}


def face_points(scale) -> list[tuple[int, str, str]]:
    """``(point, words, face)`` for a five-point scale given as ``(point, words)`` pairs."""
    return [(point, str(words), FACES[point]) for point, words in scale]
