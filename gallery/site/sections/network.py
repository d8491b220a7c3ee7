"""The site's network page: net.m explained, its raster for a handful of seeds, the numbers.

Stage: assemble (imports ``network`` and ``network_figures``). :func:`site_files` returns the
page and its figures as ``{docs-relative path: bytes}``; the build writes them. Everything on
the page is computed here, so the prose quotes the same runs the figures show.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path

import numpy as np

from gallery import network
from gallery.render import network as network_figures
from gallery.site.paths import THEMES

SEEDS = (0, 1, 2, 3, 4)
DURATION_MS = 1000
SPEED_RECORD = Path(__file__).with_name("network_speed.json")  # benchmarks/bench_network.py


def _cells(n: int) -> str:
    return f"{n:,}".replace(",", "\u2009")  # thin space: 100 000


def speed_table(record: dict) -> str:
    """The Markdown table of a recorded ``bench_network.py --record`` run."""
    dense = record["dense"]
    rows = [
        "| network | cells | inputs per cell | kernel threads | wall time per simulated s | "
        "speed |",
        "|---|---:|---:|---:|---:|---:|",
        f"| net.m in NumPy (vectorised) | {_cells(dense['n'])} | {_cells(dense['n'])} | — | "
        f"{dense['numpy_ms']:.1f} ms | {1000 / dense['numpy_ms']:.0f}× real time |",
        f"| net.m, numba kernel | {_cells(dense['n'])} | {_cells(dense['n'])} | 1 | "
        f"{dense['kernel_ms']:.1f} ms | {1000 / dense['kernel_ms']:.0f}× real time "
        f"({dense['numpy_ms'] / dense['kernel_ms']:.1f}× NumPy) |",
    ]
    for row in record["sparse"]:
        rows.append(
            f"| sparse variant ({row['rate_hz']:.0f} Hz) | {_cells(row['n'])} | {row['k']} | "
            f"{row['kernel_threads']} | {row['wall_s'] * 1000:.0f} ms | "
            f"{row['real_time']:.2f}× real time |"
        )
    caption = (
        f"Measured {record['date']} on {record['machine']} (load average "
        f"{record['load_average']:.2f}) by `benchmarks/bench_network.py --record`: best of "
        "several runs of one simulated second, noise drawing included, compilation and "
        "building the network not. Every numba row draws the noise on one more thread."
    )
    if "kernel_ms_median" in dense:
        caption += (
            f" Dense kernel: {dense['kernel_ms']:.1f} ms in the best round, "
            f"{dense['kernel_ms_median']:.1f} ms in the median one (rounds a second apart; "
            "this machine's speed drifts from minute to minute)."
        )
    return "\n".join(rows) + "\n\n" + caption


def load_speed_record() -> dict:
    """The committed benchmark record the page quotes (measured, so not recomputed per build)."""
    return json.loads(SPEED_RECORD.read_text())


def _row(seed: int, result: network.NetworkResult) -> str:
    rates = network.population_rates_hz(result)
    peak = network.spectrum_peak_hz(result)
    return (
        f"| {seed} | {result.spike_t_ms.size} | {rates.excitatory:.2f} | "
        f"{rates.inhibitory:.2f} | {peak:.0f} |"
    )


def rhythm_summary(results: dict[int, network.NetworkResult]) -> str:
    """Where the spectra of the runs peak, in words, computed from the runs.

    The main peak of every run, how many runs have its first harmonic as their next peak, and
    the run whose gamma-band peak is largest relative to its main peak.
    """
    peaks = {seed: network.spectral_peaks(result) for seed, result in results.items()}
    main = [found[0] for found in peaks.values()]
    alpha_low, alpha_high = network.ALPHA_BAND_HZ
    gamma_low, gamma_high = network.GAMMA_BAND_HZ
    text = (
        f"{_span(hz for hz, _ in main)} Hz for every seed, at or near the alpha band "
        f"({alpha_low:g}–{alpha_high:g} Hz, shaded)"
    )
    harmonics = [
        found[1][0] for found in peaks.values()
        if len(found) > 1 and abs(found[1][0] - 2 * found[0][0]) <= 2.0
    ]  # fmt: skip
    if harmonics:
        text += (
            f". The next peak is its first harmonic, at {_span(harmonics)} Hz, for "
            f"{len(harmonics)} of the {len(peaks)} seeds"
        )
    gamma = {
        seed: max((p for p in found if gamma_low <= p[0] <= gamma_high), key=lambda p: p[1])
        for seed, found in peaks.items()
        if any(gamma_low <= hz <= gamma_high for hz, _ in found)
    }
    if gamma:
        seed = max(gamma, key=lambda key: gamma[key][1] / peaks[key][0][1])
        hz, power = gamma[seed]
        text += (
            f"; a peak in the gamma band ({gamma_low:g}–{gamma_high:g} Hz) is clearest for "
            f"seed {seed}: {hz:g} Hz, at {power / peaks[seed][0][1]:.0%} of its main peak"
        )
    return text


def _span(values) -> str:
    values = list(values)
    low, high = min(values), max(values)
    return f"{low:g}" if low == high else f"{low:g}–{high:g}"


def spectrum_json(result: network.NetworkResult) -> dict:
    """The rate spectrum the interactive view draws: power [Hz² s] at ``step_hz``, 2·step_hz, ...

    Up to ``network_figures.SPECTRUM_MAX_HZ``, four significant digits; ``peak_hz`` is
    :func:`network.spectrum_peak_hz`, the peak the static figure marks (None for a flat rate).
    """
    freq, power = network.rate_spectrum(result)
    shown = (freq > 0) & (freq <= network_figures.SPECTRUM_MAX_HZ)
    peak = network.spectrum_peak_hz(result)
    return {
        "step_hz": 1000.0 / result.duration_ms,
        "power": [float(f"{value:.4g}") for value in power[shown]],
        "peak_hz": peak if np.isfinite(peak) else None,
    }


def raster_json(results: dict[int, network.NetworkResult]) -> str:
    """The data of the interactive view, per seed: the raster and the rate spectrum.

    The raster is base64 of little-endian uint16 (t, cell) pairs.
    """
    first = next(iter(results.values()))
    seeds = []
    for seed, result in results.items():
        pairs = np.empty((result.spike_t_ms.size, 2), dtype="<u2")
        pairs[:, 0] = result.spike_t_ms
        pairs[:, 1] = result.spike_index
        spikes = base64.b64encode(pairs.tobytes()).decode()
        seeds.append({"seed": seed, "spikes": spikes, "spectrum": spectrum_json(result)})
    data = {
        "n_exc": first.n_exc, "n_inh": first.n_inh, "duration_ms": first.duration_ms,
        "bands_hz": {"alpha": network.ALPHA_BAND_HZ, "gamma": network.GAMMA_BAND_HZ},
        "seeds": seeds,
    }  # fmt: skip
    return json.dumps(data, sort_keys=True, separators=(",", ":"), allow_nan=False)


def page(
    results: dict[int, network.NetworkResult],
    speed: dict,
    without_inhibition: network.PopulationRates,
) -> str:
    """The Markdown of the network page.

    For the given runs (one per seed, seed 0 among them), speed record and the rates of seed 0's
    excitatory cells run alone (``--n-inh 0``).
    """
    tabs = []
    for seed in results:
        tabs.append(
            f'=== "seed {seed}"\n\n'
            '    <figure markdown="span" class="ig-figure">\n'
            f"      ![Raster, population rate and spectrum, seed {seed}]"
            f"(figures/network/seed-{seed}-light.svg){{ .ig-light loading=lazy }}\n"
            f"      ![Raster, population rate and spectrum, seed {seed}]"
            f"(figures/network/seed-{seed}-dark.svg){{ .ig-dark loading=lazy }}\n"
            f"      <figcaption>Seed {seed}: 1000 neurons for {DURATION_MS} ms. Top: every "
            "spike, excitatory cells in the lower 800 rows, inhibitory in the upper 200; "
            "middle: the population rate in 1 ms bins; bottom: its power spectrum, peak "
            "marked.</figcaption>\n"
            "    </figure>\n"
        )
    rows = "\n".join(_row(seed, result) for seed, result in results.items())
    rhythm_text = rhythm_summary(results)
    with_inhibition = network.population_rates_hz(results[0]).excitatory
    return f"""---
title: The 2003 network
description: "1000 randomly coupled Izhikevich neurons (net.m): raster, rhythms and speed."
---

# The 2003 network: a thousand neurons

The 2003 paper closes with a network of 1000 cells that fires in cortical-like rhythms, and the
claim that the model is cheap enough to run tens of thousands of them in real time. This page
runs that network, `net.m`, exactly as published, and shows what it does.

## The recipe

Each cell gets one uniform random number $r \\in [0, 1)$ that places it between two types:

| population | cells | $a$ | $b$ | $c$ | $d$ | thalamic input |
|---|---:|---|---|---|---|---|
| excitatory (RS → CH) | 800 | 0.02 | 0.2 | $-65 + 15r^2$ | $8 - 6r^2$ | $5\\,\\xi$ |
| inhibitory (LTS → FS) | 200 | $0.02 + 0.08r$ | $0.25 - 0.05r$ | $-65$ | 2 | $2\\,\\xi$ |

with $\\xi \\sim \\mathcal N(0, 1)$ drawn afresh for every cell every millisecond. Every cell
contacts every cell: weight $0.5\\,U(0,1)$ from an excitatory cell, $-U(0,1)$ from an
inhibitory one, with no delays. One step of $\\Delta t = 1$ ms is, in order:

$$
\\begin{{aligned}}
&\\text{{fired}} = \\{{\\, j : v_j \\ge 30 \\,\\}}, \\qquad
  v_j \\leftarrow c_j,\\; u_j \\leftarrow u_j + d_j \\quad (j \\in \\text{{fired}}) \\\\
&I_i = \\text{{noise}}_i + \\textstyle\\sum_{{j \\in \\text{{fired}}}} S_{{ij}} \\\\
&v \\leftarrow v + 0.5\\,(0.04 v^2 + 5v + 140 - u + I) \\quad \\text{{(twice: two half steps)}} \\\\
&u \\leftarrow u + a\\,(b v - u)
\\end{{aligned}}
$$

Only the columns of the cells that fired are added, so the synaptic work per step is
proportional to the number of spikes, not to the million synapses. The spike test comes
*before* the update, which is why a spike is recorded one step after $v$ crossed 30 mV.

## The raster

Pick a seed: the noise differs, the statistics do not. Drag across the raster to zoom into a
volley; hover to read the time and the cell.

<div class="ig-widget" data-widget="raster" data-payload="ig-raster-data"
  data-static="ig-static-network"></div>

<div class="ig-static" id="ig-static-network" markdown>

{chr(10).join(tabs)}
</div>

<script type="application/json" id="ig-raster-data">{raster_json(results)}</script>

| seed | spikes | excitatory rate (Hz) | inhibitory rate (Hz) | spectral peak (Hz) |
|---:|---:|---:|---:|---:|
{rows}

The cells fire sparsely, a few spikes per second each, yet the population is far from
independent: the excitatory cells recruit one another into brief volleys that the inhibitory
cells then cut short. Those volleys are the rhythm the spectrum picks out: the power spectrum
of the population rate (bottom panel) peaks at {rhythm_text}. One second gives a resolution
of 1 Hz, so each spectrum is noisy; the peaks that recur across seeds are the rhythm.

!!! note "Same seed, same raster"
    The network, the noise and the kernel are deterministic: `python -m gallery network --seed 3`
    prints the raster of the seed-3 tab, spike for spike, for any number of threads. The numba
    kernel is tested against a plain NumPy transcription of `net.m` and agrees spike for spike.

## Run it yourself

The command line prints the raster (`spikes`, as `[t_ms, index]` pairs), the mean rates, the
spectral peak and the simulation's wall time as JSON, or a summary with `--format text`:

```bash
python -m gallery network --seed 0 --duration-ms 1000 --format json
python -m gallery network --n-exc 80000 --n-inh 20000 --synapses-per-neuron 100 --format text
```

```python
from gallery import network

net = network.build_network(800, 200, seed=0)
result = network.simulate_network(net, 1000, seed=0)
network.population_rates_hz(result), network.spectrum_peak_hz(result)
```

Take the inhibition away and see what it was doing: with `--n-inh 0` the same 800 excitatory
cells of seed 0 fire at {without_inhibition.excitatory:.0f} Hz instead of {with_inhibition:.1f} Hz,
each volley recruiting the next with nothing to cut it short.

```bash
python -m gallery network --n-inh 0 --format text
```

## Tens of thousands in real time

For tens of thousands of cells the dense matrix no longer fits the idea of a cortical column,
so `--synapses-per-neuron K` gives every cell K random targets with the weights scaled by
$1000/K$: each cell then receives the same *mean* input as in the published network. The
input is lumpier, though (fewer, stronger synapses: at K = 100 the synaptic noise has about
three times the spread), and this variant settles near 20 Hz instead of net.m's 7 to 8 Hz.

{speed_table(speed)}

Where the time goes. The dense network is cheap because a step costs one row of weights per
spike: about 8 rows of 1000 numbers, plus 1000 fresh normal numbers, drawn on a second thread
meanwhile. At 100 000 cells and 20 Hz, each simulated second brings $2 \\times 10^8$ synaptic
events whose rows lie scattered over 80 MB; the step then waits on memory, not on arithmetic.
The kernel asks for the rows of the next few fired cells before it needs them and stores a
synapse in 8 bytes (int32 target, float32 weight), and the cell update runs several cells per
vector instruction. The noise is NumPy's `Generator(SFC64(seed))`: the kernel draws exactly
its `standard_normal` values, with the generator inline and the ziggurat's sign applied by
multiplying with ±1 rather than by a branch the processor mispredicts every other draw, at a
quarter of NumPy's own time. A second kernel thread does not pay on two cores, since the noise
already uses the second one.
"""


def site_files() -> dict[str, bytes]:
    """The network page and its figures (a few seconds: five 1 s runs, ten SVGs)."""
    results = {}
    for seed in SEEDS:
        net = network.build_network(800, 200, seed=seed)
        results[seed] = network.simulate_network(net, DURATION_MS, seed)
    alone = network.simulate_network(network.build_network(800, 0, seed=0), DURATION_MS, 0)
    without_inhibition = network.population_rates_hz(alone)
    out = {"network.md": page(results, load_speed_record(), without_inhibition).encode()}
    for seed, result in results.items():
        for theme in THEMES:
            out[f"figures/network/seed-{seed}-{theme}.svg"] = network_figures.render(result, theme)
    return out
