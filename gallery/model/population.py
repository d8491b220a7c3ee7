"""Many independent neurons at once: each its own a, b, c, d and step amplitude, one protocol.

Stage: model (imports ``schemes``; numpy only). :func:`run_population` checks its inputs and
calls the scheme's population kernel (:attr:`gallery.model.schemes.Scheme.population`, built
on :mod:`gallery.model.schemes.population`), which keeps per-neuron spike-train features
instead of traces. Times in [ms] at the API, in steps inside the kernel.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from gallery.model.schemes import SCHEMES
from gallery.model.schemes.population import DEFAULT_BLOCK, FEATURES, empty_features
from gallery.model.schemes.primitives import ModelParams


@dataclass(frozen=True, slots=True)
class StepProtocol:
    """The protocol every neuron runs, in steps of ``dt`` [ms].

    The current is 0 for steps ``k < onset`` and the neuron's amplitude from ``onset`` on,
    for ``n_steps`` steps. ``late`` starts the window of the steady-state features; ``gap``
    is the interval (steps) from which a spike opens a new burst.
    """

    dt: float
    n_steps: int
    onset: int
    late: int
    gap: int

    def __post_init__(self) -> None:
        if not (math.isfinite(self.dt) and self.dt > 0):
            raise ValueError(f"dt must be a finite number > 0, got {self.dt!r}")
        if not 0 <= self.onset <= self.late < self.n_steps:
            raise ValueError(
                f"need 0 <= onset <= late < n_steps, got {self.onset}, {self.late}, {self.n_steps}"
            )
        if self.gap < 1:
            raise ValueError(f"gap must be >= 1 step, got {self.gap}")

    @property
    def steps(self) -> tuple[int, int, int, int]:
        """``(n_steps, onset, late, gap)``, as the kernel takes it."""
        return (self.n_steps, self.onset, self.late, self.gap)


@dataclass(frozen=True, slots=True, eq=False)
class PopulationRun:
    """Features and final states of a population run; ``features[:, FEATURES.index(name)]``."""

    features: NDArray[np.int64]
    v: NDArray[np.float64]
    u: NDArray[np.float64]

    def feature(self, name: str) -> NDArray[np.int64]:
        """One column of :data:`~gallery.model.schemes.population.FEATURES`, by name."""
        return self.features[:, FEATURES.index(name)]

    @property
    def finite(self) -> NDArray[np.bool_]:
        """Neurons whose final state is finite."""
        return np.isfinite(self.v) & np.isfinite(self.u)


def _column(name: str, values: ArrayLike, n: int) -> NDArray[np.float64]:
    column = np.ascontiguousarray(np.broadcast_to(np.asarray(values, dtype=np.float64), (n,)))
    if not np.all(np.isfinite(column)):
        raise ValueError(f"{name} must be finite numbers")
    return column


def run_population(
    scheme: str,
    params: ModelParams,
    protocol: StepProtocol,
    *,
    a: ArrayLike,
    b: ArrayLike,
    c: ArrayLike,
    d: ArrayLike,
    amp: ArrayLike,
    v0: ArrayLike,
    u0: ArrayLike,
    block: int = DEFAULT_BLOCK,
) -> PopulationRun:
    """Run N neurons of ``params``'s model, neuron j with ``a[j], b[j], c[j], d[j], amp[j]``.

    Every argument broadcasts to the length of ``amp``. ``scheme`` names a registered scheme
    with a population rule; ``block`` neurons share one cache-resident block (any value gives
    the same result). Spikes are those of the scheme's single-neuron kernel, bit for bit.
    """
    rule = SCHEMES[scheme].population if scheme in SCHEMES else None
    if rule is None:
        known = ", ".join(name for name, s in SCHEMES.items() if s.population is not None)
        raise ValueError(f"scheme {scheme!r} has no population rule (supported: {known})")
    if not (isinstance(block, int) and block >= 1):
        raise ValueError(f"block must be a whole number >= 1, got {block!r}")
    n = np.asarray(amp).size
    neurons = tuple(_column(k, x, n) for k, x in (("a", a), ("b", b), ("c", c), ("d", d),
                                                  ("amp", amp)))  # fmt: skip
    v = _column("v0", v0, n).copy()
    u = _column("u0", u0, n).copy()
    features = empty_features(n)
    rule(params, neurons, v, u, features, protocol.steps, float(protocol.dt), int(block))
    return PopulationRun(features, v, u)
