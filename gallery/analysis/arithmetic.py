"""The fixed-point cell view: one neuron run in float64 and in SpiNNaker's s16.15, compared.

Stage: analysis (imports the model stage). :func:`compare` runs the cell's preset protocol
at the cell's amplitude on the published grid ``0:dt:T`` with both arithmetics of
:mod:`gallery.model.fixed_point`; :func:`facts` reduces the pair to the numbers the cell's
text quotes. :func:`usable` says which presets the view can show: sPyNNaker's neuron fixes
0.04 v² + 5 v + 140 and has none of the special terms of some presets.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from gallery.analysis.cell_state import CellState
from gallery.model import fixed_point
from gallery.model.catalogue import Preset
from gallery.model.grid import published_grid
from gallery.model.stimulus import current

ARITHMETIC = "s16.15"


@dataclass(frozen=True, slots=True)
class Comparison:
    """Both runs of one cell on the grid ``t`` [ms]."""

    t: NDArray[np.float64]
    float64: fixed_point.FixedRun
    fixed: fixed_point.FixedRun


def usable(preset: Preset) -> str | None:
    """Why the view cannot show ``preset`` (None when it can)."""
    m = preset.model
    if m.form.name != "2004" or (m.k2, m.k1, m.k0) != (0.04, 5.0, 140.0):
        return ("sPyNNaker's Izhikevich neuron fixes 0.04 v² + 5 v + 140; "
                f"{preset.slug} uses another form")  # fmt: skip
    special = {
        "b_hyper": m.b_hyper is not None, "vb": m.vb is not None, "u_max": m.u_max != np.inf,
        "u_decay": m.u_decay != 1.0, "u_v_offset": m.u_v_offset != 0.0, "c_u": m.c_u != 0.0,
        "v_peak_u": m.v_peak_u != 0.0,
    }  # fmt: skip
    extra = [name for name, used in special.items() if used]
    if extra:
        return f"{preset.slug} uses terms sPyNNaker's neuron does not have: {', '.join(extra)}"
    return None


def compare(preset: Preset, state: CellState) -> Comparison:
    """The preset's protocol at ``state.amp`` with the state's constants, in both arithmetics."""
    t = published_grid(state.dt, preset.t_max_ms)
    i_ext = current(preset.stimulus, t, state.amp)
    cell = fixed_point.Cell(a=state.a, b=state.b, c=state.c, d=state.d,
                            v_peak=preset.model.v_peak, v0=preset.v0, u0=preset.u0)  # fmt: skip
    values = [float(x) for x in i_ext]
    return Comparison(t, fixed_point.run_float(cell, values, state.dt),
                      fixed_point.run_fixed(cell, values, state.dt))  # fmt: skip


def parting(result: Comparison) -> dict[str, Any] | None:
    """The first spike at which the two trains differ: its index and both times (or None)."""
    a, b = result.float64.spike_steps, result.fixed.spike_steps
    for n in range(max(len(a), len(b))):
        x = a[n] if n < len(a) else None
        y = b[n] if n < len(b) else None
        if x != y:
            at = result.t
            return {"spike": n + 1, "float64": None if x is None else float(at[x]),
                    "fixed": None if y is None else float(at[y])}  # fmt: skip
    return None


def facts(result: Comparison, state: CellState) -> dict[str, Any]:
    """The numbers of the cell's text: spikes of each run, first spikes, where they part."""
    t = result.t

    def first(run: fixed_point.FixedRun) -> float | None:
        return float(t[run.spike_steps[0]]) if run.spike_steps else None

    return {
        "amp": state.amp, "dt": state.dt, "t_max": float(t[-1]), "arithmetic": ARITHMETIC,
        "float_spikes": len(result.float64.spike_steps),
        "fixed_spikes": len(result.fixed.spike_steps),
        "float_first": first(result.float64), "fixed_first": first(result.fixed),
        "parting": parting(result),
    }  # fmt: skip
