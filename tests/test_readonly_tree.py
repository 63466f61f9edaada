"""The code tree may be read-only: `flask db upgrade` and a French page work from a read-only
copy of the tree, with only the instance folder writable, and nothing is written into the tree.

The copy has no compiled catalogs (as a checkout that skipped `make`), so the server must
compile them into the instance folder. Root ignores file modes, so as root the commands run as
`nobody` (setpriv, util-linux).
"""
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOBODY = 65534
PAGE = "from wsgi import app; print(app.test_client().get('/login?lang=fr').get_data(as_text=True))"


def as_unprivileged(command: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return command
    if not shutil.which("setpriv"):
        pytest.skip(reason="running as root without setpriv: cannot make a tree read-only for the server")
    return ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", *command]


def files_of(tree: Path) -> set[str]:
    return {str(p.relative_to(tree)) for p in tree.rglob("*")}


@pytest.fixture
def readonly_tree():
    base = Path(tempfile.mkdtemp(prefix="cg-readonly-"))
    tree = base / "tree"
    ignore = shutil.ignore_patterns("__pycache__", "*.mo", "instance")
    for name in ("app", "plugins", "migrations"):
        shutil.copytree(ROOT / name, tree / name, ignore=ignore)
    shutil.copy(ROOT / "wsgi.py", tree / "wsgi.py")
    instance = base / "instance"
    instance.mkdir()
    os.chown(instance, NOBODY, NOBODY) if os.geteuid() == 0 else None
    for path in [tree, *tree.rglob("*")]:
        path.chmod(0o555 if path.is_dir() else 0o444)
    base.chmod(0o755)
    yield tree, instance
    for path in [tree, *tree.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    shutil.rmtree(base)


def run(command: list[str], tree: Path, instance: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "INSTANCE_PATH": str(instance), "DATABASE_URL": f"sqlite:///{instance / 'cg.db'}",
           "HOME": str(instance)}
    env.pop("SECRET_KEY", None)
    return subprocess.run(as_unprivileged(command), cwd=tree, env=env, capture_output=True, text=True, timeout=180)


def test_db_upgrade_and_a_french_page_from_a_readonly_tree(readonly_tree):
    tree, instance = readonly_tree
    probe = run([sys.executable, "-c", f"open({str(tree / 'probe')!r}, 'w')"], tree, instance)
    assert probe.returncode != 0 and "PermissionError" in probe.stderr  # precondition: the tree is read-only
    before = files_of(tree)
    upgrade = run([sys.executable, "-m", "flask", "--app", "wsgi", "db", "upgrade"], tree, instance)
    assert upgrade.returncode == 0, upgrade.stderr
    page = run([sys.executable, "-c", PAGE], tree, instance)
    assert page.returncode == 0, page.stderr
    assert "Se connecter" in page.stdout
    assert files_of(tree) == before
    assert list(instance.glob("translations/*/fr/LC_MESSAGES/messages.mo"))
