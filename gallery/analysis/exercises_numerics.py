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
from gallery.network import NetworkResult, build_network, population_rates_hz, simulate_network

NETWORK_SEED = 0
NETWORK_MS = 1000
"""The run the network questions quote: seed 0 of net.m for one simulated second."""


def _run(slug: str, **kwargs) -> Run:
    return simulate(builtin().get(slug), **kwargs)[0]


def rk4_ratio() -> float:
    """Reference error on tonic spiking at dt = 0.0625 divided by that at 0.03125."""
    results = accuracy.convergence("tonic-spiking")
    return accuracy.error_at(results, "tonic-spiking", "reference", 0.0625) / accuracy.error_at(
        results, "tonic-spiking", "reference", 0.03125
    )


@dataclass(frozen=True, slots=True)
class Numerics:
    """Runs at other steps than the paper's, the sweep of spike latency, the RK4 ratio.

    Each pair is (at the paper's step, at the other step).
    """

    phasic: tuple[Run, Run]  # phasic spiking at 0.25 and 0.1 ms
    latency: tuple[Run, Run]  # spike latency at 0.2 and 0.01 ms
    short_pulse: Run  # spike latency at 0.01 ms with the pulse cut to the paper's 2.8 ms
    finest_short: Run  # the same 2.8 ms pulse at 0.001 ms: closer to the exact model
    rebound: tuple[Run, Run]  # rebound burst at 0.2 and 0.01 ms
    largest_dt: float  # the largest step of the sweep at which spike latency holds
    rk4_ratio: float

    @property
    def pulse_ms(self) -> tuple[float, float, float]:
        """How long the pulse lasts on the grid: paper step, 0.01 ms, and the short pulse [ms]."""
        runs = (*self.latency, self.short_pulse)
        return tuple(float(np.count_nonzero(r.i_ext) * r.dt_ms) for r in runs)  # type: ignore[return-value]

    @property
    def answers(self) -> tuple[Answer, ...]:
        """The page's answers, in question order."""
        return (
            Answer("numerics-phasic-dt", float(self.phasic[1].n_spikes), 0.0, "spikes"),
            Answer("numerics-latency-time", float(self.latency[1].spike_times_ms[0]), 0.1, "ms"),
            Answer("numerics-rebound-count", float(self.rebound[1].n_spikes), 0.0, "spikes"),
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
    cells = accuracy.sweep((builtin().get("spike-latency"),))
    return Numerics(
        phasic=(_run("phasic-spiking"), _run("phasic-spiking", dt_ms=0.1)),
        latency=(_run("spike-latency"), _run("spike-latency", dt_ms=0.01)),
        short_pulse=simulate(short_pulse(), dt_ms=0.01)[0],
        finest_short=simulate(short_pulse(FINEST_DT_MS), dt_ms=FINEST_DT_MS)[0],
        rebound=(_run("rebound-burst"), _run("rebound-burst", dt_ms=0.01)),
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
