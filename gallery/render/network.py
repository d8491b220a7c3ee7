"""Figures of the 2003 network: raster, population rate and its spectrum.

Stage: render (imports the network stage and the house style of ``style``). matplotlib's object API
only: a :class:`~matplotlib.figure.Figure`, never pyplot. Units: time [ms], rate [Hz].
Excitatory spikes are drawn in blue (#0072B2) and inhibitory ones in vermilion (#D55E00), an
Okabe–Ito pair that colour-blind readers tell apart; the dark theme uses the lighter partners
of the same hues (#56B4E9, #E69F00) so that they keep their contrast on the dark background.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from gallery.network.simulate import NetworkResult
from gallery.network.statistics import (
    ALPHA_BAND_HZ,
    GAMMA_BAND_HZ,
    population_rate_hz,
    population_rates_hz,
    rate_spectrum,
    spectrum_peak_hz,
)
from gallery.render import style
from gallery.render.style import Theme, new_figure, to_bytes

SPECTRUM_MAX_HZ = 100.0


def raster_axes(ax, result: NetworkResult, th: Theme) -> None:
    """Spike raster: one dot per spike, excitatory below, inhibitory above."""
    exc = result.spike_index < result.n_exc
    for mask, colour, label in ((exc, th.v, "excitatory"), (~exc, th.u, "inhibitory")):
        ax.plot(result.spike_t_ms[mask], result.spike_index[mask], ls="", marker="o", ms=0.8,
                mew=0, color=colour, label=label, rasterized=True)  # fmt: skip
    ax.set_xlim(0, result.duration_ms)
    ax.set_ylim(-0.5, result.n_exc + result.n_inh - 0.5)
    ax.set_ylabel("neuron")
    ax.legend(loc="upper right", markerscale=6, frameon=False, ncols=2)


def rate_axes(ax, result: NetworkResult, th: Theme) -> None:
    """Population rate of the whole network in 1 ms bins [Hz]."""
    t_ms, rate = population_rate_hz(result)
    ax.plot(t_ms, rate, color=th.foreground, lw=0.7)
    ax.set_xlim(0, result.duration_ms)
    ax.set_xlabel("time (ms)")
    ax.set_ylabel("rate (Hz)")


def spectrum_axes(ax, result: NetworkResult, th: Theme) -> None:
    """Power spectrum of the population rate up to 100 Hz; alpha and gamma shaded, peak marked."""
    freq, power = rate_spectrum(result)
    shown = (freq > 0) & (freq <= SPECTRUM_MAX_HZ)
    for (low, high), name in ((ALPHA_BAND_HZ, "alpha"), (GAMMA_BAND_HZ, "gamma")):
        ax.axvspan(low, high, color=th.faint, alpha=0.5, lw=0, zorder=0, gid=f"band-{name}")
        ax.text((low + high) / 2, 0.97, name, transform=ax.get_xaxis_transform(), ha="center",
                va="top", color=th.muted, fontsize=7.5)  # fmt: skip
    ax.plot(freq[shown], power[shown], color=th.foreground, lw=0.8)
    peak = spectrum_peak_hz(result)
    if np.isfinite(peak):
        ax.axvline(peak, color=th.accent, lw=1.0, ls="--")
        ax.annotate(f"{peak:g} Hz", (peak, 1.0), xycoords=("data", "axes fraction"),
                    xytext=(4, -26), textcoords="offset points", color=th.accent)  # fmt: skip
    ax.set_xlim(0, SPECTRUM_MAX_HZ)
    ax.set_xlabel("frequency (Hz)")
    ax.set_ylabel("power (Hz² s)")


def _build(result: NetworkResult, th: Theme) -> Figure:
    fig = new_figure(th, (7.2, 6.0))
    grid = fig.add_gridspec(3, 1, height_ratios=(3.0, 1.0, 1.2))
    raster = fig.add_subplot(grid[0])
    rate = fig.add_subplot(grid[1], sharex=raster)
    raster_axes(raster, result, th)
    rate_axes(rate, result, th)
    spectrum_axes(fig.add_subplot(grid[2]), result, th)
    rates = population_rates_hz(result)
    raster.set_title(
        f"{result.n_exc} + {result.n_inh} neurons: {rates.excitatory:.1f} Hz excitatory, "
        f"{rates.inhibitory:.1f} Hz inhibitory"
    )
    raster.tick_params(labelbottom=False)
    return fig


def raster_figure(result: NetworkResult, theme: str = "light") -> Figure:
    """Raster, population rate and rate spectrum of one run, in the ``light`` or ``dark`` theme."""
    return style.draw(style.theme(theme), _build, result)


def render(result: NetworkResult, theme: str = "light", fmt: str = "svg") -> bytes:
    """:func:`raster_figure` as SVG or PNG bytes, byte-identical for identical runs."""
    return to_bytes(raster_figure(result, theme), fmt)
