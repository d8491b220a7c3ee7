"""Stage network: the 2003 network of Izhikevich (net.m), from one machine's kernels up.

Imports the model stage below it (never analysis, render, site or pipeline). ``kernels`` and
``noise`` are its numba; ``simulate`` builds the network, runs it and measures its rhythm.
"""

from gallery.network.simulate import (
    ALPHA_BAND_HZ,
    GAMMA_BAND_HZ,
    MAX_DURATION_MS,
    MAX_NEURONS,
    NET_M_FAN_IN,
    NOISE_EXC,
    NOISE_INH,
    Network,
    NetworkResult,
    PopulationRates,
    build_network,
    initial_state,
    noise_generator_state,
    population_rate_hz,
    population_rates_hz,
    rate_spectrum,
    simulate_network,
    spectral_peaks,
    spectrum_peak_hz,
)

__all__ = [
    "ALPHA_BAND_HZ",
    "GAMMA_BAND_HZ",
    "MAX_DURATION_MS",
    "MAX_NEURONS",
    "NET_M_FAN_IN",
    "NOISE_EXC",
    "NOISE_INH",
    "Network",
    "NetworkResult",
    "PopulationRates",
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
