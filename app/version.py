"""The version of Common Ground, read from ``pyproject.toml`` (its one source)."""
import tomllib
from pathlib import Path


def _read() -> str:
    try:
        with open(Path(__file__).resolve().parents[1] / "pyproject.toml", "rb") as source:
            return tomllib.load(source)["project"]["version"]
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return "unknown"


VERSION = _read()
