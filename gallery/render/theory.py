"""Figures of the explanation pages, each computed from the model at build time.

Stage: render (imports ``style``, ``phase``, ``fi``, the analysis stage's ``phase_plane`` and the
model stage). The prose beside each figure quotes the same model, so the two never drift apart.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from matplotlib.figure import Figure

from gallery.analysis import phase_plane
from gallery.model.catalogue import Model, builtin
from gallery.model.simulate import simulate
from gallery.render.fi import fi_axes
from gallery.render.lesson_figures import LESSON_FIGURES
from gallery.render.phase import phase_axes
from gallery.render.style import Theme, draw, mix, new_figure, theme, to_bytes, units

# the 2004 form with the tonic-spiking a and b: the rest state is lost at I = 4
TEACHING_MODEL = Model(form="2004", a=0.02, b=0.2, c=-65.0, d=6.0, v_peak=30.0)
TEACHING_CURRENTS = (0.0, 2.0, 4.0, 6.0)


def nullclines_figure(th: Theme) -> Figure:
    """The v-nullcline rising with I until it leaves the u-nullcline: fixed points merge."""
    model = TEACHING_MODEL
    fig = new_figure(th, (6.2, 4.4))
    ax = fig.add_subplot()
    v = np.linspace(-80.0, -30.0, 400)
    ax.plot(v, phase_plane.nullcline_u(model, v), color=th.u, lw=1.6, label="u-nullcline  u = bv")
    shades = np.linspace(0.35, 1.0, len(TEACHING_CURRENTS))
    for i_ext, shade in zip(TEACHING_CURRENTS, shades, strict=True):
        colour = mix(th.background, th.v, shade)
        ax.plot(v, phase_plane.nullcline_v(model, v, i_ext), color=colour, lw=1.4,
                label=f"v-nullcline, I = {i_ext:g}", gid=f"v-nullcline-{i_ext:g}")  # fmt: skip
        for fp in phase_plane.fixed_points(model, i_ext):
            filled = fp.stable
            ax.plot(fp.v, fp.u, "o", ms=6.5, mec=th.foreground, mew=1.2,
                    mfc=th.foreground if filled else th.background, zorder=5,
                    gid="fixed-point-stable" if filled else "fixed-point-other")  # fmt: skip
    ax.set_xlim(-80, -30)
    ax.set_ylim(-17, -5)
    ax.set_xlabel("v (mV)")
    ax.set_ylabel("u (mV/ms)")
    ax.set_title("Raising I lifts the v-nullcline (a = 0.02, b = 0.2)")
    ax.legend(loc="upper left")
    ax.annotate(
        "rest and saddle merge\nat I = 4, v = −60",
        xy=(-60, -12),
        xytext=(-52, -15.5),
        color=th.muted,
        fontsize=8,
        arrowprops={"arrowstyle": "->", "color": th.muted},
    )
    return fig


def saddle_node_figure(th: Theme) -> Figure:
    """Fixed-point voltage against the current: two branches that meet at the fold."""
    model = TEACHING_MODEL
    loss = phase_plane.rest_loss(model)
    a2, a1, a0 = phase_plane.quadratic(model)
    fold_current = (a1 - model.b) ** 2 / (4 * a2) - a0  # the fold of the quadratic
    fig = new_figure(th, (6.2, 4.0))
    ax = fig.add_subplot()
    currents = np.linspace(-10.0, fold_current, 600)
    points = [phase_plane.fixed_points(model, i) for i in currents]
    for branch, style in ((0, "-"), (1, "--")):
        v = [fps[branch].v if len(fps) > branch else np.nan for fps in points]
        if branch == 0:
            stable = np.array([len(fps) > 0 and fps[0].stable for fps in points])
            v = np.array(v)
            ax.plot(currents[stable], v[stable], color=th.v, lw=1.8, label="rest (stable)")
            ax.plot(currents[~stable], v[~stable], color=th.v, lw=1.4, ls=":",
                    label="rest after the Hopf point (unstable focus)")  # fmt: skip
        else:
            ax.plot(currents, v, color=th.u, lw=1.4, ls=style, label="saddle (unstable)")
    ax.plot(fold_current, (model.b - a1) / (2 * a2), "o", color=th.foreground, ms=5)
    ax.annotate(f"saddle-node: I = {fold_current:g}", xy=(fold_current, -60), xytext=(-3, -52),
                color=th.foreground, fontsize=8, arrowprops={"arrowstyle": "->",
                                                              "color": th.muted})  # fmt: skip
    if loss.kind == "Andronov-Hopf":
        ax.plot(loss.current, loss.v, "o", mfc=th.background, mec=th.foreground, ms=5)
        ax.annotate(f"rest loses stability: I = {loss.current:.2f}", xy=(loss.current, loss.v),
                    xytext=(-9, -66), color=th.foreground, fontsize=8,
                    arrowprops={"arrowstyle": "->", "color": th.muted})  # fmt: skip
    ax.set_xlabel("constant current I (mV/ms)")
    ax.set_ylabel("fixed-point voltage v* (mV)")
    ax.set_title("Fixed points as the current rises (a = 0.02, b = 0.2)")
    ax.legend(loc="lower left")
    return fig


def reset_landing_figure(th: Theme) -> Figure:
    """Tonic spiking and tonic bursting side by side: where the reset lands decides."""
    fig = new_figure(th, (10.0, 4.6))
    axes = fig.subplots(1, 2)
    for ax, slug in zip(axes, ("tonic-spiking", "tonic-bursting"), strict=True):
        preset = builtin().get(slug)
        run = simulate(preset)[0]
        phase_axes(ax, preset.model, run, th, legend=ax is axes[1])
        m = preset.model
        ax.set_title(f"{preset.label}: c = {m.c:g}, d = {m.d:g}")
    return fig


def model_forms_figure(th: Theme) -> Figure:
    """The regular-spiking cell in both forms: same structure, different units."""
    fig = new_figure(th, (9.0, 4.0))
    grid = fig.add_gridspec(2, 2, height_ratios=(2.2, 1.0))
    for column, (slug, run_index) in enumerate((("rs-2003", 0), ("rs-2007", 1))):
        preset = builtin().get(slug)
        run = simulate(preset)[run_index]
        top = fig.add_subplot(grid[0, column])
        bottom = fig.add_subplot(grid[1, column], sharex=top)
        top.plot(run.t_ms, run.v, color=th.v, lw=0.9)
        bottom.plot(run.t_ms, run.u, color=th.u, lw=0.9)
        unit, _ = units(preset.model)
        top.set_ylabel("v (mV)")
        bottom.set_ylabel(f"u ({unit})")
        bottom.set_xlabel("time (ms)")
        top.tick_params(labelbottom=False)
        top.set_title(f"{preset.model.form.label}: {slug}, step I = {run.amplitude:g} {unit}")
    return fig


def fi_curves_figure(th: Theme) -> Figure:
    """f–I curves of the two excitability classes."""
    fig = new_figure(th, (9.0, 3.6))
    axes = fig.subplots(1, 2)
    for ax, slug, colour in zip(
        axes, ("class-1-excitable", "class-2-excitable"), (th.v, th.u), strict=True
    ):
        preset = builtin().get(slug)
        fi_axes(ax, preset, th, colour)
        ax.set_title(preset.label)
    return fig


THEORY: dict[str, Callable[[Theme], Figure]] = {
    "nullclines": nullclines_figure,
    "saddle-node": saddle_node_figure,
    "reset-landing": reset_landing_figure,
    "fi-curves": fi_curves_figure,
    "model-forms": model_forms_figure,
    **LESSON_FIGURES,
}


def render_theory(name: str, *, theme_name: str = "light", fmt: str = "svg") -> bytes:
    """One explanation-page figure as bytes."""
    if name not in THEORY:
        raise ValueError(f"unknown theory figure {name!r} (known: {', '.join(THEORY)})")
    return to_bytes(draw(theme(theme_name), THEORY[name]), fmt)
