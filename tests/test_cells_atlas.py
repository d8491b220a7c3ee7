"""The atlas view of a live cell: its keys (exact messages), its plane, reuse of the page's maps."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import numpy as np
import pytest

from gallery.analysis import atlas
from gallery.model.catalogue import load
from gallery.pipeline.cells import expand_cells
from gallery.site import cell_atlas
from gallery.site.cells import CellError, page_cells
from gallery.site.sections import atlas as atlas_page

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = ROOT / "site_src" / "templates"
CATALOGUE = load()


def cell(body: str, before: str = "# A page\n\n") -> str:
    return f"{before}```izhikevich\n{body}\n```\n"


def problems(text: str) -> list[str]:
    with pytest.raises(CellError) as caught:
        page_cells("lessons/x.md", text, CATALOGUE)
    return caught.value.problems


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('preset = "ch-2003"\nview = "atlas"\nplane = "ac"',
         "lessons/x.md:6: cell at line 3, key 'plane': unknown plane 'ac' (known: ab, cd)"),
        ('preset = "ch-2003"\nview = "atlas"\nresolution = 64.5',
         "lessons/x.md:6: cell at line 3, key 'resolution': must be a whole number, got 64.5"),
        ('preset = "ch-2003"\nview = "atlas"\nresolution = 512',
         "lessons/x.md:6: cell at line 3, key 'resolution': 512 is outside 16 to 256 "
         "(points per side)"),
        ('preset = "rs-2007"\nview = "atlas"',
         "lessons/x.md:4: cell at line 3, key 'preset': the atlas maps the 2003 model "
         "(0.04 v^2 + 5 v + 140, v_peak = 30, nothing else changed); rs-2007 is not of that "
         "form"),
        ('preset = "ch-2003"\nview = "atlas"\nplane = "cd"\ncontrols = ["c"]',
         "lessons/x.md:7: cell at line 3, key 'controls': 'c' is an axis of the cd plane, not "
         "a control (the plane's controls: a, b, amp)"),
        ('preset = "fs-2003"\nview = "atlas"\na = 0.2',
         "lessons/x.md:6: cell at line 3, key 'a': 0.2 is off the ab plane (a from 0 to 0.12)"),
        ('preset = "ch-2003"\nview = "atlas"\ncontrols = ["dt"]',
         "lessons/x.md:6: cell at line 3, key 'controls': the atlas view does not use 'dt' "
         "(it uses: a, b, c, d, amp)"),
        ('preset = "ch-2003"\nview = "atlas"\nscheme = "euler"',
         "lessons/x.md:6: cell at line 3, key 'scheme': the atlas view does not use 'scheme'"),
        ('preset = "ch-2003"\nview = "trace"\nplane = "cd"',
         "lessons/x.md:6: cell at line 3, key 'plane': only the atlas view uses 'plane'"),
    ],
)  # fmt: skip
def test_each_bad_atlas_cell_is_one_exact_message(body, message):
    assert problems(cell(body)) == [message]


def test_an_atlas_cell_fixes_the_plane_with_the_presets_other_two_parameters():
    body = 'preset = "ch-2003"\nview = "atlas"\nplane = "cd"\ncontrols = ["amp", "b"]\nb = 0.25'
    _, (c,) = page_cells("p.md", cell(body), CATALOGUE)
    assert c.atlas == cell_atlas.AtlasSpec("cd", 256)
    assert c.controls == ("b", "amp")
    assert cell_atlas.plane_key(c.atlas, c.state) == ("cd", 256, 10.0, (("a", 0.02),
                                                                        ("b", 0.25)))  # fmt: skip


def test_the_default_resolution_is_the_atlas_pages():
    assert cell_atlas.RESOLUTIONS[1] == atlas_page.RESOLUTION


def _data(page: str) -> dict:
    found = re.search(r'id="ig-cell-1-data" hidden data-json="([^"]*)"', page)
    return json.loads(html.unescape(found.group(1)))


def _small_page_planes(resolution: int):
    """The atlas page's context at a small resolution (what the build hands the cells)."""
    results = {p: atlas.plane_atlas(p, resolution) for p in atlas_page.PLANES}
    return cell_atlas.page_planes([atlas_page.context(results)]), results


def test_a_cell_on_the_pages_plane_reuses_its_map_and_figures(monkeypatch):
    planes, results = _small_page_planes(16)
    monkeypatch.setattr(atlas, "plane_atlas", lambda *a: pytest.fail("computed again"))
    text = cell('preset = "ch-2003"\nview = "atlas"\nplane = "cd"\nresolution = 16')
    out = expand_cells({"lessons/l.md": text.encode()}, CATALOGUE, TEMPLATES, code="x",
                       planes=planes)  # fmt: skip
    page = out["lessons/l.md"].decode()
    assert not [p for p in out if p.startswith("figures/cells/")]
    assert "(../figures/atlas/cd.svg#light)" in page
    assert "(../figures/atlas/cd.svg#dark)" in page
    spec = _data(page)["atlas"]
    expected = "".join(str(int(k)) for k in results["cd"].classes.ravel())
    assert spec["grid"] == expected
    assert spec["start"] == [-50.0, 2.0]  # ch-2003's (c, d): loaded first
    assert spec["fixed"] == {"a": 0.02, "b": 0.2}


def test_a_cell_off_the_pages_planes_computes_draws_and_caches_its_own(tmp_path, monkeypatch):
    planes, _ = _small_page_planes(16)
    text = cell('preset = "fs-2003"\nview = "atlas"\nresolution = 16\namp = 5\nd = 6',
                before="# L\n\n")  # fmt: skip
    out = expand_cells({"l.md": text.encode()}, CATALOGUE, TEMPLATES, code="x",
                       cache=tmp_path, planes=planes)  # fmt: skip
    page = out["l.md"].decode()
    figures = sorted(p for p in out if p.startswith("figures/cells/"))
    assert len(figures) == 1  # one SVG for both palettes, shown as #light and #dark
    assert f"({figures[0]}#light)" in page
    assert f"({figures[0]}#dark)" in page
    spec = _data(page)["atlas"]
    assert (spec["amp"], spec["fixed"], spec["resolution"]) == (5.0, {"c": -65.0, "d": 6.0}, 16)
    own = atlas.plane_atlas("ab", 16, 5.0, {"c": -65.0, "d": 6.0})
    assert spec["grid"] == "".join(str(int(k)) for k in own.classes.ravel())
    # the text alternative's shares, counted here from the shipped grid
    counts = {name: spec["grid"].count(str(i)) for i, name in enumerate(spec["classes"])}
    top = max(counts, key=lambda name: (counts[name], name))
    assert f"{top} {100 * counts[top] / 256:.0f} %" in page
    assert "at I = 5 with c = −65 and d = 6, 16 × 16 points" in page
    # a rebuild takes it from the cache
    monkeypatch.setattr(atlas, "plane_atlas", lambda *a: pytest.fail("computed again"))
    again = expand_cells({"l.md": text.encode()}, CATALOGUE, TEMPLATES, code="x",
                         cache=tmp_path, planes=planes)  # fmt: skip
    assert again == out


def test_the_plane_holds_the_fixed_parameters_it_is_given():
    moved = atlas.plane_atlas("cd", 4, 10.0, {"a": 0.1, "b": 0.2})
    x, y = np.meshgrid(moved.x, moved.y)
    direct = atlas.run_points(np.full(16, 0.1), np.full(16, 0.2), x.ravel(), y.ravel(), 10.0)
    assert np.array_equal(moved.classes.ravel(), direct.classes)
    with pytest.raises(ValueError, match="fixed must give a and b"):
        atlas.plane_atlas("cd", 4, 10.0, {"c": -65.0, "d": 2.0})
