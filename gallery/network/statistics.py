"""What a network run does, in numbers: mean rates, the population rate, its spectrum and peaks.

Stage: network (imports only numpy, the network's ``simulate`` for :class:`NetworkResult` and
``build`` for the fan-in).
Units: time [ms], rates [Hz], power [Hz²·s].
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from gallery.network.build import NET_M_FAN_IN
from gallery.network.simulate import NetworkResult

# The EEG bands the rhythms of the 2003 network are described in [Hz] (conventional edges).
ALPHA_BAND_HZ = (8.0, 13.0)
GAMMA_BAND_HZ = (30.0, 80.0)


@dataclass(frozen=True)
class PopulationRates:
    """Mean firing rate of each population [Hz]."""

    excitatory: float
    inhibitory: float


def population_rates_hz(result: NetworkResult) -> PopulationRates:
    """Mean rate of the excitatory and of the inhibitory cells [Hz] (0 for an empty population)."""
    seconds = result.duration_ms / 1000.0
    n_exc_spikes = int(np.count_nonzero(result.spike_index < result.n_exc))
    n_inh_spikes = result.spike_index.size - n_exc_spikes
    return PopulationRates(
        excitatory=n_exc_spikes / (result.n_exc * seconds),
        inhibitory=n_inh_spikes / (result.n_inh * seconds) if result.n_inh else 0.0,
    )


def population_rate_hz(
    result: NetworkResult, bin_ms: int = 1
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Whole-network rate per time bin: ``(bin start [ms], rate [Hz])``."""
    n_bins = result.duration_ms // bin_ms
    counts = np.bincount((result.spike_t_ms - 1) // bin_ms, minlength=n_bins)[:n_bins]
    n = result.n_exc + result.n_inh
    return np.arange(n_bins, dtype=float) * bin_ms, counts / (n * bin_ms / 1000.0)


def rate_spectrum(
    result: NetworkResult, bin_ms: int = 1
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Power spectrum of the population rate: ``(frequency [Hz], power [Hz²·s])``.

    The periodogram ``|FFT(rate - mean)|² · bin / n_bins`` of :func:`population_rate_hz`; the
    mean is removed, so the DC bin is zero.
    """
    _, rate = population_rate_hz(result, bin_ms)
    bin_s = bin_ms / 1000.0
    power = np.abs(np.fft.rfft(rate - rate.mean())) ** 2 * bin_s / max(rate.size, 1)
    return np.fft.rfftfreq(rate.size, d=bin_s), power


def spectrum_peak_hz(
    result: NetworkResult, band_hz: tuple[float, float] = (2.0, 100.0), bin_ms: int = 1
) -> float:
    """Frequency [Hz] of the largest power of :func:`rate_spectrum` within ``band_hz``.

    Returns NaN when the band holds no frequency bin or the rate is flat.
    """
    freq, power = rate_spectrum(result, bin_ms)
    inside = (freq >= band_hz[0]) & (freq <= band_hz[1])
    if not inside.any() or not power[inside].any():
        return float("nan")
    return float(freq[inside][np.argmax(power[inside])])


def spectral_peaks(
    result: NetworkResult, band_hz: tuple[float, float] = (2.0, 100.0), bin_ms: int = 1
) -> list[tuple[float, float]]:
    """The local maxima of :func:`rate_spectrum` within ``band_hz``: ``(frequency [Hz], power)``.

    Strongest first; a bin is a local maximum when it exceeds both neighbours (the band's
    edge bins, having one neighbour inside, never count).
    """
    freq, power = rate_spectrum(result, bin_ms)
    inside = np.flatnonzero((freq >= band_hz[0]) & (freq <= band_hz[1]))
    found = [
        (float(freq[k]), float(power[k]))
        for k in inside[1:-1]
        if power[k] > power[k - 1] and power[k] > power[k + 1]
    ]
    return sorted(found, key=lambda peak: -peak[1])


def per_spike_spread_ratio(n_cells: int, k: int, weight: float = 0.5) -> float:
    """How much wider the input of one excitatory spike is with K targets than all-to-all.

    Dense: every cell gets ``weight``·U(0, 1). Sparse: a fraction K/N gets
    ``weight``·(1000/K)·U(0, 1) and the rest nothing; the mean is the same. Returns the
    ratio of the standard deviations over the receiving cells, in closed form.
    """
    p, scale = k / n_cells, weight * NET_M_FAN_IN / k
    dense_var = weight**2 / 12.0
    mean = p * scale / 2.0
    sparse_var = p * scale**2 / 3.0 - mean**2
    return float(np.sqrt(sparse_var / dense_var))
