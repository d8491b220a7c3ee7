"""The network page's NEST section: it quotes NEST's recorded rasters against the build's runs.

Needs no NEST: the page reads the committed record ``network_nest_runs.json``; every number is
recomputed here from the record with plain NumPy.
"""

import base64
import json
import re
from importlib import resources

import numpy as np
import pytest

from gallery import network
from gallery.network import experiments
from gallery.site.sections import network as network_page
from gallery.site.sections import network_nest
from tests.sections import rendered


@pytest.fixture(scope="module")
def files():
    return rendered(network_page.site_files())


@pytest.fixture(scope="module")
def record():
    text = resources.files("gallery.site.sections").joinpath("network_nest_runs.json").read_text()
    return json.loads(text)


def _pairs(run) -> np.ndarray:
    return np.frombuffer(base64.b64decode(run["spikes"]), dtype="<u2").reshape(-1, 2)


def _first_difference(a: np.ndarray, b: np.ndarray, duration: int):
    """Plain: the first t whose set of firing cells differs."""
    for t in range(1, duration + 1):
        if set(a[a[:, 0] == t, 1]) != set(b[b[:, 0] == t, 1]):
            return t
    return None


def test_record_is_the_page_seeds(record):
    assert [run["seed"] for run in record["seeds"]] == list(experiments.SEEDS)
    assert (record["n_exc"], record["n_inh"]) == (experiments.N_EXC, experiments.N_INH)
    assert record["duration_ms"] == experiments.DURATION_MS
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", record["date"])
    for run in record["seeds"]:
        pairs = _pairs(run)
        assert pairs[:, 0].min() >= 1
        assert pairs[:, 0].max() <= record["duration_ms"]
        assert pairs[:, 1].max() < record["n_exc"] + record["n_inh"]


def test_first_difference_ms_is_the_first_step_whose_spikes_differ():
    def result(pairs):
        pairs = np.array(pairs, dtype=np.int64).reshape(-1, 2)
        return network.NetworkResult(spike_t_ms=pairs[:, 0], spike_index=pairs[:, 1], n_exc=3,
                                     n_inh=1, duration_ms=5)  # fmt: skip

    a = result([[2, 0], [2, 3], [4, 1]])
    assert network_nest.first_difference_ms(a, a) is None
    assert network_nest.first_difference_ms(a, result([[2, 0], [2, 3], [5, 1]])) == 4
    assert network_nest.first_difference_ms(a, result([[2, 0], [4, 1]])) == 2


def test_table_quotes_both_engines_per_seed(files, record):
    text = files["network.md"].decode()
    for run in record["seeds"]:
        seed, pairs = run["seed"], _pairs(run)
        ours = network.simulate_network(network.build_network(800, 200, seed), 1000, seed)
        ours_pairs = np.stack([ours.spike_t_ms, ours.spike_index], axis=1)
        exc = np.count_nonzero(pairs[:, 1] < 800) / 800
        inh = np.count_nonzero(pairs[:, 1] >= 800) / 200
        parted = _first_difference(ours_pairs, pairs.astype(np.int64), 1000)
        where = "never" if parted is None else f"t = {parted} ms"
        row = (f"| {seed} | {ours.spike_t_ms.size} / {len(pairs)} | "
               f"{network.population_rates_hz(ours).excitatory:.2f} / {exc:.2f} | ")  # fmt: skip
        assert row in text
        assert f"/ {inh:.2f} |" in text
        assert text.count(where) >= 1


def test_nest_rates_lie_within_the_seed_spread_as_the_page_says(files, record):
    text = files["network.md"].decode()
    runs = experiments.page_runs().seeds.values()
    ours = [network.population_rates_hz(run) for run in runs]
    low = min(r.excitatory for r in ours)
    high = max(r.excitatory for r in ours)
    inh = [r.inhibitory for r in ours]
    peaks = [network.spectrum_peak_hz(run) for run in runs]
    inside = True
    for run in record["seeds"]:
        pairs = _pairs(run).astype(np.int64)
        rates = (
            np.count_nonzero(pairs[:, 1] < 800) / 800,
            np.count_nonzero(pairs[:, 1] >= 800) / 200,
        )
        rate = np.bincount(pairs[:, 0] - 1, minlength=1000)[:1000] / 1000 * 1000.0
        power = np.abs(np.fft.rfft(rate - rate.mean())) ** 2
        freq = np.fft.rfftfreq(1000, d=0.001)
        band = (freq >= 2) & (freq <= 100)
        peak = freq[band][np.argmax(power[band])]
        inside &= low <= rates[0] <= high and min(inh) <= rates[1] <= max(inh)
        inside &= min(peaks) <= peak <= max(peaks)
    assert ("all lie within the spread" in text) == inside
    assert f"excitatory {low:.2f}–{high:.2f} Hz" in text


def test_side_by_side_rasters_show_the_seed_that_parts_first(files, record):
    text = files["network.md"].decode()
    parted = {}
    for run in record["seeds"]:
        ours = network.simulate_network(
            network.build_network(800, 200, run["seed"]), 1000, run["seed"]
        )
        ours_pairs = np.stack([ours.spike_t_ms, ours.spike_index], axis=1)
        t = _first_difference(ours_pairs, _pairs(run).astype(np.int64), 1000)
        if t is not None:
            parted[run["seed"]] = t
    shown = min(parted, key=parted.get) if parted else 0
    assert f"figures/network/nest-seed-{shown}.svg" in files
    assert f"![Raster of seed {shown}, NEST](figures/network/nest-seed-{shown}.svg#light)" in text
    assert f"![Raster of seed {shown}, NEST](figures/network/nest-seed-{shown}.svg#dark)" in text


def test_cluster_section_cites_nest_documentation(files):
    text = files["network.md"].decode()
    section = text[text.index("## On a cluster") :]
    for source in ("doc/htmldoc/hpc/parallel_computing.rst", "doc/htmldoc/hpc/mpi_processes.rst"):
        assert f"https://github.com/nest/nest-simulator/blob/master/{source}" in section
    assert "mpirun -np 4 python -m gallery network --engine nest" in section


def test_speed_table_quotes_the_recorded_nest_rows(files):
    text = files["network.md"].decode()
    speed = network_page.load_speed_record()
    assert speed["nest"], "the speed record has no NEST rows"
    for row in speed["nest"]:
        assert f"{row['wall_s']:.3g} s" in text
    sizes = {row["n"] for row in speed["nest"]}
    assert sizes == {1000, 10_000, 100_000}
