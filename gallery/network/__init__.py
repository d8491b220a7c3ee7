"""Stage network: the 2003 network of Izhikevich (net.m), from one machine's kernels up.

Imports the model stage below it (never analysis, render, site or pipeline). ``kernels`` and
``noise`` are its numba; ``build`` draws the network, ``simulate`` runs it (``nest_engine`` runs
it in NEST, an optional extra), ``statistics`` measures its rhythm, and ``experiments`` holds the
runs the site shows.
"""

from gallery.network.build import (
    MAX_NEURONS,
    NET_M_FAN_IN,
    NOISE_EXC,
    NOISE_INH,
    Network,
    build_network,
    initial_state,
)
from gallery.network.simulate import (
    ENGINES,
    MAX_DURATION_MS,
    PARALLEL_FROM_N,
    NetworkResult,
    noise_generator_state,
    simulate_network,
)
from gallery.network.statistics import (
    ALPHA_BAND_HZ,
    GAMMA_BAND_HZ,
    PopulationRates,
    per_spike_spread_ratio,
    population_rate_hz,
    population_rates_hz,
    rate_spectrum,
    spectral_peaks,
    spectrum_peak_hz,
)

__all__ = [
    "ALPHA_BAND_HZ",
    "ENGINES",
    "GAMMA_BAND_HZ",
    "MAX_DURATION_MS",
    "MAX_NEURONS",
    "NET_M_FAN_IN",
    "NOISE_EXC",
    "NOISE_INH",
    "PARALLEL_FROM_N",
    "Network",
    "NetworkResult",
    "PopulationRates",
    "per_spike_spread_ratio",
    "build_network",
    "initial_state",
    "noise_generator_state",
    "population_rate_hz",
    "population_rates_hz",
    "rate_spectrum",
    "simulate_network",
    "spectral_peaks",
    "spectrum_peak_hz",
]
