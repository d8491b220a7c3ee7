"""The 2003 network: spike-for-spike equal to a NumPy net.m, published rates, determinism."""

import json
import subprocess
import sys
import time

import numba
import numpy as np
import pytest

from gallery import network
from gallery.network import simulate as sim
from tests import network_reference


@pytest.fixture(scope="module")
def dense_runs():
    """Seeds 0-4 of the published network, 1000 ms each (shared: about 10 ms per run)."""
    return {
        seed: network.simulate_network(network.build_network(800, 200, seed), 1000, seed)
        for seed in range(5)
    }


def test_dense_run_equals_the_numpy_reference_spike_for_spike(dense_runs):
    times, cells = network_reference.run(800, 200, seed=3, duration_ms=1000, noise_seed=3)
    result = dense_runs[3]
    assert times.size > 5000
    np.testing.assert_array_equal(result.spike_t_ms, times)
    np.testing.assert_array_equal(result.spike_index, cells)


def test_sparse_run_equals_the_numpy_reference_spike_for_spike():
    net = network.build_network(1600, 400, seed=4, synapses_per_neuron=60)
    result = network.simulate_network(net, 300, 5)
    times, cells = network_reference.run(1600, 400, 4, 300, 5, k=60)
    assert times.size > 5000
    np.testing.assert_array_equal(result.spike_t_ms, times)
    np.testing.assert_array_equal(result.spike_index, cells)


def test_build_matches_the_recipe():
    net = network.build_network(800, 200, seed=0)
    a, b, c, d, scale = net.cells
    assert np.all(a[:800] == 0.02)
    assert np.all(b[:800] == 0.2)
    assert np.all((c[:800] >= -65) & (c[:800] <= -50))
    assert np.all((d[:800] >= 2) & (d[:800] <= 8))
    assert np.all((a[800:] >= 0.02) & (a[800:] <= 0.1))
    assert np.all(c[800:] == -65)
    np.testing.assert_allclose(a[800:] - 0.02, (0.25 - b[800:]) * 1.6)  # one r per cell
    assert np.all(d[800:] == 2)
    assert set(scale[:800]) == {5.0}
    assert set(scale[800:]) == {2.0}
    w = net.weights
    assert w.shape == (1000, 1000)
    assert np.all((w[:800] >= 0) & (w[:800] <= 0.5))
    assert np.all((w[800:] >= -1) & (w[800:] <= 0))
    assert not net.weights.flags.writeable


@pytest.mark.parametrize("seed", range(5))
def test_rates_and_rhythm_are_those_of_the_paper(dense_runs, seed):
    result = dense_runs[seed]
    rates = network.population_rates_hz(result)
    assert 6.0 <= rates.excitatory <= 9.0
    assert 6.0 <= rates.inhibitory <= 9.0
    assert 4.0 <= network.spectrum_peak_hz(result) <= 30.0


def test_same_seed_same_raster_and_different_seeds_differ(dense_runs):
    again = network.simulate_network(network.build_network(800, 200, 0), 1000, 0)
    np.testing.assert_array_equal(again.spike_t_ms, dense_runs[0].spike_t_ms)
    np.testing.assert_array_equal(again.spike_index, dense_runs[0].spike_index)
    other = dense_runs[1]
    assert not np.array_equal(other.spike_index[:100], dense_runs[0].spike_index[:100])
    net = network.build_network(800, 200, 0)
    other_noise = network.simulate_network(net, 1000, 1)
    assert not np.array_equal(other_noise.spike_index[:100], dense_runs[0].spike_index[:100])


@pytest.mark.parametrize("k", [None, 50])
def test_thread_count_and_kernel_choice_do_not_change_the_result(k):
    net = network.build_network(1600, 400, seed=2, synapses_per_neuron=k)
    serial = network.simulate_network(net, 300, 7, parallel=False)
    runs = []
    before = numba.get_num_threads()
    try:
        for threads in (1, min(2, numba.config.NUMBA_NUM_THREADS)):
            numba.set_num_threads(threads)
            runs.append(network.simulate_network(net, 300, 7, parallel=True))
    finally:
        numba.set_num_threads(before)
    assert serial.spike_t_ms.size > 1000
    for run in runs:
        np.testing.assert_array_equal(run.spike_t_ms, serial.spike_t_ms)
        np.testing.assert_array_equal(run.spike_index, serial.spike_index)


@pytest.mark.parametrize("buffers", [2, 3, 8])
def test_noise_chunks_and_full_spike_logs_do_not_change_the_raster(monkeypatch, buffers):
    net = network.build_network(800, 200, seed=0)
    whole = network.simulate_network(net, 400, 0)
    monkeypatch.setattr(sim, "NOISE_CHUNK_VALUES", 37_000)  # 16 steps, then 11 of up to 37
    monkeypatch.setattr(sim, "NOISE_BUFFERS_MAX", buffers)  # drawn up to this many ahead
    monkeypatch.setattr(sim, "LOG_VALUES_PER_SPIKE", 10**6)  # a new log every ~250 spikes
    chunked = network.simulate_network(net, 400, 0)
    np.testing.assert_array_equal(chunked.spike_t_ms, whole.spike_t_ms)
    np.testing.assert_array_equal(chunked.spike_index, whole.spike_index)


def test_sparse_network_at_ten_thousand_cells_fires_plausibly():
    net = network.build_network(8000, 2000, seed=0, synapses_per_neuron=100)
    targets = net.targets
    assert targets.shape == (10_000, 100)
    assert np.all(np.diff(targets, axis=1) > 0)  # sorted and without repeats
    assert np.all((net.weights[:8000] >= 0) & (net.weights[:8000] <= 5.0))  # 0.5 U * 1000/K
    assert np.all((net.weights[8000:] <= 0) & (net.weights[8000:] >= -10.0))
    rates = network.population_rates_hz(network.simulate_network(net, 200, 0))
    assert 2.0 <= rates.excitatory <= 40.0
    assert 2.0 <= rates.inhibitory <= 40.0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((0, 200, 0, None), "n_exc"),
        ((800, -1, 0, None), "n_exc"),
        ((800, 200, 0, 0), "synapses_per_neuron"),
        ((800, 200, 0, 1001), "synapses_per_neuron"),
    ],
)
def test_build_refuses_bad_sizes(args, message):
    with pytest.raises(ValueError, match=message):
        network.build_network(*args)


@pytest.mark.parametrize("duration", [0, -5, 1.5, 2_000_000])
def test_simulate_refuses_bad_durations(duration):
    with pytest.raises(ValueError, match="duration_ms"):
        network.simulate_network(network.build_network(8, 2, 0), duration, 0)


def test_spectrum_of_a_periodic_raster_peaks_at_its_frequency():
    t = np.repeat(np.arange(1, 2001, 100), 50)  # every cell-block fires every 100 ms: 10 Hz
    result = network.NetworkResult(
        spike_t_ms=t, spike_index=np.tile(np.arange(50), 20), n_exc=40, n_inh=10, duration_ms=2000
    )
    assert network.spectrum_peak_hz(result) == pytest.approx(10.0)
    freq, power = network.rate_spectrum(result)
    assert freq[0] == 0.0
    assert power[0] == pytest.approx(0.0, abs=1e-9)
    assert network.population_rates_hz(result).excitatory == pytest.approx(10.0)
    peaks = network.spectral_peaks(result)
    assert [hz for hz, _ in peaks[:3]] == [10.0, 20.0, 30.0]  # a pulse train: its harmonics
    assert all(a[1] >= b[1] for a, b in zip(peaks, peaks[1:], strict=False))


def cli(*args):
    return subprocess.run(
        [sys.executable, "-m", "gallery", "network", *args],
        capture_output=True,
        text=True,
        timeout=600,  # bounds a hang only
    )


def test_cli_json_has_the_documented_shape():
    start = time.perf_counter()
    result = cli("--duration-ms", "300", "--seed", "1")
    process_s = time.perf_counter() - start
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) == {
        "engine",
        "spikes",
        "rates_hz",
        "spectrum_peak_hz",
        "build_wall_s",
        "sim_wall_s",
    }
    assert data["engine"] == "numba"
    assert set(data["rates_hz"]) == {"excitatory", "inhibitory"}
    assert all(len(pair) == 2 and 1 <= pair[0] <= 300 for pair in data["spikes"])
    assert 0 < data["sim_wall_s"] < process_s  # the simulation alone, not start-up
    expected = network.simulate_network(network.build_network(800, 200, 1), 300, 1)
    assert [pair[1] for pair in data["spikes"]] == expected.spike_index.tolist()


def test_cli_text_and_sparse():
    result = cli(
        "--n-exc", "80", "--n-inh", "20", "--synapses-per-neuron", "10", "--format", "text"
    )
    assert result.returncode == 0, result.stderr
    assert "spectral peak" in result.stdout


def test_without_inhibition_the_excitatory_cells_run_away():
    # net.m's sparse 7-8 Hz firing is held down by its 200 inhibitory cells
    result = cli("--n-inh", "0", "--duration-ms", "500")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["rates_hz"]["excitatory"] > 30.0
    assert data["rates_hz"]["inhibitory"] == 0.0
    assert all(pair[1] < 800 for pair in data["spikes"])


@pytest.mark.parametrize(
    "args",
    [
        ["--n-exc", "0"],
        ["--n-inh", "-3"],
        ["--n-exc", "nan"],
        ["--duration-ms", "nan"],
        ["--duration-ms", "0"],
        ["--duration-ms", "2e6"],
        ["--duration-ms", "2.5"],
        ["--n-exc", "900000", "--n-inh", "200000"],
        ["--synapses-per-neuron", "0"],
        ["--synapses-per-neuron", "5000"],
        ["--seed", "-1"],
    ],
)
def test_cli_refuses_bad_values_with_exit_2(args):
    result = cli(*args)
    assert result.returncode == 2
    assert "error" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(("theme", "fmt"), [("light", "svg"), ("dark", "png")])
def test_figure_renders_are_byte_identical(dense_runs, theme, fmt):
    from gallery.render import network as network_figures

    first = network_figures.render(dense_runs[0], theme, fmt)
    assert first == network_figures.render(dense_runs[0], theme, fmt)
    assert first.startswith(b"<?xml" if fmt == "svg" else b"\x89PNG")
    fig = network_figures.raster_figure(dense_runs[0], theme)
    assert len(fig.axes) == 3
    bands = {patch.get_gid() for patch in fig.axes[2].patches}
    assert {"band-alpha", "band-gamma"} <= bands


def test_noise_state_of_another_integer_type_is_refused():
    state = network.noise_generator_state(0).astype(np.int64)
    with pytest.raises(TypeError, match="uint64"):
        sim._draw(state, np.empty((2, 3)))
