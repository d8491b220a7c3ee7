"""Dataclasses to JSON-ready dicts and CSV text: the only place data leaves its dataclasses.

Stage: render (imports ``catalogue``, ``simulate``). Builds strings and dicts; writes nothing.
Output is deterministic: keys sorted, floats printed by ``repr`` (shortest round-trip), NaN
written as ``null``, a trailing newline.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Sequence
from typing import Any

from gallery.model.catalogue import Preset
from gallery.model.simulate import Run

PAYLOAD_SCHEMA = 1
"""Version of the widget payload; bump it when a field changes meaning."""


def _number(value: float) -> float | None:
    return float(value) if math.isfinite(value) else None


def _optional(value: float | None) -> float | None:
    return None if value is None else _number(value)


MODEL_FIELDS = (
    "a", "b", "c", "d", "v_peak", "k2", "k1", "k0", "C", "k", "vr", "vt", "u_decay",
    "u_v_offset", "b_hyper", "b_switch_v", "vb", "c_u", "v_peak_u", "u_max",
)  # fmt: skip
"""The model's numbers in the payload (None where unset or not finite)."""


def preset_to_dict(preset: Preset) -> dict[str, Any]:
    """Everything a reader or the browser twin needs to re-run the preset."""
    return {
        "slug": preset.slug,
        "label": preset.label,
        "family": preset.family,
        "summary": preset.summary,
        "behaviour": preset.behaviour,
        "notes": preset.notes,
        "source": source_to_dict(preset),
        "scheme": preset.scheme,
        "dt_ms": preset.dt_ms,
        "t_max_ms": preset.t_max_ms,
        "v0": preset.v0,
        "u0": preset.u0,
        "model": model_to_dict(preset),
        "stimulus": stimulus_to_dict(preset),
    }


def source_to_dict(preset: Preset) -> dict[str, Any]:
    """Where the preset comes from: paper, figure and panel, DOI, the published script."""
    source = preset.source
    return {
        "paper": source.paper,
        "figure": source.figure,
        "panel": source.panel,
        "doi": source.doi,
        "script": source.script,
    }


def model_to_dict(preset: Preset) -> dict[str, Any]:
    """The model's form, its ``MODEL_FIELDS`` and its spike test."""
    model = preset.model
    return {
        "form": model.form.name,
        **{name: _optional(getattr(model, name)) for name in MODEL_FIELDS},
        "spike_test": model.spike_test,
    }


def stimulus_to_dict(preset: Preset) -> dict[str, Any]:
    """The protocol: the amplitudes of the runs, the baseline and the time windows."""
    stimulus = preset.stimulus
    return {
        "amplitudes": list(stimulus.amplitudes),
        "amplitude_label": stimulus.amplitude_label,
        "baseline": stimulus.baseline.to_json(),
        "windows": [
            {
                "start": None if w.start is None else w.start.to_json(),
                "end": None if w.end is None else w.end.to_json(),
                "bounds": w.bounds,
                "value": w.value.to_json(),
            }
            for w in stimulus.windows
        ],
    }


def run_to_dict(run: Run, *, trace: bool) -> dict[str, Any]:
    """A run as JSON-ready data; a diverged trace's NaN becomes null."""
    data: dict[str, Any] = {
        "label": run.label,
        "amplitude": run.amplitude,
        "spike_times_ms": [float(t) for t in run.spike_times_ms],
        "diverged_at_ms": run.diverged_at_ms,
    }
    if trace:
        for name in ("t_ms", "v", "u", "i_ext"):
            data[name] = [_number(x) for x in getattr(run, name)]
    return data


def simulation_to_dict(preset: Preset, runs: Sequence[Run], *, trace: bool) -> dict[str, Any]:
    """The ``simulate`` command's JSON object (also the site's JSON download)."""
    return {
        "slug": preset.slug,
        "scheme": runs[0].scheme,
        "dt_ms": runs[0].dt_ms,
        "runs": [run_to_dict(run, trace=trace) for run in runs],
    }


def download_to_dict(preset: Preset, runs: Sequence[Run]) -> dict[str, Any]:
    """A preset page's JSON download: the preset and each run's spike times.

    The preset holds its parameters, protocol and source. The traces are the CSV download's;
    here they would be ten times the file and say nothing the CSV does not.
    """
    return {**simulation_to_dict(preset, runs, trace=False), "preset": preset_to_dict(preset)}


def payload(preset: Preset, runs: Sequence[Run]) -> dict[str, Any]:
    """The widget payload (schema ``PAYLOAD_SCHEMA``): the preset and its reference spikes.

    Traces are not included: the browser re-simulates them with ``model.js``, and the spike
    times here let it check itself against Python.
    """
    return {
        "schema": PAYLOAD_SCHEMA,
        "preset": preset_to_dict(preset),
        "runs": [
            {
                "amplitude": run.amplitude,
                "label": run.label,
                "n_points": int(run.t_ms.size),
                "spike_times_ms": [float(t) for t in run.spike_times_ms],
            }
            for run in runs
        ],
    }


def dumps(data: Any) -> str:
    """Deterministic JSON text with a trailing newline."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), allow_nan=False) + "\n"


def runs_to_csv(runs: Sequence[Run], *, trace: bool) -> str:
    """CSV of every run: the trace with a spike flag, or only the spike times."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    if trace:
        writer.writerow(["run", "amplitude", "t_ms", "v", "u", "i_ext", "spike"])
        for index, run in enumerate(runs):
            spikes = set(run.spike_times_ms.tolist())
            for t, v, u, i in zip(run.t_ms, run.v, run.u, run.i_ext, strict=True):
                values = [repr(float(x)) for x in (t, v, u, i)]
                writer.writerow([index, repr(run.amplitude), *values, int(float(t) in spikes)])
    else:
        writer.writerow(["run", "amplitude", "spike_time_ms"])
        for index, run in enumerate(runs):
            for t in run.spike_times_ms:
                writer.writerow([index, repr(run.amplitude), repr(float(t))])
    return out.getvalue()
