"""The code tree may be read-only: `flask db upgrade` and a French page work from a read-only
copy of the tree, with only the instance folder writable, and nothing is written into the tree.

The copy has no compiled catalogs (as a checkout that skipped `make`), so the server must
compile them into the instance folder. The copy's files are made read-only, and because root
ignores file modes (and a root chroot or container may not be able to mount), the commands also
run under an audit hook (``tests/readonly_python.py``) that refuses any write into the tree with
the same PermissionError a read-only file system gives.
"""
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
WRAPPER = Path(__file__).parent / "readonly_python.py"
PAGE = "from wsgi import app; print(app.test_client().get('/login?lang=fr').get_data(as_text=True))"


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
    for path in [tree, *tree.rglob("*")]:
        path.chmod(0o555 if path.is_dir() else 0o444)
    base.chmod(0o755)
    yield tree, instance
    for path in [tree, *tree.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    shutil.rmtree(base)


def run(args: list[str], tree: Path, instance: Path) -> subprocess.CompletedProcess:
    """``python ARGS`` in the tree, which it may read but not write."""
    env = {**os.environ, "INSTANCE_PATH": str(instance), "DATABASE_URL": f"sqlite:///{instance / 'cg.db'}",
           "READONLY_TREE": str(tree)}
    env.pop("SECRET_KEY", None)
    return subprocess.run([sys.executable, str(WRAPPER), *args], cwd=tree, env=env, capture_output=True, text=True,
                          timeout=180)


def test_db_upgrade_and_a_french_page_from_a_readonly_tree(readonly_tree):
    tree, instance = readonly_tree
    for probe in (f"open({str(tree / 'probe')!r}, 'w')", f"import os; os.mkdir({str(tree / 'app' / 'x')!r})"):
        result = run(["-c", probe], tree, instance)
        assert result.returncode != 0 and "PermissionError" in result.stderr  # precondition: the tree is read-only
    assert run(["-c", f"open({str(instance / 'probe')!r}, 'w')"], tree, instance).returncode == 0
    before = files_of(tree)
    upgrade = run(["-m", "flask", "--app", "wsgi", "db", "upgrade"], tree, instance)
    assert upgrade.returncode == 0, upgrade.stderr
    page = run(["-c", PAGE], tree, instance)
    assert page.returncode == 0, page.stderr
    assert "Se connecter" in page.stdout
    assert files_of(tree) == before
    assert list(instance.glob("translations/*/fr/LC_MESSAGES/messages.mo"))
