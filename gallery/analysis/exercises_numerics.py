"""Answers of the numerics and network exercises: other time steps, RK4's order, the 2003 net.

Stage: analysis (imports ``catalogue``, ``simulate``, ``network``, ``analysis.accuracy`` and
``analysis.exercises``). As there, each function returns the numbers one page quotes; the
words are in the ``exercises-*.md.j2`` templates. Times [ms], rates [Hz].
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np

from gallery.analysis import accuracy
from gallery.analysis.exercises import Answer
from gallery.model.catalogue import Preset, builtin
from gallery.model.expr import parse
from gallery.model.simulate import Run, simulate
from gallery.model.stimulus import window_edges
from gallery.network import NetworkResult, build_network, population_rates_hz, simulate_network

NETWORK_SEED = 0
NETWORK_MS = 1000
"""The run the network questions quote: seed 0 of net.m for one simulated second."""


def _run(slug: str, **kwargs) -> Run:
    return simulate(builtin().get(slug), **kwargs)[0]


EULER_DTS = (0.0625, 0.03125)
"""The two steps of the Euler question: one halving, on tonic spiking [ms]."""
EULER_TOLERANCE = 0.1
"""The Euler answer's tolerance, relative: wide enough for the first-order prediction."""


def euler_errors() -> tuple[float, float]:
    """The ``euler`` scheme's spike-time error on tonic spiking at each of :data:`EULER_DTS`."""
    results = accuracy.convergence("tonic-spiking")
    first, second = (accuracy.error_at(results, "tonic-spiking", "euler", dt) for dt in EULER_DTS)
    return first, second


def rk4_ratio() -> float:
    """Reference error on tonic spiking at the first of :data:`EULER_DTS` over the second."""
    results = accuracy.convergence("tonic-spiking")
    coarse, fine = (
        accuracy.error_at(results, "tonic-spiking", "reference", dt) for dt in EULER_DTS
    )
    return coarse / fine


@dataclass(frozen=True, slots=True)
class Numerics:
    """Runs at other steps than the paper's, the sweep of spike latency, the RK4 ratio.

    Each pair is (at the paper's step, at the other step).
    """

    euler: tuple[float, float]  # Euler's spike-time errors at EULER_DTS [ms]
    latency: tuple[Run, Run]  # spike latency at 0.2 and 0.01 ms
    latency_coarse: Run  # spike latency at the sweep's next step above the paper's
    short_pulse: Run  # spike latency at 0.01 ms with the pulse cut to the paper's 2.8 ms
    finest_short: Run  # the same 2.8 ms pulse at 0.001 ms: closer to the exact model
    largest_dt: float  # the largest step of the sweep at which spike latency holds
    rk4_ratio: float

    @property
    def pulse_ms(self) -> tuple[float, float, float]:
        """How long the pulse lasts on the grid: paper step, 0.01 ms, and the short pulse [ms]."""
        runs = (*self.latency, self.short_pulse)
        return tuple(float(np.count_nonzero(r.i_ext) * r.dt_ms) for r in runs)  # type: ignore[return-value]

    @property
    def euler_dts(self) -> tuple[float, float]:
        """The two steps of the Euler question [ms]."""
        return EULER_DTS

    @property
    def sweep_dts(self) -> tuple[float, ...]:
        """The accuracy sweep's steps [ms], the choices of the largest-step question."""
        return accuracy.SWEEP_DTS

    @property
    def pulse_window_ms(self) -> tuple[float, float]:
        """Spike latency's nominal pulse, ``start < t < end`` [ms]."""
        preset = builtin().get("spike-latency")
        (window,) = preset.stimulus.windows
        return window_edges(window, float(self.latency[0].t_ms[-1]))

    @property
    def coarse_pulse_ms(self) -> float:
        """How long the pulse lasts on the grid of :attr:`latency_coarse` [ms]."""
        run = self.latency_coarse
        return float(np.count_nonzero(run.i_ext) * run.dt_ms)

    @property
    def answers(self) -> tuple[Answer, ...]:
        """The page's answers, in question order."""
        euler = self.euler[1]
        return (
            Answer("numerics-euler-error", euler, EULER_TOLERANCE * euler, "ms"),
            Answer("numerics-latency-time", float(self.latency[1].spike_times_ms[0]), 0.1, "ms"),
            Answer("numerics-latency-pulse", self.coarse_pulse_ms, 1e-6, "ms"),
            Answer("numerics-latency-largest-dt", self.largest_dt, 1e-9, "ms"),
            Answer("numerics-rk4-ratio", self.rk4_ratio, 2.5, "×"),
        )


FINEST_DT_MS = 0.001  # the step at which the short pulse is checked against the exact model


def short_pulse(fine_dt: float = 0.01) -> Preset:
    """Spike latency with its pulse as long at ``fine_dt`` as it is at the paper's step.

    The strict window t_end/10 < t < t_end/10 + 3 covers 3 - dt ms of grid points, so a finer
    step also lengthens the pulse; this one ends earlier by the paper's dt - ``fine_dt``,
    which separates the charge of the pulse from the error of the step.
    """
    preset = builtin().get("spike-latency")
    (window,) = preset.stimulus.windows
    end = parse(f"t_end/10 + {3 - preset.dt_ms + fine_dt:g}")
    stimulus = dataclasses.replace(preset.stimulus, windows=(dataclasses.replace(window, end=end),))
    return dataclasses.replace(preset, stimulus=stimulus)


def numerics() -> Numerics:
    """The numbers of the numerics exercises."""
    latency = builtin().get("spike-latency")
    cells = accuracy.sweep((latency,))
    coarse = min(dt for dt in accuracy.SWEEP_DTS if dt > latency.dt_ms)
    return Numerics(
        euler=euler_errors(),
        latency=(_run("spike-latency"), _run("spike-latency", dt_ms=0.01)),
        latency_coarse=_run("spike-latency", dt_ms=coarse),
        short_pulse=simulate(short_pulse(), dt_ms=0.01)[0],
        finest_short=simulate(short_pulse(FINEST_DT_MS), dt_ms=FINEST_DT_MS)[0],
        largest_dt=max(c.dt_ms for c in cells if c.holds),
        rk4_ratio=rk4_ratio(),
    )


@dataclass(frozen=True, slots=True)
class Network:
    """The work of one step of the 2003 network, and its rate without inhibition."""

    n_cells: int
    rate: float  # mean over all cells, with inhibition [Hz]
    columns: float  # columns of S added per 1-ms step
    columns_tolerance: float
    additions: float  # synaptic additions per step
    dense: int  # multiplications of one matrix-vector product
    cheaper: float  # how many times fewer operations than the product
    with_inhibition: float  # excitatory rate [Hz]
    without_inhibition: float  # excitatory rate with the inhibitory cells taken away [Hz]
    without_tolerance: float
    gain: float  # without / with

    @property
    def answers(self) -> tuple[Answer, ...]:
        """The page's answers, in question order."""
        return (
            Answer("network-columns", self.columns, self.columns_tolerance, "columns"),
            Answer("network-without-inhibition", self.without_inhibition,
                   self.without_tolerance, "Hz"),
        )  # fmt: skip


def network_runs() -> tuple[NetworkResult, NetworkResult]:
    """Seed 0 of the published network, and of its excitatory cells alone."""
    published = simulate_network(build_network(800, 200, NETWORK_SEED), NETWORK_MS, NETWORK_SEED)
    alone = simulate_network(build_network(800, 0, NETWORK_SEED), NETWORK_MS, NETWORK_SEED)
    return published, alone


def network(published: NetworkResult, alone: NetworkResult) -> Network:
    """The numbers of the network exercises, from seed 0 with and without inhibition."""
    n_cells = published.n_exc + published.n_inh
    columns = published.spike_t_ms.size / published.duration_ms
    with_inh = population_rates_hz(published).excitatory
    without_inh = population_rates_hz(alone).excitatory
    return Network(
        n_cells=n_cells,
        rate=published.spike_t_ms.size / (n_cells * published.duration_ms / 1000.0),
        columns=columns,
        # the checker accepts about 5 % (20 % for the prediction), to one significant digit
        columns_tolerance=float(f"{0.05 * columns:.1g}"),
        additions=columns * n_cells,
        dense=n_cells * n_cells,
        cheaper=n_cells / columns,
        with_inhibition=with_inh,
        without_inhibition=without_inh,
        without_tolerance=float(f"{0.2 * without_inh:.1g}"),
        gain=without_inh / with_inh,
    )
