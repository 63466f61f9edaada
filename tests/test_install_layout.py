"""The install layout: what `make run` installs is the runtime only, every version comes from
the lock file, and `make run` checks the port before it migrates."""
import re
import shutil
import subprocess
from importlib import metadata
from pathlib import Path

import pytest
from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
TOOLS = {"pytest", "pytest-timeout", "hypothesis", "playwright", "ruff", "pypdf", "aiohttp", "websocket-client",
         "requests", "psutil"}
SCALE_OUT = {"psycopg", "redis", "gevent", "gunicorn"}


def requirements(name: str) -> dict[str, Requirement]:
    """The file's own requirements (not the ones it includes with -r), by canonical name."""
    found = {}
    for line in (ROOT / name).read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line and not line.startswith("-"):
            requirement = Requirement(line)
            found[canonicalize_name(requirement.name)] = requirement
    return found


def lock() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "constraints.txt").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, version = line.split("==")
            pins[canonicalize_name(name)] = version.strip()
    return pins


def test_the_runtime_holds_no_tool_and_no_scale_out_piece():
    runtime = set(requirements("requirements.txt"))
    assert runtime, "requirements.txt is empty"
    assert not runtime & TOOLS and not runtime & SCALE_OUT
    assert TOOLS <= set(requirements("requirements-dev.txt"))
    assert SCALE_OUT == set(requirements("requirements-scale.txt"))
    dev_includes = (ROOT / "requirements-dev.txt").read_text()
    assert "-r requirements.txt" in dev_includes and "-r requirements-scale.txt" in dev_includes


@pytest.mark.parametrize("name", ["requirements.txt", "requirements-scale.txt", "requirements-dev.txt"])
def test_every_requirement_is_pinned_and_the_lock_agrees(name):
    pins = lock()
    for key, requirement in requirements(name).items():
        specifiers = list(requirement.specifier)
        assert len(specifiers) == 1 and specifiers[0].operator == "==", f"{requirement} is not pinned"
        assert pins.get(key) == specifiers[0].version, f"{requirement}: constraints.txt has {pins.get(key)}"


def closure(names) -> set[str]:
    """Every distribution that ``names`` need, as installed here (markers evaluated)."""
    seen, todo = set(), [(name, set()) for name in names]
    while todo:
        name, extras = todo.pop()
        key = canonicalize_name(name)
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        seen.add(key)
        for text in dist.requires or []:
            requirement = Requirement(text)
            envs = [{**default_environment(), "extra": extra} for extra in (extras or {""})]
            if requirement.marker is None or any(requirement.marker.evaluate(env) for env in envs):
                if canonicalize_name(requirement.name) not in seen:
                    todo.append((requirement.name, set(requirement.extras)))
    return seen


def test_the_lock_pins_the_whole_tree():
    wanted = {}
    for name in ("requirements.txt", "requirements-scale.txt", "requirements-dev.txt"):
        for key, requirement in requirements(name).items():
            wanted[key] = requirement
    needed = closure(wanted)
    for requirement in wanted.values():  # extras, e.g. psycopg[binary]
        for extra in requirement.extras:
            needed |= closure([f"{requirement.name}-{extra}"])
    assert set(wanted) <= needed, "run the tests in a venv made by make test"
    assert sorted(needed - set(lock())) == []


def make_dry_run(target: str) -> str:
    if not shutil.which("make"):
        pytest.skip(reason="make is not installed")
    return subprocess.run(["make", "-n", "-B", target], cwd=ROOT, capture_output=True, text=True, check=True,
                          env={"PATH": "/usr/bin:/bin", "HOME": "/nonexistent"}).stdout


def test_make_run_installs_the_runtime_only_and_checks_the_port_before_migrating():
    commands = make_dry_run("run").splitlines()
    text = "\n".join(commands)
    assert "requirements-dev.txt" not in text and "requirements-scale.txt" not in text
    assert re.search(r"pip.* install --quiet --upgrade pip -c constraints.txt", text)
    assert "-r requirements.txt -c constraints.txt" in text and "app.i18n_catalogs --compile" in text
    position = {key: next(i for i, c in enumerate(commands) if key in c)
                for key in ("--upgrade pip", "app.portcheck", "db upgrade", "wsgi.py")}
    assert position["--upgrade pip"] < position["app.portcheck"] < position["db upgrade"] < position["wsgi.py"]


def test_make_test_installs_the_tools_and_the_scale_out_pieces():
    text = make_dry_run("test")
    assert "-r requirements-dev.txt -c constraints.txt" in text and "-r requirements-scale.txt" in text
    assert "ruff check" in text and "pytest" in text
