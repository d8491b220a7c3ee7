"""Live cells: finding the blocks, validating them (exact messages), expanding a page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import gallery
from gallery.model.catalogue import load
from gallery.pipeline.cells import expand_cells
from gallery.pipeline.config import BuildError
from gallery.render import cell_views
from gallery.site.cells import CellError, find_blocks, page_cells

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = ROOT / "site_src" / "templates"
CATALOGUE = load()


def cell(body: str, before: str = "# A page\n\n") -> str:
    return f"{before}```izhikevich\n{body}\n```\n"


def problems(text: str, where: str | None = None) -> list[str]:
    with pytest.raises(CellError) as caught:
        page_cells("lessons/x.md", text, CATALOGUE, where)
    return caught.value.problems


def test_find_blocks_skips_cells_shown_inside_another_fence():
    text = "````markdown\n```izhikevich\npreset = 'x'\n```\n````\n\n" + cell('preset = "rs-2007"')
    blocks = find_blocks(text)
    assert [(b.line, b.body) for b in blocks] == [(9, 'preset = "rs-2007"')]


def test_a_good_cell_starts_from_the_preset_with_its_changes():
    _, cells = page_cells("p.md", cell('preset = "tonic-spiking"\nview = "phase"\nd = 4'),
                          CATALOGUE)  # fmt: skip
    (c,) = cells
    assert (c.view, c.controls, c.state.d, c.state.a, c.line) == ("phase", ("amp",), 4.0, 0.02, 3)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('preset = "tonic-spikin"',
         "lessons/x.md:4: cell at line 3, key 'preset': unknown preset 'tonic-spikin' "
         "(nearest: tonic-spiking, tonic-bursting, phasic-spiking)"),
        ('preset = "rs-2007"\nview = "phse"',
         "lessons/x.md:5: cell at line 3, key 'view': unknown view 'phse' "
         "(known: trace, phase, nullclines, fi, reset-map, bifurcation, fixed-point, atlas)"),
        ('preset = "rs-2007"\ncontrols = ["amp", "e"]',
         "lessons/x.md:5: cell at line 3, key 'controls': unknown control 'e' "
         "(known: a, b, c, d, amp, dt, scheme)"),
        ('preset = "rs-2007"\ncolour = "red"',
         "lessons/x.md:5: cell at line 3, key 'colour': unknown key (known: preset, view, "
         "caption, link, controls, a, b, c, d, amp, dt, scheme, plane, resolution)"),
        ('preset = "tonic-spiking"\nd = 99',
         "lessons/x.md:5: cell at line 3, key 'd': 99 is outside the range of tonic-spiking: "
         "-25 to 25"),
        ('preset = "tonic-spiking"\nview = "fi"\ndt = 0.01',
         "lessons/x.md:6: cell at line 3, key 'dt': 0.01 is outside the range of "
         "tonic-spiking: 0.048 to 1"),
        ('preset = "tonic-spiking"\nview = "nullclines"\ncontrols = ["d"]',
         "lessons/x.md:6: cell at line 3, key 'controls': the nullclines view does not use 'd' "
         "(it uses: a, b, amp)"),
        ('preset = "tonic-spiking"\nview = "reset-map"\nscheme = "reference"',
         "lessons/x.md:6: cell at line 3, key 'scheme': unknown or unusable scheme 'reference' "
         "for the reset-map view (known: published-2004, euler, book-2007, network-2003)"),
        ('preset = "tonic-spiking"\nview = "bifurcation"\nscheme = "euler"',
         "lessons/x.md:6: cell at line 3, key 'scheme': the bifurcation view does not use "
         "'scheme'"),
        ('preset = "class-1-excitable"\nview = "fixed-point"',
         "lessons/x.md:5: cell at line 3, key 'view': the fixed-point view cannot show this "
         "preset: sPyNNaker's Izhikevich neuron fixes 0.04 v² + 5 v + 140; class-1-excitable "
         "uses another form"),
        ('preset = "tonic-spiking"\nview = "fixed-point"\ncontrols = ["scheme"]',
         "lessons/x.md:6: cell at line 3, key 'controls': the fixed-point view does not use "
         "'scheme' (it uses: a, b, c, d, amp, dt)"),
        ('preset = "tonic-spiking"\na = true',
         "lessons/x.md:5: cell at line 3, key 'a': must be a finite number, got True"),
        ('view = "trace"',
         "lessons/x.md:3: cell at line 3, key 'preset': missing (a catalogue slug, e.g. "
         'preset = "tonic-spiking")'),
        ('preset = "tonic-spiking"\nview = = "x"',
         "lessons/x.md:5, column 8: cell at line 3: TOML syntax: Invalid value"),
    ],
)  # fmt: skip
def test_each_bad_cell_is_one_exact_message(body, message):
    assert problems(cell(body)) == [message]


def test_several_bad_cells_give_one_line_each_naming_the_instructors_file():
    text = cell('preset = "nope"') + "\ntext\n\n" + cell('preset = "rs-2007"\nview = "x"', "")
    got = problems(text, where="/home/me/course/week1.md")
    assert len(got) == 2
    assert got[0].startswith("/home/me/course/week1.md:4: cell at line 3, key 'preset'")
    assert got[1].startswith("/home/me/course/week1.md:11: cell at line 9, key 'view'")


def test_linked_cells_share_the_first_cells_state_and_must_agree():
    first = cell('preset = "rs-2003"\nlink = "n"\nd = 4')
    _, cells = page_cells("p.md", first + cell('preset = "rs-2003"\nlink = "n"\nview = "phase"',
                                               ""), CATALOGUE)  # fmt: skip
    assert [c.state.d for c in cells] == [4.0, 4.0]
    got = problems(first + cell('preset = "rs-2003"\nlink = "n"\nd = 2', "")
                   + cell('preset = "tonic-spiking"\nlink = "n"', ""))  # fmt: skip
    assert got == [
        "lessons/x.md:11: cell at line 8, key 'd': differs from the first cell linked as 'n' "
        "(line 3); set it there",
        "lessons/x.md:15: cell at line 13, key 'link': cells linked as 'n' must show one "
        "preset (rs-2003 at line 3)",
    ]


def test_expand_cells_fails_the_build_with_error_lines(tmp_path):
    files = {
        "a.md": cell('preset = "nope"').encode(),
        "b.md": cell('view = "x"\npreset = "rs-2007"').encode(),
    }
    with pytest.raises(BuildError) as caught:
        expand_cells(files, CATALOGUE, TEMPLATES, code="x", sources={"b.md": "course/b.md"})
    lines = str(caught.value).splitlines()
    assert lines[0] == "live cells:"
    assert [line.split(":")[0:2] for line in lines[1:]] == [
        ["error", " a.md"],
        ["error", " course/b.md"],
    ]


def test_expand_cells_inlines_the_data_and_both_figures_and_caches_them(tmp_path, monkeypatch):
    text = cell('preset = "tonic-spiking"\nview = "nullclines"\ncontrols = ["amp"]\namp = 2\n'
                'caption = "Two fixed points."', before="# Lesson\n\nSome text.\n\n")  # fmt: skip
    files = {"course/l.md": text.encode(), "x.txt": b"izhikevich"}
    out = expand_cells(files, CATALOGUE, TEMPLATES, code="c1", cache=tmp_path)
    page = out["course/l.md"].decode()
    assert "```izhikevich" not in page
    assert "Some text." in page
    assert 'data-widget="cell"' in page
    assert 'class="ig-data"' in page
    assert "application/json" not in page
    figures = sorted(p for p in out if p.startswith("figures/cells/"))
    assert len(figures) == 1  # one file for both palettes
    assert figures[0].endswith(".svg")
    assert re.search(r"\(\.\./figures/cells/[0-9a-f]{16}\.svg#light\)", page)
    assert re.search(r"\(\.\./figures/cells/[0-9a-f]{16}\.svg#dark\)", page)
    assert 'id="ig-cell-1-amp"' in page
    assert 'data-key="d"' not in page
    assert "stable node at v = " in page
    assert "Two fixed points." in page
    stored = list(tmp_path.glob("*.pickle"))
    assert len(stored) == 1
    # a rebuild that leaves the cell alone reads it from the cache and draws nothing
    monkeypatch.setattr(cell_views, "render_cell", lambda *a: pytest.fail("drawn again"))
    edited = {**files, "course/l.md": text.replace("Some text.", "Other text.").encode()}
    again = expand_cells(edited, CATALOGUE, TEMPLATES, code="c1", cache=tmp_path)
    assert again["course/l.md"] == page.replace("Some text.", "Other text.").encode()
    assert {p: again[p] for p in figures} == {p: out[p] for p in figures}
    monkeypatch.undo()
    # new code draws it again, and the old entry is forgotten
    other = expand_cells(files, CATALOGUE, TEMPLATES, code="c2", cache=tmp_path)
    assert [p.stem for p in tmp_path.glob("*.pickle")] != [p.stem for p in stored]
    assert len(list(tmp_path.glob("*.pickle"))) == 1
    # ... under the same URLs: a code change that draws the same figures changes no byte
    assert other["course/l.md"] == page.encode()
    assert sorted(p for p in other if p.startswith("figures/cells/")) == figures


def test_cells_may_name_presets_outside_an_only_selection():
    # the catalogue given is the full one; a build of one preset still knows every slug
    assert "fs-2007" in CATALOGUE.slugs
    _, cells = page_cells("p.md", cell('preset = "fs-2007"'), CATALOGUE)
    assert cells[0].preset == gallery.preset("fs-2007")


def test_a_cell_may_name_an_instructors_own_preset(tmp_path):
    from tests.test_catalogue import GOOD

    custom = tmp_path / "mine.toml"
    custom.write_text(GOOD)
    catalogue = load([custom])
    text = cell('preset = "my-cell"\nview = "reset-map"\ncontrols = ["d"]')
    out = expand_cells({"course/w.md": text.encode()}, catalogue, TEMPLATES, code="c")
    assert 'data-view="reset-map"' in out["course/w.md"].decode()
    assert problems(cell('preset = "my-cel"')) == [
        "lessons/x.md:4: cell at line 3, key 'preset': unknown preset 'my-cel' (nearest: "
        "none close)"
    ]  # the built-in catalogue alone does not know it
    with pytest.raises(CellError, match="nearest: my-cell"):
        page_cells("x.md", cell('preset = "my-cel"'), catalogue)
