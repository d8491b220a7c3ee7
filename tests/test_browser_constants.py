"""js/constants.js holds exactly the Python values the widgets share, and no JS copies them."""

import dataclasses
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from gallery.model.catalogue import SCHEMES
from gallery.model.grid import MAX_STEPS
from gallery.model.simulate import RUNAWAY_SPIKE_FRACTION
from gallery.render.style import THEMES
from gallery.site import browser_constants, controls

ROOT = Path(__file__).resolve().parents[1]
READ = (
    "const vm = require('vm'); const src = require('fs').readFileSync(0, 'utf8');"
    "vm.runInThisContext(src); const c = globalThis.IzhGallery.constants;"
    "process.stdout.write(JSON.stringify({frozen: Object.isFrozen(c), values: c}));"
)


def _in_node(source: bytes) -> dict:
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is needed to read the generated script")
    result = subprocess.run(
        [node, "-e", READ], input=source, capture_output=True, timeout=600, check=False
    )
    assert result.returncode == 0, result.stderr.decode()
    return json.loads(result.stdout)


def test_the_script_defines_exactly_the_python_values():
    got = _in_node(browser_constants.constants_js())
    assert got["frozen"]
    values = got["values"]
    assert values["SCHEMES"] == list(SCHEMES)
    assert values["MAX_STEPS"] == MAX_STEPS
    assert values["MAX_STEPS_PER_REDRAW"] == controls.MAX_STEPS_PER_REDRAW
    assert values["DT_RANGE"] == list(controls.DT_RANGE)
    assert values["RUNAWAY_SPIKE_FRACTION"] == RUNAWAY_SPIKE_FRACTION
    assert set(values["THEMES"]) == set(THEMES)
    for name, theme in THEMES.items():
        colours = values["THEMES"][name]
        assert colours == {**dataclasses.asdict(theme), "runs": list(theme.runs)} | {
            "time_map": list(theme.time_map)
        }
    assert set(values) == set(browser_constants.constants())


def test_the_script_is_deterministic_and_named_by_its_path():
    assert browser_constants.constants_js() == browser_constants.constants_js()
    assert browser_constants.PATH == "js/constants.js"
    assert browser_constants.constants_js().startswith(b"/*\n * constants.js: GENERATED")


def _hand_written_sources() -> dict[str, str]:
    folders = (ROOT / "site_src" / "js", ROOT / "site_src" / "css")
    return {
        path.name: path.read_text(encoding="utf-8")
        for folder in folders
        for path in sorted(folder.iterdir())
        if path.suffix in {".js", ".css"}
    }


_NAME = "(?:" + "|".join(re.escape(s) for s in SCHEMES) + ")"
_SCHEME_LIST = re.compile(f'"{_NAME}"\\s*,\\s*"{_NAME}"')  # two names in a row: a copied list
_PALETTE = {c.lower() for th in THEMES.values() for c in (th.v, th.u, th.i_ext, th.accent)}
_RANGES = [*(r for form in controls._RANGES.values() for r in form.values()), controls.DT_RANGE]


def _pair(lo: float, hi: float) -> re.Pattern[str]:
    """``[lo, hi]`` or ``lo, hi`` (an array or two arguments), as JS would write the numbers."""
    number = [re.escape(controls.js_number(x)) + r"(?:\.0+)?(?![\d.])" for x in (lo, hi)]
    return re.compile(r"(?<![\d.])" + number[0] + r"\s*,\s*" + number[1])


def _copies(name: str, text: str) -> list[str]:
    colours = {c.lower() for c in re.findall(r"#[0-9a-fA-F]{6}\b", text)}
    found = [f"{name}: colour {c}" for c in sorted(colours & _PALETTE)]
    found += [f"{name}: scheme list"] if _SCHEME_LIST.search(text) else []
    found += [f"{name}: step cap {cap}" for cap in ("10000000", "200000") if cap in text]
    found += [
        f"{name}: slider range {lo}..{hi}" for lo, hi in _RANGES if _pair(lo, hi).search(text)
    ]
    return found


def test_no_hand_written_script_or_style_copies_a_shared_value():
    found = [c for name, text in _hand_written_sources().items() for c in _copies(name, text)]
    assert found == []


def test_the_copy_check_sees_each_kind_of_copy():
    assert _copies("x.js", 'var v = "#0072b2";') == ["x.js: colour #0072b2"]
    assert _copies("x.js", 'var s = ["euler", "reference"];') == ["x.js: scheme list"]
    assert _copies("x.js", "var MAX = 200000;") == ["x.js: step cap 200000"]
    assert _copies("x.js", 'if (scheme === "book-2007") { f(); }') == []
    assert _copies("x.js", "c: is2007 ? [-80, -20] : [-80, -30],") == [
        "x.js: slider range -80.0..-20.0",
        "x.js: slider range -80.0..-30.0",
    ]
    assert _copies("x.js", "var DT = [0.001, 1.0];") == ["x.js: slider range 0.001..1.0"]
    assert _copies("x.js", "ctx.arc(x, 0.5, 20);") == []
