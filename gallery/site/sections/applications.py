"""The applications page: cost per step, large models, neuromorphic hardware, a live cell.

Cost of a step against Hodgkin–Huxley and LIF; the live cell compares float64 with s16.15.

Stage: site (imports ``analysis.model_cost``, the comparison neurons' names and ``pages``).
The operation counts and the step-size sweep are computed here, at build time; the time per
step is a committed measurement (``model_speed.json``, written by
``benchmarks/bench_models.py --record``), so the build spends no time timing and stays
byte-identical. The words are in ``applications.md.j2``; the live cell in it is expanded by
the build's cell stage like any other.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from gallery.analysis import model_cost
from gallery.model import fixed_point
from gallery.model.neurons import MODELS
from gallery.site import pages

TEMPLATE = "applications.md.j2"
PAGE = "theory/applications.md"
SPEED_RECORD = "model_speed.json"  # in this package; written by benchmarks/bench_models.py
# What Izhikevich (2004), Fig. 2, quotes: floating-point operations per 1 ms of simulation.
PAPER_FLOPS_PER_MS = {"izhikevich": 13, "hodgkin-huxley": 1200, "lif": 5}


def load_speed_record() -> dict:
    """The committed benchmark record the page quotes (measured, so not recomputed per build)."""
    return json.loads(resources.files(__package__).joinpath(SPEED_RECORD).read_text())


def _model_row(name: str, speed: dict) -> dict[str, Any]:
    ops = model_cost.model_operations()[name]
    reference, rows = model_cost.dt_sweep(name)
    by_count = model_cost.largest_dt(rows, reference, timing=False)
    by_timing = model_cost.largest_dt(rows, reference, timing=True)
    ns = speed["ns_per_step"][name]

    def per_second(dt: float | None) -> float | None:  # wall time of 1 simulated s [µs]
        return None if dt is None else ns * 1000.0 / dt / 1000.0

    return {
        "name": name, "label": MODELS[name].NAME, "ops": ops,
        "paper_flops": PAPER_FLOPS_PER_MS[name], "ns": ns,
        "ratio": ns / speed["ns_per_step"]["izhikevich"],
        "input": model_cost.INPUTS[name], "rate_hz": model_cost.rate_hz(reference),
        "reference_spikes": len(reference.times), "rows": rows,
        "dt_count": by_count, "dt_timing": by_timing,
        "us_count": per_second(by_count), "us_timing": per_second(by_timing),
        "ops_per_ms_count": None if by_count is None else ops.arithmetic / by_count,
    }  # fmt: skip


def context(speed: dict) -> dict[str, Any]:
    """Everything ``applications.md.j2`` quotes."""
    models = {name: _model_row(name, speed) for name in MODELS}
    izh = models["izhikevich"]
    module = MODELS["izhikevich"]
    cell = module.params(**model_cost.PARAMS["izhikevich"])
    start = module.start(cell)
    return {
        "izh_cell": dict(zip(("a", "b", "c", "d"), map(float, cell), strict=True))
        | {"v0": float(start[0]), "u0": float(start[1])},
        "models": models, "speed": speed, "sweep_dts": model_cost.SWEEP_DTS,
        "fine_dt": model_cost.FINE_DT, "duration_ms": model_cost.DURATION_MS,
        "tolerance_ms": model_cost.TIMING_TOLERANCE_MS,
        "hh_over_izh_count": models["hodgkin-huxley"]["us_count"] / izh["us_count"],
        "hh_over_izh_timing": models["hodgkin-huxley"]["us_timing"] / izh["us_timing"],
        "fixed": {"k_raw": fixed_point.K_RAW, "k": fixed_point.K_RAW / 2**15,
                  "k_truncated": (fixed_point.K_RAW - 1) / 2**15, "tq_raw": fixed_point.TQ_RAW,
                  "tq": fixed_point.TQ_RAW / 2**15, "bits": fixed_point.FRACTION_BITS},
    }  # fmt: skip


def site_files() -> dict[str, bytes | pages.TemplatePage]:
    """The applications page (its template and values), by docs-relative path."""
    return {PAGE: pages.TemplatePage(TEMPLATE, context(load_speed_record()))}
