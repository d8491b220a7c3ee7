"""The network runs the site shows: net.m for a handful of seeds, and seed 0 without inhibition.

Stage: network (imports the network's ``build`` and ``simulate``). Made once per build and
handed to every page that quotes them (the network page, the exercises), so the same runs are
never simulated twice.
"""

from __future__ import annotations

from dataclasses import dataclass

from gallery.network.build import build_network
from gallery.network.simulate import NetworkResult, simulate_network

SEEDS = (0, 1, 2, 3, 4)
DURATION_MS = 1000
N_EXC, N_INH = 800, 200  # net.m's populations


@dataclass(frozen=True)
class NetworkRuns:
    """The published network for each seed, and seed 0's excitatory cells alone.

    Attributes
    ----------
    seeds : dict of int to NetworkResult
        ``N_EXC`` + ``N_INH`` cells for ``DURATION_MS``, the network and its noise drawn from
        the same seed, in ``SEEDS`` order.
    without_inhibition : NetworkResult
        Seed 0 with no inhibitory cells (``python -m gallery network --n-inh 0``).
    """

    seeds: dict[int, NetworkResult]
    without_inhibition: NetworkResult


def page_runs() -> NetworkRuns:
    """The runs of the network page: seeds 0-4 of net.m for 1 s, and seed 0 without inhibition."""
    seeds = {
        seed: simulate_network(build_network(N_EXC, N_INH, seed=seed), DURATION_MS, seed)
        for seed in SEEDS
    }
    alone = simulate_network(build_network(N_EXC, 0, seed=0), DURATION_MS, 0)
    return NetworkRuns(seeds, alone)
