"""The network page: deterministic, self-consistent, quoting the runs it shows."""

import base64
import html
import json
import re

import numpy as np
import pytest

from gallery import network
from gallery.network import experiments
from gallery.site import pages
from gallery.site.sections import network as network_page
from tests.sections import TEMPLATES, rendered


@pytest.fixture(scope="module")
def files():
    return rendered(network_page.site_files())


def test_every_figure_the_page_shows_is_produced(files):
    text = files["network.md"].decode()
    shown = set(re.findall(r"\]\((figures/network/[^)]+)\)", text))
    files_shown = {u.split("#")[0] for u in shown}  # one themed file, shown once per palette
    assert files_shown == {k for k in files if k.startswith("figures/network/")}
    assert len(files_shown) == len(network_page.SEEDS) + 1  # and NEST's raster of one seed
    assert len(shown) == 2 * len(files_shown)


def test_page_runs_are_the_published_network_per_seed_and_seed_0_alone():
    runs = experiments.page_runs()
    assert list(runs.seeds) == list(network_page.SEEDS)
    again = network.simulate_network(network.build_network(800, 200, seed=4), 1000, 4)
    np.testing.assert_array_equal(runs.seeds[4].spike_t_ms, again.spike_t_ms)
    alone = runs.without_inhibition
    assert (alone.n_exc, alone.n_inh, alone.duration_ms) == (800, 0, network_page.DURATION_MS)


def test_given_runs_are_shown_without_simulating_again(monkeypatch, files):
    runs = experiments.page_runs()

    def refuse(*args, **kwargs):
        raise AssertionError("simulated although the runs were given")

    monkeypatch.setattr(experiments, "simulate_network", refuse)
    with pytest.raises(AssertionError, match="simulated"):
        network_page.site_files()  # the patch is where the page's runs are made
    assert rendered(network_page.site_files(runs)) == files


def test_table_quotes_the_runs(files):
    text = files["network.md"].decode()
    net = network.build_network(800, 200, seed=3)
    result = network.simulate_network(net, network_page.DURATION_MS, 3)
    rates = network.population_rates_hz(result)
    assert f"| 3 | {result.spike_t_ms.size} | {rates.excitatory:.2f} |" in text
    assert 6.0 <= rates.excitatory <= 9.0


def test_site_files_are_deterministic(files):
    again = rendered(network_page.site_files())
    assert again.keys() == files.keys()
    assert all(again[k] == files[k] for k in files)


def test_speed_table_quotes_the_recorded_benchmark(files):
    text = files["network.md"].decode()
    record = network_page.load_speed_record()
    dense = record["dense"]
    assert f"| {dense['kernel_ms']:.1f} ms |" in text
    assert f"({dense['numpy_ms'] / dense['kernel_ms']:.1f}× NumPy)" in text
    for row in record["sparse"]:
        assert f"| {row['real_time']:.2f}× real time |" in text
    assert record["machine"] in text
    assert record["date"] in text
    assert f"{dense['kernel_ms_median']:.1f} ms in the median one" in text


def test_speed_record_covers_the_issue_targets():
    record = network_page.load_speed_record()
    sizes = {(row["n"], row["k"], row["kernel_threads"]) for row in record["sparse"]}
    assert {(10_000, 100, 1), (100_000, 100, 1)} <= sizes
    assert record["dense"]["n"] == 1000


def test_speed_table_formats_a_record():
    record = {
        "date": "2000-01-01", "machine": "m", "load_average": 0.5,
        "dense": {"n": 1000, "kernel_ms": 4.0, "numpy_ms": 40.0},
        "sparse": [{"n": 100_000, "k": 100, "kernel_threads": 1, "wall_s": 0.5,
                    "real_time": 2.0, "rate_hz": 21.0}],
    }  # fmt: skip
    table = network_page.speed_table(pages.environment(TEMPLATES), record)
    thousand = "1\u2009000"
    dense = f"| net.m, numba kernel | {thousand} | {thousand} | 1 | 4.0 ms | 250× real time (10.0×"
    assert dense in table
    assert "| sparse variant (21 Hz) | 100\u2009000 | 100 | 1 | 500 ms | 2.00× real time |" in table


def test_interactive_view_carries_the_spectrum_of_each_run(files):
    text = files["network.md"].decode()
    # a data attribute, not a <script type="application/json">: Material's instant navigation
    # re-creates inline scripts without their type and id (tests/test_navigation.py)
    assert '<script type="application/json"' not in text
    payload = re.search(
        r'<div class="ig-data" id="ig-raster-data" hidden data-json="([^"]*)"', text
    )
    data = json.loads(html.unescape(payload.group(1)))
    assert data["bands_hz"] == {"alpha": [8.0, 13.0], "gamma": [30.0, 80.0]}
    assert [entry["seed"] for entry in data["seeds"]] == list(network_page.SEEDS)
    entry = data["seeds"][2]
    result = network.simulate_network(network.build_network(800, 200, seed=2), 1000, 2)
    freq, power = network.rate_spectrum(result)
    spectrum = entry["spectrum"]
    assert spectrum["step_hz"] == 1.0
    assert len(spectrum["power"]) == 100
    np.testing.assert_allclose(spectrum["power"], power[1:101], rtol=5e-4)
    assert spectrum["peak_hz"] == network.spectrum_peak_hz(result)


def test_the_page_carries_the_first_seeds_raster_and_links_the_others(files):
    # the first load holds the raster shown (seed 0); each other seed's is a script of its
    # own, linked from the page (so MkDocs writes its URL), loaded when the reader picks it
    text = files["network.md"].decode()
    payload = re.search(
        r'<div class="ig-data" id="ig-raster-data" hidden data-json="([^"]*)"', text
    )
    data = json.loads(html.unescape(payload.group(1)))
    first, *others = data["seeds"]
    assert "spikes" in first
    assert others
    assert all("spikes" not in entry for entry in others)
    scripts = sorted(k for k in files if k.startswith("network/"))
    assert scripts == sorted(f"network/{entry['id']}.js" for entry in others)
    for entry in [first, *others]:
        seed = entry["seed"]
        result = network.simulate_network(network.build_network(800, 200, seed), 1000, seed)
        if entry is first:
            spikes = entry["spikes"]
        else:
            path = f"network/{entry['id']}.js"
            assert f'[raster of seed {seed}]({path}){{ data-seed="{seed}" }}' in text
            script = files[path].decode("ascii")
            key, spikes = re.search(
                r'IzhGallery\.data\[("[^"]+")\] = ("[^"]+");\n$', script
            ).groups()
            assert json.loads(key) == entry["id"]
            spikes = json.loads(spikes)
        pairs = np.frombuffer(base64.b64decode(spikes), dtype="<u2").reshape(-1, 2)
        np.testing.assert_array_equal(pairs[:, 0], result.spike_t_ms)
        np.testing.assert_array_equal(pairs[:, 1], result.spike_index)
    # the first load's share: one raster of five
    assert len(payload.group(1)) < 1.5 * len(first["spikes"])


def test_flat_rate_has_no_peak_in_the_payload():
    silent = network.NetworkResult(
        spike_t_ms=np.array([], dtype=np.int64), spike_index=np.array([], dtype=np.int64),
        n_exc=8, n_inh=2, duration_ms=1000,
    )  # fmt: skip
    assert network_page.spectrum_json(silent)["peak_hz"] is None


def test_prose_states_the_rhythm_of_the_runs_shown(files):
    text = files["network.md"].decode()
    main, gamma, harmonics = [], {}, []
    for seed in network_page.SEEDS:
        result = network.simulate_network(network.build_network(800, 200, seed), 1000, seed)
        main.append(network.spectrum_peak_hz(result))
        freq, power = network.rate_spectrum(result)

        def local_maxima(low, high, power=power):  # found here without network.spectral_peaks
            k = np.arange(low, high + 1)  # 1 Hz bins: index = frequency
            return k[(power[k] > power[k - 1]) & (power[k] > power[k + 1])]

        local = local_maxima(30, 80)
        best = local[np.argmax(power[local])]
        gamma[seed] = (best, power[best] / power[int(main[-1])])
        second = sorted(local_maxima(3, 99), key=lambda k, power=power: -power[k])[1]
        if abs(second - 2 * main[-1]) <= 2:
            harmonics.append(second)
    assert f"peaks at {min(main):g}–{max(main):g} Hz for every seed" in text
    assert harmonics  # these runs do have harmonics, so the clause must be there
    assert (
        f"second harmonic (twice its frequency), at {min(harmonics):g}–{max(harmonics):g} Hz, "
        f"for {len(harmonics)} of the {len(network_page.SEEDS)} seeds"
    ) in text
    seed = max(gamma, key=lambda key: gamma[key][1])
    hz, share = gamma[seed]
    assert f"clearest for seed {seed}: {hz:g} Hz, at {share:.0%} of its main peak" in text


def test_page_has_no_control_characters(files):
    text = files["network.md"].decode()
    assert not [ch for ch in text if ord(ch) < 32 and ch != "\n"]  # e.g. "\times" lost to a tab


def test_page_quotes_the_network_without_inhibition(files):
    text = files["network.md"].decode()
    alone = network.simulate_network(network.build_network(800, 0, seed=0), 1000, 0)
    rate = network.population_rates_hz(alone).excitatory
    assert rate > 30.0
    quoted = f"drawn anew for\n800 cells) fire at {rate:.1f} Hz"
    assert quoted in text


def test_prose_costs_follow_the_runs_and_the_speed_record(files):
    """Rows per step, the rate ranges, and the events and bytes at the largest sparse size."""
    text = " ".join(files["network.md"].decode().split())
    means = []
    for seed in network_page.SEEDS:
        result = network.simulate_network(network.build_network(800, 200, seed=seed), 1000, seed)
        means.append(result.spike_t_ms.size / 1000 / 1.0)  # spikes per cell per second
    rows = np.mean(means) * 1000 * 0.001  # cells firing in one 1-ms step
    assert f"about {round(rows)} rows of 1000 numbers" in text
    assert f"net.m's {min(means):.1f} to {max(means):.1f} Hz" in text
    record = network_page.load_speed_record()
    rates = [row["rate_hz"] for row in record["sparse"]]
    assert f"settles at {min(rates):.1f} to {max(rates):.1f} Hz" in text
    big = max(record["sparse"], key=lambda row: row["n"])
    events = big["n"] * big["rate_hz"] * big["k"]
    exponent = int(np.floor(np.log10(events)))
    assert f"${events / 10**exponent:.2g} \\times 10^{{{exponent}}}$ synaptic events" in text
    assert f"scattered over {round(big['n'] * big['k'] * 8 / 1e6)} MB" in text
    assert min(rates) > 2 * max(means)  # "instead of": the sparse variant fires faster
