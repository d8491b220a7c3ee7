"""The trace figure of a preset: v(t) per run, u(t) and the input I(t) as a strip below.

Stage: render (imports ``style`` and the model stage). Every run's curves carry a ``gid``
(``v-<i>``, ``u-<i>``, ``i-<i>``; ``runaway-<i>`` on a numerical runaway) for the tests.
"""

from __future__ import annotations

from collections.abc import Sequence

from matplotlib.figure import Figure

from gallery.model.catalogue import Preset
from gallery.model.simulate import Run
from gallery.render.style import Theme, new_figure, units


def _axes(th: Theme, n: int) -> tuple[Figure, list]:
    """A figure with ``n`` voltage panels, then u and I, placed in inches (no layout solver)."""
    width, height = 7.2, 2.3 + 1.25 * n
    fig = new_figure(th, (width, height), constrained=False)
    grid = fig.add_gridspec(
        n + 2, 1, height_ratios=[2.6] * n + [1.5, 0.9], hspace=0.18,
        left=0.8 / width, right=1 - 0.12 / width, top=1 - 0.32 / height, bottom=0.5 / height,
    )  # fmt: skip
    axes = [fig.add_subplot(grid[0, 0])]
    axes += [fig.add_subplot(grid[i, 0], sharex=axes[0]) for i in range(1, n + 2)]
    return fig, axes


def _voltage(ax, run: Run, index: int, colour: str, many: bool, th: Theme) -> None:
    """One run's v(t), its label when there are several, and a mark where it went wrong."""
    ax.plot(run.t_ms, run.v, color=colour, lw=0.9, gid=f"v-{index}")
    ax.set_ylabel("v (mV)")
    if many:
        ax.text(
            1.0, 0.95, run.label, transform=ax.transAxes, ha="right", va="top",
            fontsize=8, color=colour, zorder=5,
            bbox={"facecolor": th.background, "edgecolor": "none", "alpha": 0.85, "pad": 1.5},
        )  # fmt: skip
    if run.diverged_at_ms is not None:
        ax.axvline(run.diverged_at_ms, color=th.accent, lw=0.8, ls=":")
        ax.text(
            run.diverged_at_ms, 0.5, " diverged", transform=ax.get_xaxis_transform(),
            color=th.accent, fontsize=7.5,
        )  # fmt: skip
    elif run.runaway is not None:
        # a stamp over the trace on purpose: the curve is not the model's behaviour
        ax.text(
            0.5, 0.5, "numerical runaway: fires at almost every step",
            transform=ax.transAxes, ha="center", va="center", color=th.accent, fontsize=9,
            gid=f"runaway-{index}", zorder=6,
            bbox={"facecolor": th.background, "edgecolor": th.accent, "alpha": 0.9, "pad": 4},
        )  # fmt: skip


def _recovery_and_input(ax_u, ax_i, runs: Sequence[Run], model, th: Theme) -> None:
    """u(t) of every run, and the input I(t) in the strip below it."""
    u_unit, i_unit = units(model)
    many = len(runs) > 1
    for index, run in enumerate(runs):
        colour = th.runs[index % len(th.runs)] if many else th.u
        ax_u.plot(run.t_ms, run.u, color=colour, lw=0.9, gid=f"u-{index}")
        colour = th.runs[index % len(th.runs)] if many else th.i_ext
        ax_i.plot(run.t_ms, run.i_ext, color=colour, lw=1.0, gid=f"i-{index}")
    ax_u.set_ylabel(f"u ({u_unit})")
    ax_i.set_ylabel(f"I ({i_unit})")
    ax_i.set_xlabel("time (ms)")
    ax_i.margins(y=0.25)


def trace_figure(preset: Preset, runs: Sequence[Run], th: Theme) -> Figure:
    """v(t) per run with spikes to the cut-off, u(t), and I(t) as a strip below (the paper's)."""
    n = len(runs)
    fig, axes = _axes(th, n)
    many = n > 1
    for index, run in enumerate(runs):
        colour = th.runs[index % len(th.runs)] if many else th.v
        _voltage(axes[index], run, index, colour, many, th)
    _recovery_and_input(axes[n], axes[n + 1], runs, preset.model, th)
    for ax in axes[:-1]:
        ax.tick_params(labelbottom=False)
    for ax in axes:
        ax.yaxis.set_label_coords(-0.085, 0.5)
    source = preset.source.figure + (f", {preset.source.panel}" if preset.source.panel else "")
    axes[0].set_title(
        f"{preset.label}   ·   {source}   ·   {runs[0].scheme}, dt = {runs[0].dt_ms:g} ms"
    )
    return fig
