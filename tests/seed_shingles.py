"""Fingerprints of every 12-word run in the method texts (the seeds), for the "own words" test.

The repository keeps only these one-way fingerprints, not the texts. Regenerate after the seeds
change: ``.venv/bin/python -m tests.seed_shingles /path/to/seeds > tests/data/seed_shingles.txt``.
"""
from __future__ import annotations

import hashlib
import re
import sys
from pathlib import Path

RUN = 12
DATA = Path(__file__).parent / "data" / "seed_shingles.txt"


def words(text: str) -> list[str]:
    """Lower-case words; punctuation, curly quotes and line breaks don't count."""
    return re.findall(r"[a-z0-9]+", text.lower().replace("’", "'"))


def fingerprints(text: str) -> set[str]:
    """One short hash per run of :data:`RUN` consecutive words."""
    found = words(text)
    return {hashlib.sha256(" ".join(found[i:i + RUN]).encode()).hexdigest()[:16]
            for i in range(len(found) - RUN + 1)}


def seeds_fingerprints(folder: Path) -> set[str]:
    result: set[str] = set()
    for path in sorted(folder.glob("*.txt")):
        result |= fingerprints(path.read_text(encoding="utf-8"))
    return result


def stored() -> set[str]:
    return set(DATA.read_text().split())


if __name__ == "__main__":
    print("\n".join(sorted(seeds_fingerprints(Path(sys.argv[1])))))
