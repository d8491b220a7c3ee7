"""The fast–slow view of bursting: u frozen as a parameter of the voltage equation.

Stage: analysis (imports the model stage and :mod:`phase_plane`). With ``a`` small, u moves
slowly, so between resets v follows the fast subsystem ``cap * v' = F(v) - u + I`` with u held
fixed (Izhikevich 2007, ch. 9). Its fixed points are where the v-nullcline reaches height u:
none for u below the parabola's bottom ``u_fold`` (then v runs into a spike whatever it
starts from), a stable lower branch ``v_-(u)`` and an unstable upper one ``v_+(u)`` above it.

With the reset the fast subsystem fires again from ``(c, u)`` exactly when ``dv/dt > 0`` there
and no fixed point lies between c and the cut-off, that is when ``u < N_I(c)``, the height of
the v-nullcline at c, if c lies right of the bottom (``c > v_fold``), and when ``u < u_fold``
otherwise. So for ``c > v_fold`` rest and repetitive spiking coexist for u in
``(u_fold, N_I(c))``: the slow u sweeps across that bistable range, spiking while it climbs
(each spike adds d) and resting while it decays, and the cell bursts. For ``c <= v_fold`` the
range is empty, the two regimes meet at ``u_fold`` and the cell settles on tonic firing.
Units as in the model: v [mV], u and I in the form's unit.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from gallery.analysis import phase_plane
from gallery.model.catalogue import Model


@dataclass(frozen=True, slots=True)
class FastSlow:
    """The fast subsystem's fold and the edge of its spiking range at one current.

    ``u_fold``, ``v_fold``: the bottom of the v-nullcline (the two branches meet there);
    ``spike_edge``: the largest frozen u at which a reset at c still leads to a spike;
    ``bistable`` is True when rest and spiking overlap, over ``(u_fold, spike_edge)``.
    """

    model: Model
    i_ext: float
    u_fold: float
    v_fold: float
    reset_height: float  # N_I(c), the v-nullcline's height at the reset voltage
    spike_edge: float

    @property
    def bistable(self) -> bool:
        """Rest and repetitive spiking of the fast subsystem overlap (``c > v_fold``)."""
        return self.spike_edge > self.u_fold

    @property
    def width(self) -> float:
        """Width of the bistable range of u (0 without one)."""
        return max(self.spike_edge - self.u_fold, 0.0)


def fast_slow(model: Model, i_ext: float) -> FastSlow:
    """The fast subsystem of ``model`` (2003/2004 or 2007 form, fixed reset) at ``i_ext``."""
    a2, a1, _ = phase_plane.quadratic(model)
    v_fold = -a1 / (2.0 * a2)
    u_fold = float(phase_plane.nullcline_v(model, [v_fold], i_ext)[0])
    height = float(phase_plane.nullcline_v(model, [model.c], i_ext)[0])
    edge = height if model.c > v_fold else u_fold
    return FastSlow(model, float(i_ext), u_fold, v_fold, height, edge)


def branches(system: FastSlow, u: ArrayLike) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """The fast subsystem's fixed points ``v_-(u)`` (stable) and ``v_+(u)`` (unstable).

    NaN where u is below the fold (no fixed point): the roots of ``F(v) + I = u``.
    """
    a2, a1, a0 = phase_plane.quadratic(system.model)
    u = np.asarray(u, dtype=np.float64)
    disc = a1 * a1 - 4.0 * a2 * (a0 + system.i_ext - u)
    root = np.sqrt(np.where(disc >= 0, disc, np.nan))
    return (-a1 - root) / (2.0 * a2), (-a1 + root) / (2.0 * a2)
