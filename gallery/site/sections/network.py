"""The site's network page: net.m explained, its raster for a handful of seeds, the numbers.

Stage: site (imports the network stage, the render stage's ``network`` figures and ``pages``).
The runs come from :func:`gallery.network.experiments.page_runs`, the figures from
:mod:`gallery.render.network`, the words from ``network.md.j2``; this module only gathers the
numbers the template quotes, so the prose quotes the same runs the figures show. Pure:
:func:`site_files` returns the figures as bytes and the page as a template with its values,
which the build renders.
"""

from __future__ import annotations

import base64
import json
from importlib import resources
from typing import Any

import jinja2
import numpy as np

from gallery import network
from gallery.network.experiments import DURATION_MS, SEEDS, NetworkRuns, page_runs
from gallery.render import network as network_figures
from gallery.render.style import themed
from gallery.site import pages
from gallery.site.data_scripts import data_script
from gallery.site.sections import network_nest

__all__ = [
    "DURATION_MS",
    "SEEDS",
    "context",
    "load_speed_record",
    "raster_json",
    "raster_scripts",
    "raster_seed_scripts",
    "rhythm",
    "site_files",
    "spectrum_json",
    "speed_table",
]

TEMPLATE = "network.md.j2"
N_CELLS = 1000  # the published network, whose weights the sparse variant rescales
SPARSE_K = 100  # the fan-in the page's sparse example quotes
SPEED_TEMPLATE = "network-speed.md.j2"  # included by TEMPLATE
SPEED_RECORD = "network_speed.json"  # in this package; written by benchmarks/bench_network.py


def load_speed_record() -> dict:
    """The committed benchmark record the page quotes (measured, so not recomputed per build)."""
    return json.loads(resources.files(__package__).joinpath(SPEED_RECORD).read_text())


def speed_table(env: jinja2.Environment, record: dict) -> str:
    """The Markdown table of a recorded ``bench_network.py --record`` run, with its caption.

    ``env`` is the site's environment (:func:`gallery.site.pages.environment`).
    """
    return env.get_template(SPEED_TEMPLATE).render(speed=record)


def _seed_row(seed: int, result: network.NetworkResult) -> dict[str, Any]:
    rates = network.population_rates_hz(result)
    return {
        "seed": seed,
        "spikes": int(result.spike_t_ms.size),
        "excitatory": rates.excitatory,
        "inhibitory": rates.inhibitory,
        "peak_hz": network.spectrum_peak_hz(result),
    }


def rhythm(results: dict[int, network.NetworkResult]) -> dict[str, Any]:
    """Where the spectra of the runs peak, for the prose.

    ``main_hz``: the main peak of every run; ``harmonics_hz``: the next peaks that are the
    first harmonic of their run's main peak (within 2 Hz); ``gamma``: the run whose gamma-band
    peak is largest relative to its main peak (``seed``, ``hz``, ``share``), or None.
    """
    peaks = {seed: network.spectral_peaks(result) for seed, result in results.items()}
    gamma_low, gamma_high = network.GAMMA_BAND_HZ
    harmonics = [
        found[1][0] for found in peaks.values()
        if len(found) > 1 and abs(found[1][0] - 2 * found[0][0]) <= 2.0
    ]  # fmt: skip
    gamma = {
        seed: max((p for p in found if gamma_low <= p[0] <= gamma_high), key=lambda p: p[1])
        for seed, found in peaks.items()
        if any(gamma_low <= hz <= gamma_high for hz, _ in found)
    }
    clearest = None
    if gamma:
        seed = max(gamma, key=lambda key: gamma[key][1] / peaks[key][0][1])
        hz, power = gamma[seed]
        clearest = {"seed": seed, "hz": hz, "share": power / peaks[seed][0][1]}
    return {
        "main_hz": [found[0][0] for found in peaks.values()],
        "harmonics_hz": harmonics,
        "gamma": clearest,
    }


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


SEED_ID = "ig-raster-seed-{seed}"
"""A later seed's raster: its key in ``IzhGallery.data`` and the stem of its script."""
SEED_SCRIPT = "network/{id}.js"
"""The docs path of that script. The page links it (``raster_scripts``, a hidden list) so that
MkDocs writes its URL for each variant of the site (``network/`` online, ``network.html`` in
the course pack), and raster.js loads it from the link's ``href``."""


def _raster_base64(result: network.NetworkResult) -> str:
    """The raster as base64 of little-endian uint16 (t [ms], cell) pairs, sorted by time."""
    pairs = np.empty((result.spike_t_ms.size, 2), dtype="<u2")
    pairs[:, 0] = result.spike_t_ms
    pairs[:, 1] = result.spike_index
    return base64.b64encode(pairs.tobytes()).decode()


def raster_json(results: dict[int, network.NetworkResult]) -> str:
    """The data of the interactive view, per seed: the raster and the rate spectrum.

    Only the first seed, the one shown first, carries its raster (``spikes``); every other
    seed has the ``id`` that its script (:func:`raster_seed_scripts`) sets in
    ``IzhGallery.data``, and raster.js loads that script when the reader picks the seed. A
    script, not a fetch: the site also works from ``file://``.
    """
    first_seed, first = next(iter(results.items()))
    seeds = []
    for seed, result in results.items():
        entry: dict[str, Any] = {"seed": seed, "spectrum": spectrum_json(result)}
        if seed == first_seed:
            entry["spikes"] = _raster_base64(result)
        else:
            entry["id"] = SEED_ID.format(seed=seed)
        seeds.append(entry)
    data = {
        "n_exc": first.n_exc, "n_inh": first.n_inh, "duration_ms": first.duration_ms,
        "bands_hz": {"alpha": network.ALPHA_BAND_HZ, "gamma": network.GAMMA_BAND_HZ},
        "seeds": seeds,
    }  # fmt: skip
    return json.dumps(data, sort_keys=True, separators=(",", ":"), allow_nan=False)


def raster_seed_scripts(results: dict[int, network.NetworkResult]) -> dict[str, bytes]:
    """The rasters of the seeds after the first, one classic script each, by docs path.

    Each sets ``IzhGallery.data["ig-raster-seed-N"]`` to the seed's raster (base64, as in
    :func:`raster_json`); ASCII, so the same bytes every build.
    """
    out = {}
    for seed, result in list(results.items())[1:]:
        ident = SEED_ID.format(seed=seed)
        out[SEED_SCRIPT.format(id=ident)] = data_script([(ident, _raster_base64(result))])
    return out


def raster_scripts(results: dict[int, network.NetworkResult]) -> list[dict[str, Any]]:
    """The seeds whose raster is a script of its own, and its docs path, for the page's links."""
    return [
        {"seed": seed, "path": SEED_SCRIPT.format(id=SEED_ID.format(seed=seed))}
        for seed in list(results)[1:]
    ]


def nest_context(runs: NetworkRuns, record: dict) -> dict[str, Any]:
    """What the NEST section quotes: the recorded NEST runs against the build's own."""
    compared = network_nest.comparison(runs.seeds, network_nest.nest_results(record))
    return {"date": record["date"], "version": record["nest_version"], **compared}


def context(runs: NetworkRuns, speed: dict, nest_record: dict | None = None) -> dict[str, Any]:
    """Everything ``network.md.j2`` quotes: the runs' numbers, the rhythm, the speed record.

    ``nest_record`` is NEST's recorded runs (:func:`network_nest.load_nest_runs`) or None.
    """
    return {
        "nest": None if nest_record is None else nest_context(runs, nest_record),
        "seeds": [_seed_row(seed, result) for seed, result in runs.seeds.items()],
        "duration_ms": DURATION_MS,
        "raster_json": raster_json(runs.seeds),
        "raster_scripts": raster_scripts(runs.seeds),
        "rhythm": rhythm(runs.seeds),
        "bands": {"alpha": network.ALPHA_BAND_HZ, "gamma": network.GAMMA_BAND_HZ},
        "with_inhibition": network.population_rates_hz(runs.seeds[0]).excitatory,
        "without_inhibition": network.population_rates_hz(runs.without_inhibition).excitatory,
        "speed": speed,
        "sparse": {"k": SPARSE_K, "ratio": network.per_spike_spread_ratio(N_CELLS, SPARSE_K)},
        "work": work(runs, speed),
    }


SYNAPSE_BYTES = 8  # the sparse kernel's synapse: int32 target, float32 weight


def work(runs: NetworkRuns, speed: dict) -> dict[str, Any]:
    """What a step costs, for the prose: rows of weights per step, events and bytes at scale.

    ``dense_hz``: the seeds' mean rate over all cells (lowest, highest); ``rows``: weight
    rows added per 1-ms step at the mean of those rates; ``sparse_hz``: the recorded sparse
    runs' rates (lowest, highest); ``largest``: the largest sparse run, with its synaptic
    events per simulated second and the bytes its synapses take.
    """
    dense = [r.spike_t_ms.size / (r.n_exc + r.n_inh) / (r.duration_ms / 1000.0)
             for r in runs.seeds.values()]  # fmt: skip
    sparse = speed["sparse"]
    largest = max(sparse, key=lambda row: row["n"])
    return {
        "n": N_CELLS,
        "dense_hz": (min(dense), max(dense)),
        "rows": sum(dense) / len(dense) * N_CELLS / 1000.0,
        "sparse_hz": (min(r["rate_hz"] for r in sparse), max(r["rate_hz"] for r in sparse)),
        "largest": {
            "n": largest["n"],
            "rate_hz": largest["rate_hz"],
            "events": largest["n"] * largest["rate_hz"] * largest["k"],
            "megabytes": largest["n"] * largest["k"] * SYNAPSE_BYTES / 1e6,
        },
    }


def site_files(runs: NetworkRuns | None = None) -> dict[str, bytes | pages.TemplatePage]:
    """The network page (its template and values) and its figures, by docs-relative path.

    ``runs`` are the page's runs (:func:`gallery.network.experiments.page_runs`, made once per
    build and shared with the exercises); None simulates them.
    """
    runs = page_runs() if runs is None else runs
    nest_record = network_nest.load_nest_runs()
    values = context(runs, load_speed_record(), nest_record)
    page = pages.TemplatePage(TEMPLATE, values)
    out: dict[str, bytes | pages.TemplatePage] = {"network.md": page}
    out |= raster_seed_scripts(runs.seeds)
    shown = values["nest"]["shown_seed"]
    nest_run = network_nest.nest_results(nest_record)[shown]
    out |= network_nest.figures(nest_run, shown)
    for seed, result in runs.seeds.items():
        out[f"figures/network/seed-{seed}.svg"] = themed(
            lambda theme, r=result: network_figures.render(r, theme)
        )
    return out
