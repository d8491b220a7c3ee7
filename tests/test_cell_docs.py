"""The lesson 'Writing live cells' (site_src/docs/lessons/live-cells.md): every view is shown,
every cell is valid, and what each caption claims is what the model does."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

from gallery.analysis.cell_views import analyse
from gallery.analysis.phase_plane import rest_loss
from gallery.analysis.spikes import bursts
from gallery.model.catalogue import load
from gallery.site.cells import VIEWS, CellError, page_cells

PAGE = Path(__file__).resolve().parents[1] / "site_src" / "docs" / "lessons" / "live-cells.md"
_, CELLS = page_cells("lessons/live-cells.md", PAGE.read_text(), load())


def _cell(caption_start: str):
    (found,) = [c for c in CELLS if c.caption.startswith(caption_start)]
    return found


def test_the_lesson_shows_every_view_and_a_linked_pair():
    assert set(VIEWS) <= {c.view for c in CELLS}
    linked = [c for c in CELLS if c.link]
    assert len(linked) == 2
    assert {c.view for c in linked} == {"trace", "phase"}


def test_raising_d_slows_tonic_spiking():
    cell = _cell("Raise d")
    counts = [analyse(cell.preset, "trace", replace(cell.state, d=d))[0].n_spikes
              for d in (cell.state.d, 2 * cell.state.d)]  # fmt: skip
    assert counts[0] > counts[1] > 0


def test_lowering_c_shrinks_the_later_bursts_to_single_spikes():
    cell = _cell("Lower c")
    sizes = {}
    for c in (cell.state.c, -60.0):
        run = analyse(cell.preset, "trace", replace(cell.state, c=c))[0]
        sizes[c] = [len(b) for b in bursts(run.spike_times_ms)]
    assert min(sizes[cell.state.c][1:]) > 1
    assert set(sizes[-60.0][1:]) == {1}


def test_the_nullclines_cell_starts_below_a_fold():
    cell = _cell("Slide I past the fold")
    points = analyse(cell.preset, "nullclines", cell.state)
    assert [p.kind for p in points] == ["stable node", "saddle"]
    loss = rest_loss(cell.preset.model)
    assert loss.kind == "saddle-node"
    assert loss.current > cell.state.amp


def test_the_fi_cell_shows_hysteresis():
    cell = _cell("The falling sweep")
    sweep = analyse(cell.preset, "fi", cell.state)
    assert sweep.hysteresis
    assert sweep.offset < sweep.onset


def test_the_reset_map_cell_has_an_attracting_fixed_point():
    cell = _cell("The map crosses")
    result = analyse(cell.preset, "reset-map", cell.state)
    assert result.fixed is not None
    assert abs(result.slope) < 1


def test_raising_b_loses_rest_at_a_smaller_current():
    cell = _cell("Raise b")
    losses = [analyse(cell.preset, "bifurcation", replace(cell.state, b=b)).loss.current
              for b in (cell.state.b, cell.state.b + 0.05)]  # fmt: skip
    assert losses[1] < losses[0]


def test_the_lessons_example_error_is_what_the_build_says():
    (example,) = re.findall(r"^error: .*$", PAGE.read_text(), flags=re.MULTILINE)
    where, line = "site_src/docs/lessons/week-1.md", "\n" * 9
    page = f'{line}```izhikevich\npreset = "rs-2007"\nview = "phse"\n```\n'
    with pytest.raises(CellError) as caught:
        page_cells("lessons/week-1.md", page, load(), where)
    assert ["error: " + p for p in caught.value.problems] == [example]
