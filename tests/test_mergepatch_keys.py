"""A merge patch's keys are data: ``__proto__`` (reachable through a facilitator-chosen sector
name) and ``constructor`` are stored as keys, never as object machinery, in the browser's
mergepatch.js and in the Python one."""
import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from app.live import mergepatch

ROOT = Path(__file__).resolve().parents[1]
HOSTILE = {"by_sector": {"__proto__": {"polluted": 1}, "constructor": {"prototype": {"polluted": 2}}}}


def node():
    path = shutil.which("node")
    if path is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("node is missing in CI (it installs the browser assets)")
        pytest.skip(reason="Node.js is not installed (apt-get install -y nodejs): "
                           "this check runs the browser's merge-patch module in node")
    return path


def run_js(script: str) -> dict:
    # As a .mjs copy: the browser's file is an ES module, but Node before 20.19 reads a .js file
    # outside a "type": "module" package as CommonJS (Debian 12 ships Node 18).
    with tempfile.TemporaryDirectory() as folder:
        module = Path(folder) / "mergepatch.mjs"
        shutil.copyfile(ROOT / "app/static/js/mergepatch.js", module)
        code = f"import {{ mergePatch }} from '{module.as_uri()}';\n{script}"
        out = subprocess.run([node(), "--input-type=module", "-e", code], capture_output=True, text=True,
                             timeout=60, check=True)
    return json.loads(out.stdout)


def test_the_browser_merge_patch_cannot_pollute_prototypes():
    result = run_js(f"""
const doc = {{ by_sector: {{ Health: 3 }} }};
const patched = mergePatch(doc, JSON.parse({json.dumps(json.dumps(HOSTILE))}));
const fresh = {{}};
console.log(JSON.stringify({{
  polluted: [fresh.polluted, Object.prototype.polluted, ({{}}).constructor.prototype.polluted],
  keys: Object.keys(patched.by_sector).sort(),
  proto: patched.by_sector.__proto__,
  deleted: Object.keys(mergePatch(patched, JSON.parse('{{"by_sector": {{"__proto__": null}}}}')).by_sector).sort(),
}}));
""")
    assert result["polluted"] == [None, None, None]  # JSON turns undefined into null
    assert result["keys"] == ["Health", "__proto__", "constructor"]
    assert result["proto"] == {"polluted": 1}
    assert result["deleted"] == ["Health", "constructor"]


def test_the_python_merge_patch_keeps_such_keys_as_data():
    doc = {"by_sector": {"Health": 3}}
    patched = mergepatch.apply(doc, json.loads(json.dumps(HOSTILE)))
    assert patched["by_sector"]["__proto__"] == {"polluted": 1}
    assert mergepatch.diff(doc, patched) == HOSTILE
    deleted = mergepatch.apply(patched, {"by_sector": {"__proto__": None}})
    assert deleted["by_sector"].keys() == {"Health", "constructor"}
