"""Known advisories for this stack stay fixed: the installed Socket.IO stack is at or above the
versions that fixed CVE-2025-61765 / CVE-2026-48804, and requirements.txt pins it there."""
import re
from importlib.metadata import version
from pathlib import Path

import pytest

FLOORS = {"python-socketio": (5, 16, 2), "python-engineio": (4, 13, 2)}
REQUIREMENTS = Path(__file__).resolve().parents[1] / "requirements.txt"


def parse(text: str) -> tuple:
    return tuple(int(part) for part in re.findall(r"\d+", text)[:3])


@pytest.mark.parametrize("package", sorted(FLOORS))
def test_installed_version_is_at_or_above_the_fixed_release(package):
    installed = parse(version(package))
    assert installed >= FLOORS[package], f"{package} {version(package)} is below the fixed release"


@pytest.mark.parametrize("package", sorted(FLOORS))
def test_requirements_pin_at_or_above_the_fixed_release(package):
    pins = dict(re.findall(r"^([A-Za-z0-9_.\-]+)==([0-9.]+)", REQUIREMENTS.read_text(), re.M))
    assert package in pins, f"{package} is not pinned in requirements.txt"
    assert parse(pins[package]) >= FLOORS[package]


def test_version_parsing_catches_a_lower_release():
    assert parse("5.16.1") < FLOORS["python-socketio"] <= parse("5.16.2") < parse("5.18.1")
