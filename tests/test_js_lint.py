"""The JS linter (eslint, pinned in package.json) passes on the site's scripts and tests/js.

The rules live in eslint.config.js: classic browser scripts under the one global IzhGallery,
Node scripts in tests/js, lines of at most 100 characters, files of at most 200 lines.
"""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ESLINT = ROOT / "node_modules" / ".bin" / "eslint"
FOLDERS = ("site_src/js", "site_src/serve", "tests/js")
MAX_LINES = 200


@pytest.fixture(scope="module")
def eslint():
    """The pinned eslint; a clean clone gets it from ``npm ci`` (the lock file's versions)."""
    if not ESLINT.exists():
        npm = shutil.which("npm")
        if npm is None:
            pytest.fail("npm is needed to install the pinned eslint (Node.js 18.18 or newer)")
        command = [npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund"]
        subprocess.run(command, cwd=ROOT, check=True, capture_output=True, timeout=600)
    return ESLINT


def _lint(eslint, *paths):
    result = subprocess.run(
        [str(eslint), "--format", "json", *paths],
        cwd=ROOT, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert result.returncode in (0, 1), result.stderr
    return [
        f"{Path(r['filePath']).relative_to(ROOT)}:{m['line']}: {m['ruleId']}: {m['message']}"
        for r in json.loads(result.stdout)
        for m in r["messages"]
    ]


def _sources():
    return sorted(p for folder in FOLDERS for p in (ROOT / folder).glob("*.js"))


def test_eslint_finds_no_problem(eslint):
    problems = _lint(eslint, *(str(p) for p in _sources()), "eslint.config.js")
    assert problems == []


def test_no_script_is_over_200_lines():
    lengths = {p.name: len(p.read_text(encoding="utf-8").splitlines()) for p in _sources()}
    assert {name: n for name, n in lengths.items() if n > MAX_LINES} == {}


def test_eslint_sees_a_long_line_an_implicit_global_and_a_long_file(eslint, tmp_path):
    folder = ROOT / "site_src" / "js"
    bad = folder / "zz-lint-probe.js"  # inside site_src/js, so the browser rules apply
    body = ["(function () {", '  "use strict";', "  var x = " + "1 + " * 30 + "1;", "  x += 1;"]
    body += ["  x += 1;"] * 200 + ["})();", "var leaked = 1;"]
    try:
        bad.write_text("\n".join(body) + "\n", encoding="utf-8")
        rules = {p.split(": ")[1] for p in _lint(eslint, str(bad))}
    finally:
        bad.unlink()
    assert {"max-len", "max-lines", "no-implicit-globals"} <= rules
