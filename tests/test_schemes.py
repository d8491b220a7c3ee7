"""The scheme registry: every scheme declares everything, matches model.js, grids, storage."""

import re
from pathlib import Path

import numpy as np
import pytest

import gallery
from gallery.model.catalogue import SCHEMES as NAMES
from gallery.model.grid import BOOK_GRID, PUBLISHED_GRID
from gallery.model.schemes import SCHEMES, Scheme, scheme_named
from gallery.model.schemes.scheme import KernelOutput
from gallery.model.simulate import LOG_ROOM_MIN
from tests import twins

JS = Path(__file__).parents[1] / "site_src" / "js"


def _js_step_names():
    """The scheme names of model.js's STEPS table and of ``STEPS.x = function`` elsewhere."""
    text = (JS / "model.js").read_text(encoding="utf-8")
    table = re.search(r"var STEPS = \{(.*?)\n  \};", text, re.S).group(1)
    names = re.findall(r'^\s{4}"([a-z0-9-]+)": function', table, re.M)
    for path in sorted(JS.glob("*.js")):
        found = re.findall(r"STEPS\.([a-z]+) = function", path.read_text(encoding="utf-8"))
        names += found
    return names


def test_registry_order_and_the_catalogue_names():
    assert list(SCHEMES) == ["published-2004", "book-2007", "network-2003", "euler", "reference"]
    assert tuple(SCHEMES) == NAMES
    assert all(name == scheme.name for name, scheme in SCHEMES.items())


@pytest.mark.parametrize("scheme", SCHEMES.values(), ids=list(SCHEMES))
def test_every_scheme_declares_everything(scheme):
    assert isinstance(scheme, Scheme)
    for text in (scheme.description, scheme.spike_test, scheme.population_rule):
        assert text.strip()
        assert "\n" not in text
    assert len(scheme.description) <= 100
    assert scheme.grid in (PUBLISHED_GRID, BOOK_GRID)
    assert callable(scheme.kernel)
    assert callable(scheme.storage.store)
    assert scheme.population is None or callable(scheme.population)


def test_js_twins_are_the_steps_of_model_js():
    js = _js_step_names()
    assert sorted(js) == sorted(scheme.js_name for scheme in SCHEMES.values())
    assert len(js) == len(set(js))


def test_only_the_reference_has_no_population_rule():
    assert [name for name, s in SCHEMES.items() if s.population is None] == ["reference"]


def test_unknown_scheme_names_the_known_ones():
    assert scheme_named("euler") is SCHEMES["euler"]
    with pytest.raises(ValueError, match="published-2004, book-2007"):
        scheme_named("rk45")


def test_grids():
    # 0:dt:T has both ends; the book has round(T/dt) samples, the last driving no step.
    np.testing.assert_array_equal(PUBLISHED_GRID.times(0.5, 2.0), [0.0, 0.5, 1.0, 1.5, 2.0])
    np.testing.assert_array_equal(BOOK_GRID.times(0.5, 2.0), [0.0, 0.5, 1.0, 1.5])
    i_ext = np.arange(4.0)
    assert BOOK_GRID.driving(i_ext).tolist() == [0.0, 1.0, 2.0]
    assert PUBLISHED_GRID.driving(i_ext).tolist() == [0.0, 1.0, 2.0, 3.0]


def _output(first=0, n_done=4):
    """Four steps, a spike at step 1; ``first`` samples before them (the book's initial one)."""
    pad = [np.nan] * first
    return KernelOutput(
        t=np.arange(4.0 + first), v0=-70.0, u0=-14.0, v=np.array(pad + [1.0, 30.0, 3.0, 4.0]),
        u=np.array(pad + [5.0, 6.0, 7.0, 8.0]), first=first, n_done=n_done,
        spike_steps=np.array([1]), spike_log=np.array([[0.25, -65.0, 6.0]]),
    )  # fmt: skip


def test_storage_after_step():
    stored = SCHEMES["published-2004"].storage.store(_output())
    assert stored.v.tolist() == [1.0, 30.0, 3.0, 4.0]
    assert stored.spike_times.tolist() == [1.0]
    assert stored.spike_samples.tolist() == [1]
    assert (stored.reset_v.tolist(), stored.reset_u.tolist()) == ([-65.0], [6.0])
    assert stored.diverged_at is None
    assert SCHEMES["published-2004"].storage.store(_output(n_done=2)).diverged_at == 1.0


def test_storage_of_the_book_prepends_and_pads():
    stored = SCHEMES["book-2007"].storage.store(_output(first=1))
    assert stored.v.tolist() == [-70.0, 0.25, 30.0, 3.0, 4.0]  # the log's peak pads sample 1
    assert stored.u.tolist() == [-14.0, 5.0, 6.0, 7.0, 8.0]
    assert stored.spike_times.tolist() == [2.0]
    assert stored.spike_samples.tolist() == [2]
    assert SCHEMES["book-2007"].storage.reset_in_trace
    assert SCHEMES["book-2007"].storage.store(_output(1, n_done=2)).diverged_at == 2.0


def test_storage_of_the_reference_adds_the_offset():
    stored = SCHEMES["reference"].storage.store(_output())
    assert stored.spike_times.tolist() == [1.25]
    assert stored.spike_samples.tolist() == [1]


@pytest.mark.parametrize(
    ("slug", "scheme"),
    [("tonic-bursting", "published-2004"), ("tc-burst-2007", "book-2007"),
     ("tonic-bursting", "network-2003"), ("rs-2007", "reference")],
)  # fmt: skip
def test_runs_carry_spike_samples_and_reset_points(slug, scheme):
    run = gallery.simulate(gallery.preset(slug), scheme=scheme)[-1]
    model = gallery.preset(slug).model
    assert run.n_spikes > 3
    assert run.spike_samples.dtype == np.int64
    assert run.spike_samples.size == run.n_spikes
    if scheme == "reference":
        offsets = run.spike_times_ms - run.t_ms[run.spike_samples]
        assert np.all((offsets > 0) & (offsets <= run.dt_ms))
    else:
        np.testing.assert_array_equal(run.t_ms[run.spike_samples], run.spike_times_ms)
    np.testing.assert_array_equal(run.reset_v, model.c + model.c_u * (run.reset_u - model.d))
    if scheme == "book-2007":  # the crossing sample is the reset state
        np.testing.assert_array_equal(run.v[run.spike_samples], run.reset_v)
        np.testing.assert_array_equal(run.u[run.spike_samples], run.reset_u)
    if scheme == "published-2004":  # the spike's sample keeps the reset u
        np.testing.assert_array_equal(run.u[run.spike_samples], run.reset_u)
    for array in (run.spike_samples, run.reset_v, run.reset_u):
        assert not array.flags.writeable


def test_a_run_that_fills_the_first_log_keeps_every_spike():
    # c just below the cut-off: the cell fires in most steps, past the first log's room.
    preset = gallery.with_parameters(gallery.preset("tonic-spiking"), c=29.0, d=0.0)
    run = gallery.simulate(preset, t_max_ms=1000.0)[0]
    _, _, spikes = twins.published_2004(preset.model, run.i_ext, preset.dt_ms, preset.v0, preset.u0)
    room = LOG_ROOM_MIN + run.t_ms.size // 16  # of the first kernel call
    assert run.n_spikes == len(spikes) > room
    np.testing.assert_array_equal(run.spike_samples, spikes)
    assert run.runaway is not None
