"""What each live-cell view computes, and the key numbers its text alternative quotes.

Stage: analysis (imports the model stage and the view analyses). :func:`analyse` runs the
view's computation once for a cell's starting state; the static figure is drawn from the
result, and :func:`facts` reduces it to plain numbers for the page's text (the template
``cell-alt.md.j2`` writes the words).
"""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Any

from gallery.analysis.bifurcation import Bifurcation, bifurcation
from gallery.analysis.cell_state import CellState, state_model, state_preset
from gallery.analysis.fi_sweep import FISweep, fi_sweep
from gallery.analysis.phase_plane import fixed_points
from gallery.analysis.reset_map import ResetMap, reset_map
from gallery.model.catalogue import Preset
from gallery.model.simulate import Run, simulate


def view_preset(preset: Preset, state: CellState) -> Preset:
    """The preset a trace or phase cell simulates: the state's constants, one amplitude."""
    cell = state_preset(preset, state)
    return replace(cell, stimulus=replace(cell.stimulus, amplitudes=(state.amp,)))


def analyse(preset: Preset, view: str, state: CellState) -> Any:
    """The view's result at ``state``: runs, fixed points, a sweep, a map or a diagram."""
    if view in ("trace", "phase"):
        return simulate(view_preset(preset, state))
    if view == "nullclines":
        return fixed_points(state_model(preset, state), state.amp)
    if view == "fi":
        return fi_sweep(preset, state)
    if view == "reset-map":
        return reset_map(preset, state)
    if view == "bifurcation":
        return bifurcation(preset, state)
    raise ValueError(f"unknown view {view!r}")


def _number(x: float | None) -> float | None:
    return None if x is None or not math.isfinite(x) else float(x)


def _run_facts(run: Run) -> dict[str, Any]:
    times = run.spike_times_ms
    return {"spikes": run.n_spikes, "first": _number(float(times[0])) if times.size else None,
            "rate": 1000.0 * run.n_spikes / float(run.t_ms[-1]) if run.t_ms[-1] > 0 else 0.0,
            "t_max": float(run.t_ms[-1])}  # fmt: skip


def _fi_facts(sweep: FISweep) -> dict[str, Any]:
    return {"onset": sweep.onset, "offset": sweep.offset, "hysteresis": sweep.hysteresis,
            "top": max(sweep.rising + sweep.falling), "lo": sweep.currents[0],
            "hi": sweep.currents[-1], "points": len(sweep.currents)}  # fmt: skip


def _map_facts(result: ResetMap) -> dict[str, Any]:
    slope = result.slope
    return {"fixed": result.fixed, "slope": slope,
            "stable": slope is not None and abs(slope) < 1,
            "orbit": len(result.orbit), "lo": result.u[0], "hi": result.u[-1]}  # fmt: skip


def _bif_facts(result: Bifurcation, amp: float) -> dict[str, Any]:
    here = [p for p in fixed_points_near(result, amp)]
    return {"kind": result.loss.kind, "current": _number(result.loss.current),
            "v": _number(result.loss.v), "lo": result.currents[0], "hi": result.currents[-1],
            "at_amp": [{"kind": p.kind, "v": p.v} for p in here]}  # fmt: skip


def fixed_points_near(result: Bifurcation, amp: float):
    """The diagram's fixed points at the grid current nearest ``amp``."""
    nearest = min(result.currents, key=lambda i: abs(i - amp))
    return [p for p in result.points if p.current == nearest]


def facts(view: str, result: Any, state: CellState) -> dict[str, Any]:
    """Plain numbers of ``result`` for the cell's text alternative."""
    base: dict[str, Any] = {"amp": state.amp}
    if view in ("trace", "phase"):
        return base | _run_facts(result[0])
    if view == "nullclines":
        return base | {"points": [{"kind": p.kind, "v": p.v, "u": p.u} for p in result],
                       "threshold": any(p.kind == "saddle" for p in result),
                       "rests": any(p.stable for p in result)}  # fmt: skip
    if view == "fi":
        return base | _fi_facts(result)
    if view == "reset-map":
        return base | _map_facts(result)
    return base | _bif_facts(result, state.amp)
