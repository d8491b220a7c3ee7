"""Spike-train statistics and the population f–I curve (gallery.spikes)."""

import math
from dataclasses import replace

import numpy as np
import pytest

import gallery
from gallery.analysis import phase_plane
from gallery.analysis.spikes import (
    FICurve,
    adaptation_index,
    bursts,
    fi_curve,
    firing_rate_hz,
    first_spike_latency_ms,
    isis,
    rheobase_simulated,
)
from gallery.model.expr import parse
from gallery.model.schemes import SCHEMES
from gallery.model.stimulus import Stimulus

# --- the train statistics ----------------------------------------------------------------


def test_isis_are_the_differences():
    np.testing.assert_array_equal(isis([1.0, 3.0, 7.5]), [2.0, 4.5])
    assert isis([]).size == 0


def test_bursts_split_at_the_gap_and_keep_singletons():
    groups = bursts([0.0, 2.0, 4.0, 20.0, 50.0, 55.0], gap_ms=10.0)
    assert [g.tolist() for g in groups] == [[0.0, 2.0, 4.0], [20.0], [50.0, 55.0]]
    assert bursts([]) == []
    # an interval of exactly the gap starts a new burst
    assert len(bursts([0.0, 10.0], gap_ms=10.0)) == 2


def test_firing_rate_counts_a_half_open_window():
    assert firing_rate_hz([100.0, 200.0, 300.0], 100.0, 300.0) == pytest.approx(10.0)


def test_adaptation_index_by_hand():
    # intervals 1, 2, 4: each pair gives (2 - 1)/3 and (4 - 2)/6, both 1/3
    assert adaptation_index([0.0, 1.0, 3.0, 7.0]) == pytest.approx(1.0 / 3.0)
    # speeding up is negative
    assert adaptation_index([0.0, 4.0, 6.0, 7.0]) == pytest.approx(-1.0 / 3.0)


def test_adaptation_index_is_zero_for_a_regular_train():
    assert adaptation_index(np.arange(10) * 12.5) == pytest.approx(0.0, abs=1e-12)


def test_adaptation_index_is_positive_for_the_adapting_panel():
    times = gallery.simulate(gallery.preset("spike-frequency-adaptation"))[0].spike_times_ms
    # ISIs 2.0, 2.75, 4.75, 22.75, 29.0 (protocols.md §7.1)
    assert adaptation_index(times) > 0.2


def test_adaptation_index_needs_three_spikes():
    assert math.isnan(adaptation_index([1.0, 2.0]))
    assert math.isnan(adaptation_index([]))


@pytest.mark.parametrize("times", [[3.0, 2.0, 5.0], [1.0, 1.0, 2.0], [1.0, math.nan, 3.0]])
def test_adaptation_index_refuses_unordered_or_missing_times(times):
    with pytest.raises(ValueError, match="spike times"):
        adaptation_index(times)


def test_latency_of_the_spike_latency_panel():
    preset = gallery.preset("spike-latency")
    run = gallery.simulate(preset)[0]
    onset = preset.t_max_ms / 10  # the pulse starts after t_end/10 (protocols.md §2.2)
    # the one spike at 26.6 ms (protocols.md §7.1): 16.6 ms after onset, 13.6 after the pulse
    assert first_spike_latency_ms(run.spike_times_ms, onset) == pytest.approx(16.6)


def test_latency_ignores_earlier_spikes_and_is_nan_without_a_later_one():
    assert first_spike_latency_ms([5.0, 30.0, 40.0], 20.0) == pytest.approx(10.0)
    assert first_spike_latency_ms([5.0, 20.0], 20.0) == 0.0
    assert math.isnan(first_spike_latency_ms([5.0], 20.0))
    with pytest.raises(ValueError, match="stimulus_onset_ms"):
        first_spike_latency_ms([5.0], math.nan)


# --- f–I curves --------------------------------------------------------------------------


def _constant(preset, amplitude):
    """The preset under a constant current from t = 0 (no protocol)."""
    stimulus = Stimulus(amplitudes=(amplitude,), baseline=parse("amp"))
    return replace(preset, stimulus=stimulus)


@pytest.fixture(scope="module")
def class_1():
    return fi_curve(gallery.preset("class-1-excitable"), np.linspace(0.0, 8.0, 33))


@pytest.fixture(scope="module")
def class_2():
    return fi_curve(gallery.preset("class-2-excitable"), np.linspace(-0.5, 1.5, 33))


def test_class_1_starts_continuously_at_the_saddle_node(class_1):
    assert isinstance(class_1, FICurve)
    assert class_1.onset_class == "class 1"
    # the rest state vanishes at I = 2.25 (4.1 v + 108 with b = -0.1); a finite window sees
    # the onset a little later, where the period has dropped below the window
    fold = phase_plane.rest_loss(gallery.preset("class-1-excitable").model)
    assert fold.kind == "saddle-node"
    assert fold.current < class_1.onset_current < fold.current + 0.1
    assert class_1.onset_rate_hz < 2.5
    # and the rate keeps rising well above the onset value
    assert class_1.rates_hz[-1] > 10 * class_1.onset_rate_hz


def test_class_2_starts_abruptly(class_2):
    assert class_2.onset_class == "class 2"
    assert class_2.onset_rate_hz > 15.0
    below = class_2.currents < class_2.onset_current
    assert np.all(class_2.rates_hz[below] == 0.0)


@pytest.mark.parametrize(("slug", "grid"), [
    ("class-1-excitable", np.linspace(-2.0, 20.0, 5)),
    ("class-1-excitable", np.linspace(2.0, 3.0, 201)),
    ("class-2-excitable", np.linspace(-5.0, 5.0, 4)),
])  # fmt: skip
def test_the_class_does_not_depend_on_the_grid(slug, grid, class_1, class_2):
    fine = {"class-1-excitable": class_1, "class-2-excitable": class_2}[slug]
    coarse = fi_curve(gallery.preset(slug), grid)
    assert coarse.onset_class == fine.onset_class
    assert coarse.onset_current == pytest.approx(fine.onset_current, abs=0.02)
    assert coarse.onset_rate_hz == pytest.approx(fine.onset_rate_hz, rel=0.5)


@pytest.mark.parametrize(
    ("slug", "currents"),
    [("class-1-excitable", (3.0, 8.0)), ("rs-2003", (5.0, 14.0)), ("class-2-excitable", (0.5,))],
)
def test_population_rates_match_single_runs_of_the_published_scheme(slug, currents):
    preset = gallery.preset(slug)
    curve = fi_curve(preset, currents, t_max_ms=600.0, transient_ms=150.0)
    for amplitude, rate in zip(currents, curve.rates_hz, strict=True):
        run = gallery.simulate(_constant(preset, amplitude), t_max_ms=600.0)[0]
        assert run.n_spikes > 2
        # grid time k*dt holds the state after step k: steps 600..2399 are [150, 600) ms
        assert rate == firing_rate_hz(run.spike_times_ms, 150.0, 600.0)


def test_population_rates_match_single_runs_of_the_book_scheme():
    preset = gallery.preset("rs-2007")
    currents = (70.0, 200.0)
    curve = fi_curve(preset, currents, t_max_ms=500.0, transient_ms=100.0)
    dt = preset.dt_ms
    for amplitude, rate in zip(currents, curve.rates_hz, strict=True):
        # the book run of T + dt takes the same 2000 steps; step i is stored at (i + 1)*dt
        run = gallery.simulate(_constant(preset, amplitude), t_max_ms=500.0 + dt)[0]
        assert run.n_spikes > 2
        assert rate == firing_rate_hz(run.spike_times_ms, 100.0 + dt, 500.0 + dt)


def test_rs_2003_rate_rises_with_current():
    curve = fi_curve(gallery.preset("rs-2003"), np.linspace(0.0, 30.0, 61))
    # monotone up to the count resolution of one spike in the 800-ms window (1.25 Hz)
    assert np.all(np.diff(curve.rates_hz) >= -1.25 - 1e-9)
    assert curve.rates_hz[0] == 0.0
    assert curve.rates_hz[-1] > 5 * curve.onset_rate_hz
    # the rest state loses stability in a Hopf bifurcation at I = 3.7975: firing starts just
    # below it (subcritical), abruptly at about 3.8 Hz
    assert 3.7 < curve.onset_current < 3.7975
    assert curve.onset_class == "class 2"


def test_the_grid_runs_in_one_population_call(monkeypatch):
    calls = []
    scheme = SCHEMES[gallery.preset("rs-2003").scheme]
    original = scheme.population

    def counting(p, neurons, *args):
        calls.append(neurons[-1].size)  # the amplitudes: one neuron per current
        return original(p, neurons, *args)

    monkeypatch.setitem(SCHEMES, scheme.name, replace(scheme, population=counting))
    silent = fi_curve(gallery.preset("rs-2003"), np.linspace(-5.0, 3.0, 101))
    assert calls == [101]
    assert silent.onset_current is None
    assert silent.onset_class is None
    calls.clear()
    fi_curve(gallery.preset("rs-2003"), np.linspace(0.0, 20.0, 101))
    assert calls[0] == 101
    assert len(calls) <= 6  # the grid, then a few refinement runs


def test_onset_is_undetermined_when_the_first_current_fires():
    curve = fi_curve(gallery.preset("class-2-excitable"), [1.0, 2.0])
    assert curve.onset_current == 1.0
    assert curve.onset_class is None


def test_simulated_rheobase_brackets_the_onset(class_1):
    preset = gallery.preset("class-1-excitable")
    rheobase = rheobase_simulated(preset, 0.0, 8.0, 1e-4)
    assert rheobase == pytest.approx(class_1.onset_current, abs=2e-3)
    counts = fi_curve(preset, [rheobase - 1e-4, rheobase]).rates_hz * 0.8
    assert counts[0] < 2 <= counts[1]


def test_simulated_rheobase_refuses_a_bracket_that_does_not_bracket():
    preset = gallery.preset("class-1-excitable")
    with pytest.raises(ValueError, match="already fires repetitively at lo"):
        rheobase_simulated(preset, 5.0, 8.0, 1e-3)
    with pytest.raises(ValueError, match="does not fire repetitively at hi"):
        rheobase_simulated(preset, 0.0, 1.0, 1e-3)
    with pytest.raises(ValueError, match="lo < hi"):
        rheobase_simulated(preset, 2.0, 1.0, 1e-3)
    with pytest.raises(ValueError, match="tol"):
        rheobase_simulated(preset, 0.0, 8.0, 0.0)


@pytest.mark.parametrize(
    ("currents", "kwargs", "message"),
    [
        ([], {}, "non-empty"),
        ([1.0, math.nan, 3.0], {}, "finite"),
        ([[1.0, 2.0]], {}, "1-D"),
        ([3.0, 1.0], {}, "strictly increasing"),
        ([1.0], {"t_max_ms": -100.0}, "t_max_ms must be > 0"),
        ([1.0], {"dt_ms": -0.1}, "dt_ms must be > 0"),
        ([1.0], {"transient_ms": -1.0}, "transient_ms"),
        ([1.0], {"transient_ms": 1000.0}, "transient_ms"),
        ([1.0], {"transient_ms": math.nan}, "transient_ms"),
    ],
)
def test_fi_curve_refuses_bad_input(currents, kwargs, message):
    with pytest.raises(ValueError, match=message):
        fi_curve(gallery.preset("rs-2003"), currents, **kwargs)


def test_fi_curve_refuses_the_reference_scheme():
    preset = replace(gallery.preset("rs-2003"), scheme="reference")
    with pytest.raises(ValueError, match="no population rule"):
        fi_curve(preset, [1.0])


def test_fi_curve_arrays_are_read_only(class_1):
    with pytest.raises(ValueError, match="read-only"):
        class_1.rates_hz[0] = 1.0


def test_interval_rates_are_the_inverse_mean_interval_after_the_transient():
    preset = gallery.preset("class-1-excitable")
    currents = np.array([2.0, 3.0, 4.0])
    curve = fi_curve(preset, currents, t_max_ms=2000.0, transient_ms=500.0, rate="interval")
    assert curve.rates_hz[0] == 0.0
    for current, rate in zip(currents[1:], curve.rates_hz[1:], strict=True):
        held = replace(
            preset,
            stimulus=Stimulus(amplitudes=(float(current),), baseline=parse("amp"), windows=()),
            t_max_ms=2000.0,
        )
        times = gallery.simulate(held)[0].spike_times_ms
        late = times[times >= 500.0]
        assert rate == pytest.approx(1000.0 * (late.size - 1) / (late[-1] - late[0]), rel=1e-9)
    assert np.all(np.diff(curve.rates_hz) > 0)
    with pytest.raises(ValueError, match="rate must be"):
        fi_curve(preset, currents, rate="peak")
