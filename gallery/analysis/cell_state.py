"""The state a live cell starts from, and the preset it turns into for a simulation.

Stage: analysis (imports the model stage). A cell (an ``izhikevich`` block of a page) names a
preset and may change a, b, c, d, the amplitude, the step and the scheme; the analyses of the
cell views (:mod:`fi_sweep`, :mod:`reset_map`, :mod:`bifurcation`) and the static figures all
start from a :class:`CellState`. Units as in the model: v [mV], t [ms], I in the form's unit.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from gallery.model.catalogue import Model, Preset
from gallery.model.expr import parse
from gallery.model.simulate import with_parameters
from gallery.model.stimulus import Stimulus, Window

PARAMETERS = ("a", "b", "c", "d")


@dataclass(frozen=True, slots=True, kw_only=True)
class CellState:
    """The values one cell's controls hold: model constants, amplitude, step, scheme."""

    a: float
    b: float
    c: float
    d: float
    amp: float
    dt: float
    scheme: str

    def as_dict(self) -> dict[str, float | str]:
        """The state as JSON-ready data (the cell payload's ``state``)."""
        return {"a": self.a, "b": self.b, "c": self.c, "d": self.d, "amp": self.amp,
                "dt": self.dt, "scheme": self.scheme}  # fmt: skip


def published_state(preset: Preset) -> CellState:
    """The state of the preset's published run (its last amplitude)."""
    m = preset.model
    return CellState(a=m.a, b=m.b, c=m.c, d=m.d, amp=preset.amplitudes[-1], dt=preset.dt_ms,
                     scheme=preset.scheme)  # fmt: skip


def state_model(preset: Preset, state: CellState) -> Model:
    """The preset's model with the state's a, b, c and d."""
    return replace(preset.model, **{k: getattr(state, k) for k in PARAMETERS})


def state_preset(preset: Preset, state: CellState) -> Preset:
    """The preset with the state's constants, step and scheme (its protocol unchanged)."""
    changed = with_parameters(preset, **{k: getattr(state, k) for k in PARAMETERS})
    return replace(changed, dt_ms=state.dt, scheme=state.scheme)


def staircase(levels: list[float], hold_ms: float) -> Stimulus:
    """A protocol that holds each of ``levels`` for ``hold_ms``, one after the other, then 0.

    Window ``k`` is ``[k hold, (k+1) hold)``; the one run's amplitude is unused (0).
    """
    windows = tuple(
        Window(start=parse(k * hold_ms), end=parse((k + 1) * hold_ms), bounds="[)",
               value=parse(float(level)))
        for k, level in enumerate(levels)
    )  # fmt: skip
    return Stimulus(amplitudes=(0.0,), baseline=parse(0.0), windows=windows,
                    amplitude_label="I")  # fmt: skip


def constant(amp: float) -> Stimulus:
    """A constant current ``amp`` from the first step on."""
    return Stimulus(amplitudes=(float(amp),), baseline=parse("amp"), amplitude_label="I")
