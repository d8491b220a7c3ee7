"""The network page's NEST section: NEST's recorded runs of the page's seeds against ours.

Stage: site (imports the network stage and the render stage's ``network`` figures). NEST is an
optional extra and its five runs cost seconds, more than this page may add to a build, so the
page reads NEST's rasters from ``network_nest_runs.json``, a dated record written by
``benchmarks/bench_network.py --engines numba,nest --record``. Every number the page quotes
about them (rates, spectral peaks, where the rasters first differ) is computed here from the
recorded rasters and the build's own runs. Pure.
"""

from __future__ import annotations

import base64
import json
from importlib import resources
from typing import Any

import numpy as np

from gallery import network
from gallery.render import network as network_figures
from gallery.render.style import themed

NEST_RUNS = "network_nest_runs.json"  # in this package; written by benchmarks/bench_network.py
FIGURE = "figures/network/nest-seed-{seed}.svg"


def load_nest_runs() -> dict:
    """The committed record of NEST's runs (see the module docstring)."""
    return json.loads(resources.files(__package__).joinpath(NEST_RUNS).read_text())


def nest_results(record: dict) -> dict[int, network.NetworkResult]:
    """The recorded rasters as :class:`~gallery.network.NetworkResult`, by seed."""
    results = {}
    for run in record["seeds"]:
        pairs = np.frombuffer(base64.b64decode(run["spikes"]), dtype="<u2").reshape(-1, 2)
        results[run["seed"]] = network.NetworkResult(
            spike_t_ms=pairs[:, 0].astype(np.int64),
            spike_index=pairs[:, 1].astype(np.int64),
            n_exc=record["n_exc"],
            n_inh=record["n_inh"],
            duration_ms=record["duration_ms"],
        )
    return results


def first_difference_ms(a: network.NetworkResult, b: network.NetworkResult) -> int | None:
    """The first t [ms] at which the two rasters' spikes differ; None when they are equal."""
    for t in range(1, max(a.duration_ms, b.duration_ms) + 1):
        in_a = a.spike_index[a.spike_t_ms == t]
        in_b = b.spike_index[b.spike_t_ms == t]
        if not np.array_equal(in_a, in_b):
            return t
    return None


def _summary(result: network.NetworkResult) -> dict[str, float]:
    rates = network.population_rates_hz(result)
    return {
        "spikes": int(result.spike_t_ms.size),
        "excitatory": rates.excitatory,
        "inhibitory": rates.inhibitory,
        "peak_hz": network.spectrum_peak_hz(result),
    }


def comparison(
    ours: dict[int, network.NetworkResult], nest: dict[int, network.NetworkResult]
) -> dict[str, Any]:
    """Per seed both engines' numbers and where the rasters part; the spread of our seeds.

    ``shown_seed`` is the seed whose rasters the page sets side by side: the one that parts
    earliest, or the first seed when all are equal.
    """
    rows = []
    for seed, result in ours.items():
        parted = first_difference_ms(result, nest[seed])
        common = _common_spikes(result, nest[seed])
        rows.append({"seed": seed, "ours": _summary(result), "nest": _summary(nest[seed]),
                     "first_difference_ms": parted, "common_spikes": common})  # fmt: skip
    ours_rows = [row["ours"] for row in rows]
    spread = {key: (min(r[key] for r in ours_rows), max(r[key] for r in ours_rows))
              for key in ("excitatory", "inhibitory", "peak_hz")}  # fmt: skip
    nest_rows = [row["nest"] for row in rows]
    within = all(spread[key][0] <= r[key] <= spread[key][1] for r in nest_rows for key in spread)
    parted = [row for row in rows if row["first_difference_ms"] is not None]
    shown = min(parted, key=lambda row: row["first_difference_ms"])["seed"] if parted else None
    return {
        "rows": rows,
        "spread": spread,
        "within_spread": within,
        "identical_seeds": [row["seed"] for row in rows if row["first_difference_ms"] is None],
        "shown_seed": rows[0]["seed"] if shown is None else shown,
    }


def _common_spikes(a: network.NetworkResult, b: network.NetworkResult) -> int:
    """How many (t, cell) spikes the two rasters share."""
    n = max(a.n_exc + a.n_inh, 1)
    keys_a = a.spike_t_ms * n + a.spike_index
    keys_b = b.spike_t_ms * n + b.spike_index
    return int(np.intersect1d(keys_a, keys_b).size)


def figures(result: network.NetworkResult, seed: int) -> dict[str, bytes]:
    """NEST's raster figure of ``seed`` (both themes), drawn as our runs are drawn."""
    return {FIGURE.format(seed=seed): themed(lambda theme: network_figures.render(result, theme))}
