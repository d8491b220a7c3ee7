"""Third-party audits of the built site (issue 19): axe-core and the Nu Html Checker.

axe-core (npm, pinned in package.json) runs in Debian's Chromium on every page kind, in light
and in dark, embeds and the 404 page included; any serious or critical violation fails. The Nu
checker (npm ``vnu-jar``, run with Debian's Java) validates every HTML page of the build; an
error fails unless it is one of the theme's own, each listed below with the markup it comes
from, so that a new error from our templates is never hidden among them.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.browsers import CHROMIUM, FLAGS, serve
from tests.sites import built_site

ROOT = Path(__file__).resolve().parents[1]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
SLUG = "tonic-bursting"
PAGE_KINDS = {
    "home": "",
    "gallery": "gallery/",
    "preset": f"presets/{SLUG}/",
    "explorer": "explorer/",
    "model": "theory/model/",
    "phase-plane": "theory/phase-plane/",
    "excitability": "theory/excitability/",
    "network": "network/",
    "accuracy": "accuracy/",
    "exercises": "exercises/numerics/",  # questions with live cells
    "references": "references/",
    "embedding": "embedding/",
    "embed-preset": f"embed/{SLUG}.html",
    "embed-explorer": "embed/explorer.html",
    "404": "404.html",
}
# The theme's (Material 9.8) own errors: (message start, a piece of the markup it is in).
THEME_ERRORS = (
    # nav section labels: <label class="md-nav__link" for="__nav_2" ... tabindex="">
    ("Bad value “” for attribute “tabindex” on element “label”", "md-nav__link"),
    # the palette and nav toggles: <input class="md-toggle" type="checkbox" autocomplete="off">
    ("Attribute “autocomplete” is only allowed when the input type is", 'type="checkbox"'),
    # pages with `hide: toc` keep the toc's title label: <label class="md-nav__title" for="__toc">
    ("The value of the “for” attribute of the “label” element must be the ID of a non-hidden",
     'for="__toc"'),
)  # fmt: skip
WAIT_MS = 60_000  # bounds a hang on a busy machine; every wait is on a condition
SETTLED = """() => document.readyState === "complete"
  && document.querySelectorAll(".arithmatex:not([data-katex])").length === 0
  && document.querySelectorAll('[data-widget]:not([data-mounted="1"])').length === 0"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return built_site(tmp_path_factory, only=(SLUG,)) / "site"


def _axe(site: Path) -> dict[tuple[str, str], list[str]]:
    """Serious and critical axe violations per (page kind, scheme): 'rule: target' lines."""
    sync_api = pytest.importorskip("playwright.sync_api")
    script = AXE.read_text(encoding="utf-8")
    found: dict[tuple[str, str], list[str]] = {}
    httpd, server = serve(site)
    try:
        with sync_api.sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
            for scheme in ("light", "dark"):
                # the embeds' CSP allows only the site's scripts: let the audit's in
                context = browser.new_context(color_scheme=scheme, bypass_csp=True)
                for kind, path in PAGE_KINDS.items():
                    page = context.new_page()
                    page.set_default_timeout(WAIT_MS)
                    page.goto(server + path)
                    page.wait_for_load_state("networkidle")
                    if kind != "404":
                        page.wait_for_function(SETTLED)
                    page.add_script_tag(content=script)
                    found[kind, scheme] = page.evaluate(
                        """async () => (await axe.run(document, {resultTypes: ["violations"]}))
                          .violations.filter(v => ["serious", "critical"].includes(v.impact))
                          .flatMap(v => v.nodes.map(n => v.id + ": " + n.target.join(" ")))"""
                    )
                    page.close()
                context.close()
            browser.close()
    finally:
        httpd.shutdown()
        httpd.server_close()
    return found


@pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian chromium not found")
def test_axe_finds_nothing_serious_on_any_page_kind(site):
    assert AXE.exists(), "npm ci installs the pinned axe-core (package.json)"
    found = _axe(site)
    assert len(found) == 2 * len(PAGE_KINDS)
    failing = {f"{kind} ({scheme})": v for (kind, scheme), v in found.items() if v}
    assert failing == {}


def _theme_error(message: dict) -> bool:
    text, extract = message.get("message", ""), message.get("extract", "")
    return any(text.startswith(start) and piece in extract for start, piece in THEME_ERRORS)


def test_nu_checker_finds_no_error_of_ours(site):
    java = shutil.which("java")
    if java is None:
        pytest.fail("the Nu checker needs Java: apt-get install default-jre-headless")
    assert VNU.exists(), "npm ci installs the pinned vnu-jar (package.json)"
    result = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--format", "json", "--skip-non-html",
         str(site)],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    messages = json.loads(result.stderr or result.stdout)["messages"]
    assert messages, "the theme's known errors are expected: is the checker running?"
    ours = [
        f"{m.get('url', '').split('/site/')[-1]}:{m.get('lastLine')}: {m.get('message')}"
        for m in messages
        if m.get("type") == "error" and not _theme_error(m)
    ]
    assert ours == []
    # every exclusion is still needed: drop it when the theme fixes its markup
    for start, piece in THEME_ERRORS:
        assert any(_theme_error(m) for m in messages if m.get("message", "").startswith(start)), (
            f"no longer seen: {start} ({piece})"
        )
