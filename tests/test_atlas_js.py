"""atlas-core.js, the browser twin of the atlas, classifies every point as Python does."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from gallery.analysis import atlas
from gallery.site.sections.atlas import payload

RUNNER = Path(__file__).parent / "js" / "run_atlas.js"
SCRIPT = Path(__file__).resolve().parents[1] / "site_src" / "js" / "atlas-core.js"
CASES = [("ab", 10.0), ("cd", 10.0), ("ab", 4.0), ("cd", 20.0)]


@pytest.mark.parametrize(("plane", "amp"), CASES)
def test_js_grid_equals_python_on_32_by_32(plane, amp):
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is needed for the JS parity test (it ships with this machine kind)")
    python = atlas.plane_atlas(plane, 32, amp)
    spec = payload(python)
    cases = [{"spec": spec, "resolution": 32, "amp": amp}]
    result = subprocess.run([node, str(RUNNER)], input=json.dumps({"script": str(SCRIPT),
                            "cases": cases}), capture_output=True, text=True, check=True,
                            timeout=300)  # fmt: skip
    (js,) = json.loads(result.stdout)
    assert js == python.classes.tolist()
    assert len(set(python.classes.ravel().tolist())) >= 3  # a map, not one colour
