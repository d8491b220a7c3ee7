"""Exact published spike trains, the 2007 counts, overrides and refusals."""

import json
import math
from pathlib import Path

import numpy as np
import pytest

import gallery
import gallery.analysis.spikes
from gallery.model.schemes import SCHEMES as SCHEME_REGISTRY
from gallery.model.simulate import SimulationError

# Spike times [ms] at the paper's dt, read from reference/protocols.md §4 and §7.1 (the
# author's scripts run under Octave). Where the reference lists only part of a train, the
# known spikes are listed by index.
PUBLISHED = {
    "tonic-spiking": [13.0, 17.0, 31.5, 59.25, 86.75],
    "phasic-spiking": [43.75],
    "phasic-bursting": [39.0, 42.8, 47.0, 51.8, 57.6, 67.2],
    "mixed-mode": [20.0, 22.75, 27.25, 67.0, 99.25, 131.5],
    "spike-frequency-adaptation": [10.25, 12.25, 15.0, 19.75, 42.5, 71.5],
    "spike-latency": [26.6],
    "subthreshold-oscillations": [26.5],
    "resonator": [338.0],
    "integrator": [20.0],
    "rebound-spike": [68.0],
    "rebound-burst": [68.0, 71.0, 74.2, 77.8, 81.8, 86.4, 92.2],
    "threshold-variability": [93.25],
    "bistability": [45.25, 86.0, 126.5, 167.25, 208.0],
    "depolarizing-after-potential": [11.3],
    "accommodation": [311.5],
    "inhibition-induced-spiking": [94.5, 166.0, 236.0],
    "rs-2003": [18.25, 24.25, 54.5, 87.75, 121.0],
    "ib-2003": [18.75, 21.25, 25.0, 58.25, 87.75, 117.5, 147.0],
    "tc-2003": [39.5, 53.5, 83.0, 120.25],
    "tc-burst-2003": [51.0, 56.0, 61.75, 69.0, 79.75],
    "rz-2003": [62.75, 67.5],
}
PARTIAL = {  # slug -> (count, {index: time})
    "tonic-bursting": (28, {0: 25.0}),
    "class-1-excitable": (10, {0: 84.5}),
    "class-2-excitable": (14, {0: 105.75}),
    "inhibition-induced-bursting": (12, {0: 86.5, 6: 103.0, 7: 191.5, 11: 204.0}),
    "ch-2003": (15, {0: 19.0}),
    "fs-2003": (15, {}),
    "lts-2003": (18, {}),
}
BOOK_COUNTS = {
    "rs-2007": [2, 3, 5, 7],
    "ib-2007": [0, 3, 8, 9],
    "ch-2007": [5, 9, 12, 22],
    "lts-2007": [1, 4, 9, 21],
    "fs-2007": [2, 4, 8, 13],
    "tc-2007": [3, 11, 17],
    "tc-burst-2007": [6, 11, 18],
    "rtn-2007": [4, 6, 11],
    "rtn-burst-2007": [3, 6, 12],
}
GOLDEN = json.loads((Path(__file__).parent / "golden" / "spike_times.json").read_text())


def _times(slug):
    return [run.spike_times_ms for run in gallery.simulate(gallery.preset(slug))]


@pytest.mark.parametrize("slug", PUBLISHED)
def test_published_spike_trains(slug):
    np.testing.assert_allclose(_times(slug)[0], PUBLISHED[slug], rtol=0, atol=1e-9)


@pytest.mark.parametrize("slug", PARTIAL)
def test_published_counts_and_landmarks(slug):
    times = _times(slug)[0]
    count, landmarks = PARTIAL[slug]
    assert times.size == count
    for index, value in landmarks.items():
        assert times[index] == pytest.approx(value, abs=1e-9)


def test_tonic_bursting_bursts_as_published():
    bursts = gallery.spikes.bursts(_times("tonic-bursting")[0])
    assert [b.size for b in bursts] == [10, 6, 6, 6]
    np.testing.assert_allclose([b[0] for b in bursts], [25.0, 80.0, 132.75, 185.5])


def test_chattering_bursts_as_published():
    bursts = gallery.spikes.bursts(_times("ch-2003")[0])
    assert [b.size for b in bursts] == [7, 4, 4]
    np.testing.assert_allclose([b[0] for b in bursts], [19.0, 82.0, 137.5])


@pytest.mark.parametrize("slug", BOOK_COUNTS)
def test_book_spike_counts_per_amplitude(slug):
    assert [t.size for t in _times(slug)] == BOOK_COUNTS[slug]


def test_book_burst_mode_first_spikes():
    np.testing.assert_allclose([t[0] for t in _times("tc-burst-2007")], [153.75, 148.25, 144.75])


@pytest.mark.parametrize("slug", sorted(GOLDEN))
def test_golden_spike_trains(slug):
    assert [t.tolist() for t in _times(slug)] == GOLDEN[slug]


def test_every_preset_is_anchored_to_published_numbers():
    anchored = set(PUBLISHED) | set(PARTIAL) | set(BOOK_COUNTS)
    assert anchored == set(gallery.load().slugs)


def test_trace_conventions():
    (run,) = gallery.simulate(gallery.preset("tonic-spiking"))
    assert run.t_ms.size == 401
    assert run.t_ms[-1] == 100.0
    assert np.all(run.v <= 30.0)
    assert np.count_nonzero(run.v == 30.0) == 5
    book = gallery.simulate(gallery.preset("rs-2007"))[0]
    assert book.t_ms.size == 2080
    assert book.v[0] == -60.0
    spike_index = np.flatnonzero(np.isin(book.t_ms, book.spike_times_ms))
    np.testing.assert_array_equal(book.v[spike_index - 1], 35.0)  # padded peak
    np.testing.assert_array_equal(book.v[spike_index], -50.0)  # reset


def test_overrides_rerun_the_protocol_rule():
    preset = gallery.preset("class-2-excitable")
    assert [gallery.simulate(preset, dt_ms=dt)[0].n_spikes for dt in (0.5, 0.1)] == [13, 16]
    short = gallery.simulate(preset, t_max_ms=150)[0]
    assert short.t_ms[-1] == 150.0
    assert gallery.simulate(preset, amplitudes=(0.0,))[0].n_spikes == 0


def test_with_parameters_changes_the_model_only():
    base = gallery.preset("tonic-spiking")
    bursting = gallery.with_parameters(base, c=-50.0, d=2.0)
    assert bursting.model.c == -50.0
    assert base.model.c == -65.0
    assert gallery.simulate(bursting)[0].n_spikes > gallery.simulate(base)[0].n_spikes


def test_divergence_is_reported_not_hidden():
    preset = gallery.with_parameters(gallery.preset("tonic-spiking"), k2=1e306)
    (run,) = gallery.simulate(preset)
    assert run.diverged_at_ms is not None
    assert math.isnan(run.v[-1])


def test_a_runaway_is_named_and_no_preset_is_one():
    tonic = gallery.preset("tonic-spiking")
    (run,) = gallery.simulate(gallery.with_parameters(tonic, d=-20.0))
    assert run.runaway == f"it fires in {run.n_spikes} of its 401 steps"
    assert run.n_spikes > 100
    (diverged,) = gallery.simulate(gallery.with_parameters(tonic, k2=1e306))
    assert diverged.runaway.startswith("the state stopped being finite at t = ")
    for slug in gallery.load().slugs:
        assert all(r.runaway is None for r in gallery.simulate(gallery.preset(slug))), slug


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"dt_ms": -0.1}, "dt_ms must be > 0"),
        ({"dt_ms": 0.0}, "dt_ms must be > 0"),
        ({"dt_ms": math.nan}, "dt_ms must be a finite number"),
        ({"t_max_ms": math.inf}, "t_max_ms must be a finite number"),
        ({"t_max_ms": 1e9}, "over the limit"),
        ({"dt_ms": 500.0}, "longer than the run"),
        ({"scheme": "rk45"}, "unknown scheme 'rk45'"),
        ({"amplitudes": (math.nan,)}, "amplitude must be a finite number"),
    ],
)
def test_refuses_meaningless_requests(kwargs, message):
    with pytest.raises(SimulationError, match=message):
        gallery.simulate(gallery.preset("tonic-spiking"), **kwargs)


def test_with_parameters_refuses_nan():
    with pytest.raises(SimulationError, match="parameter a"):
        gallery.with_parameters(gallery.preset("tonic-spiking"), a=math.nan)


def test_with_parameters_refuses_a_reset_above_the_peak():
    with pytest.raises(SimulationError, match="not below the spike cut-off"):
        gallery.with_parameters(gallery.preset("tonic-spiking"), c=40.0)


@pytest.mark.parametrize("scheme", list(SCHEME_REGISTRY))
@pytest.mark.parametrize("dt", [0.25, 0.1, 0.0125, 1 / 3, 0.001])
def test_the_run_times_are_the_schemes_grid_exactly(scheme, dt):
    (run,) = gallery.simulate(gallery.preset("tonic-spiking"), dt_ms=dt, t_max_ms=50, scheme=scheme)
    np.testing.assert_array_equal(run.t_ms, SCHEME_REGISTRY[scheme].grid.times(dt, 50))
