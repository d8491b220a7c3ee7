"""The numerical-accuracy page: update rules, convergence, the dt sweep of the 2004 figure.

Stage: assemble (imports ``catalogue``, ``simulate``, ``behaviour``, ``spikes``, ``figures``).
Everything on the page is computed here at build time: spike-time errors against the
``reference`` scheme, fitted orders, the behaviour verdict of each 2004 panel at each step of
``reference/protocols.md`` §7.2, and the traces that show why a verdict flips. Pure: returns
bytes, writes nothing. Times [ms], v [mV].
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from numpy.typing import NDArray

from gallery.analysis.behaviour import classify
from gallery.model.catalogue import SCHEMES, Preset, builtin
from gallery.model.simulate import Run, simulate
from gallery.render.figures import Theme, draw, new_figure, theme, to_bytes

SWEEP_DTS = (0.5, 0.25, 0.2, 0.1, 0.05, 0.01, 0.001)
"""The steps of protocols.md §7.2 [ms]."""

CONVERGENCE_SLUGS = ("tonic-spiking", "tonic-bursting", "rs-2007")
"""Presets that start at rest, so moving the step onset with dt only shifts them in time."""

CONVERGENCE_DTS = (0.5, 0.25, 0.125, 0.0625, 0.03125, 0.015625)
"""Powers of two [ms]: exact in binary, and every protocol time stays on the grid."""

TRUTH_DT = 2.0**-10
"""Step of the ``reference`` run that the errors are measured against [ms]."""

FIRST_SPIKES = 3
"""The error of a run is the largest error among its first spike times."""

FIT_POINTS = 4
"""The order is fitted over this many of the smallest steps (the asymptotic range)."""

WHY = (
    ("bistability", (0.25, 0.01), None),
    ("depolarizing-after-potential", (0.1, 0.01), (0.0, 50.0)),
    ("inhibition-induced-bursting", (0.5, 0.01), None),
    ("spike-latency", (0.25, 0.2, 0.01), (0.0, 40.0)),
)
"""Panels whose verdict flips with dt: (slug, steps overlaid, time window or None)."""

COMPARE = ("tonic-spiking", "class-2-excitable", "rebound-burst", "rs-2007")
"""Presets of the comparison tabs: published rule against RK4, paper's step against 0.01."""

FINE_DT = 0.01

DT_SENSITIVE = frozenset({"bistability", "depolarizing-after-potential",
                          "inhibition-induced-bursting"})  # fmt: skip
"""Panels whose defining behaviour fails at some step of the sweep finer than the paper's.

A constant, so the preset pages can link here without running the sweep; a test checks it
against :func:`sweep`.
"""

DT_DEPENDENT = DT_SENSITIVE | frozenset({"spike-latency", "resonator", "rebound-spike",
                                         "rebound-burst"})  # fmt: skip
"""Panels whose defining behaviour fails at any step of the sweep (coarser ones included)."""


@dataclass(frozen=True, slots=True)
class SweepCell:
    """One panel at one step: does its defining behaviour hold, and how many spikes."""

    slug: str
    dt_ms: float
    holds: bool
    n_spikes: int
    reason: str


@dataclass(frozen=True, slots=True)
class Convergence:
    """Spike-time error of one scheme on one preset at each step, and the fitted order."""

    slug: str
    scheme: str
    dts: tuple[float, ...]
    errors: tuple[float, ...]  # NaN where the run has fewer than FIRST_SPIKES spikes
    order: float


def panels() -> tuple[Preset, ...]:
    """The 20 presets of the 2004 figure, in the paper's order."""
    return tuple(p for p in builtin().presets if p.family == "2004 figure")


def sweep(presets: Sequence[Preset] | None = None) -> tuple[SweepCell, ...]:
    """Every panel at every step of :data:`SWEEP_DTS`, with its scheme and protocol."""
    cells = []
    for preset in panels() if presets is None else presets:
        for dt in SWEEP_DTS:
            runs = simulate(preset, dt_ms=dt)
            verdict = classify(preset.slug, runs)
            cells.append(SweepCell(preset.slug, dt, verdict.holds, runs[0].n_spikes,
                                   verdict.reason))  # fmt: skip
    return tuple(cells)


def sensitive(cells: Sequence[SweepCell]) -> frozenset[str]:
    """Slugs whose behaviour fails at some step finer than the paper's."""
    paper = {p.slug: p.dt_ms for p in builtin().presets}
    return frozenset(c.slug for c in cells if not c.holds and c.dt_ms < paper[c.slug])


def onset_ms(run: Run) -> float:
    """The first grid time at which the input differs from its starting value (0 if never)."""
    moved = np.flatnonzero(run.i_ext != run.i_ext[0])
    return float(run.t_ms[moved[0]]) if moved.size else 0.0


def first_spikes(preset: Preset, scheme: str, dt: float) -> NDArray[np.float64]:
    """The first spike times after the effective onset, largest amplitude [ms].

    The published rule ``t > T1`` switches a step on at the first grid time after ``T1``,
    which moves with dt for every scheme; counting from that onset leaves the integrator's
    error alone (the presets of :data:`CONVERGENCE_SLUGS` sit at rest before it).
    """
    run = simulate(preset, scheme=scheme, dt_ms=dt, amplitudes=preset.amplitudes[-1:])[0]
    return run.spike_times_ms[:FIRST_SPIKES] - onset_ms(run)


def fit_order(dts: Sequence[float], errors: Sequence[float]) -> float:
    """Slope of log(error) against log(dt) over the :data:`FIT_POINTS` smallest finite steps."""
    pairs = sorted((d, e) for d, e in zip(dts, errors, strict=True) if math.isfinite(e) and e > 0)
    pairs = pairs[:FIT_POINTS]
    if len(pairs) < 2:
        return math.nan
    x, y = np.log([p[0] for p in pairs]), np.log([p[1] for p in pairs])
    return float(np.polyfit(x, y, 1)[0])


def convergence(slug: str) -> tuple[Convergence, ...]:
    """Every scheme on one preset, against the ``reference`` scheme at :data:`TRUTH_DT`."""
    preset = builtin().get(slug)
    truth = first_spikes(preset, "reference", TRUTH_DT)
    out = []
    for scheme in SCHEMES:
        errors = []
        for dt in CONVERGENCE_DTS:
            times = first_spikes(preset, scheme, dt)
            ok = times.size == truth.size == FIRST_SPIKES
            errors.append(float(np.max(np.abs(times - truth))) if ok else math.nan)
        out.append(Convergence(slug, scheme, CONVERGENCE_DTS, tuple(errors),
                               fit_order(CONVERGENCE_DTS, errors)))  # fmt: skip
    return tuple(out)


def envelope(
    t: NDArray[np.float64], v: NDArray[np.float64], bins: int = 900
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Min and max of ``v`` per time bin, in time order: a plot of it keeps every spike.

    For drawing only; the runs themselves are never resampled.
    """
    if t.size <= 2 * bins:
        return t, v
    edges = np.linspace(0, t.size, bins + 1).astype(int)
    keep = []
    for lo, hi in zip(edges[:-1], edges[1:], strict=True):
        chunk = v[lo:hi]
        if not np.isfinite(chunk).any():
            continue
        keep.extend(sorted({lo + int(np.nanargmin(chunk)), lo + int(np.nanargmax(chunk))}))
    index = np.array(keep)
    return t[index], v[index]


# --- figures -----------------------------------------------------------------------------

MARKERS = ("o", "s", "^", "D", "v")


def convergence_figure(results: Sequence[Convergence], th: Theme) -> Figure:
    """Log–log spike-time error against dt, one panel per preset, one line per scheme."""
    slugs = list(dict.fromkeys(r.slug for r in results))
    fig = new_figure(th, (10.0, 3.7))
    axes = fig.subplots(1, len(slugs), sharey=True)
    for ax, slug in zip(np.atleast_1d(axes), slugs, strict=True):
        rows = [r for r in results if r.slug == slug]
        for index, r in enumerate(rows):
            ax.loglog(r.dts, r.errors, marker=MARKERS[index], ms=4, lw=1.2,
                      color=th.runs[index], label=r.scheme, gid=f"error-{r.scheme}")  # fmt: skip
        dts = np.array(CONVERGENCE_DTS)
        for power, r in ((1, rows[SCHEMES.index("euler")]), (4, rows[-1])):
            anchor = r.errors[-1]
            if math.isfinite(anchor):
                ax.loglog(dts, anchor * (dts / dts[-1]) ** power, color=th.faint, lw=0.9,
                          ls="--", zorder=0)  # fmt: skip
                ax.text(dts[0], anchor * (dts[0] / dts[-1]) ** power, f" ∝ dt{_sup(power)}",
                        color=th.muted, fontsize=7.5, va="center")  # fmt: skip
        ax.set_title(builtin().get(slug).label)
        ax.set_xlabel("dt (ms)")
        ax.set_xlim(dts[-1] / 1.4, dts[0] * 2.6)
    np.atleast_1d(axes)[0].set_ylabel(f"max error of the first {FIRST_SPIKES} spike times (ms)")
    handles, labels = np.atleast_1d(axes)[0].get_legend_handles_labels()
    fig.legend(handles, labels, ncols=len(SCHEMES), loc="outside lower center")
    return fig


def _spikes(n: int) -> str:
    return f"{n} spike" if n == 1 else f"{n} spikes"


def _sup(power: int) -> str:
    return "" if power == 1 else "⁴" if power == 4 else f"^{power}"


def _mix(background: str, colour: str, amount: float) -> tuple[float, float, float]:
    from matplotlib.colors import to_rgb

    b, c = np.array(to_rgb(background)), np.array(to_rgb(colour))
    return tuple(float(x) for x in b + amount * (c - b))


def sweep_figure(cells: Sequence[SweepCell], th: Theme) -> Figure:
    """The §7.2 table as a grid: rows panels, columns steps; paper's step outlined."""
    slugs = list(dict.fromkeys(c.slug for c in cells))
    catalogue = builtin()
    fig = new_figure(th, (7.4, 0.3 * len(slugs) + 1.3))
    ax = fig.add_subplot()
    good, bad = _mix(th.background, th.v, 0.28), _mix(th.background, th.u, 0.55)
    for c in cells:
        row, col = slugs.index(c.slug), SWEEP_DTS.index(c.dt_ms)
        ax.add_patch(Rectangle((col, row), 1, 1, facecolor=good if c.holds else bad,
                               edgecolor=th.background, lw=1.5))  # fmt: skip
        mark = "" if c.holds else "✗ "
        ax.text(
            col + 0.5,
            row + 0.5,
            f"{mark}{c.n_spikes}",
            ha="center",
            va="center",
            fontsize=7.5,
            color=th.foreground,
            fontweight="normal" if c.holds else "bold",
        )
    for row, slug in enumerate(slugs):
        paper = catalogue.get(slug).dt_ms
        if paper in SWEEP_DTS:
            ax.add_patch(Rectangle((SWEEP_DTS.index(paper), row), 1, 1, fill=False,
                                   edgecolor=th.foreground, lw=1.8, gid="paper-dt"))  # fmt: skip
    ax.set_xlim(0, len(SWEEP_DTS))
    ax.set_ylim(len(slugs), 0)
    ax.set_xticks(np.arange(len(SWEEP_DTS)) + 0.5, [f"{d:g}" for d in SWEEP_DTS])
    labels = [f"{catalogue.get(s).source.panel}  {catalogue.get(s).label}" for s in slugs]
    ax.set_yticks(np.arange(len(slugs)) + 0.5, labels)
    ax.xaxis.tick_top()
    ax.xaxis.set_label_position("top")
    ax.set_xlabel("dt (ms)")
    ax.tick_params(length=0)
    for side in ax.spines.values():
        side.set_visible(False)
    ax.set_title(
        "Spike counts; ✗ = the defining behaviour fails; outlined = the paper's dt",
        loc="left",
        fontsize=8.5,
        fontweight="normal",
        color=th.muted,
        pad=22,
    )
    return fig


def _shade_stimulus(ax, run: Run, th: Theme) -> None:
    """Shade where the input differs from its starting value (pulses, lowered drive)."""
    moved = run.i_ext != run.i_ext[0]
    edges = np.flatnonzero(np.diff(moved.astype(np.int8)))
    starts = list(edges[~moved[edges]] + 1) if moved.any() else []
    for start in starts:
        stop = next((e for e in edges if e >= start), run.t_ms.size - 1)
        ax.axvspan(run.t_ms[start], run.t_ms[stop], color=th.faint, alpha=0.5, lw=0, zorder=0)


def why_figure(th: Theme) -> Figure:
    """Overlaid v(t) of the panels whose verdict flips with dt, at the paper's and other steps."""
    catalogue = builtin()
    fig = new_figure(th, (9.0, 2.0 * len(WHY) + 0.3))
    axes = fig.subplots(len(WHY), 1)
    for ax, (slug, dts, window) in zip(axes, WHY, strict=True):
        preset = catalogue.get(slug)
        for index, dt in enumerate(dts):
            run = simulate(preset, dt_ms=dt)[0]
            if index == 0:
                _shade_stimulus(ax, run, th)
            t, v = envelope(run.t_ms, run.v)
            paper = " (paper)" if dt == preset.dt_ms else ""
            ax.plot(t, v, color=th.runs[index], lw=1.4 if index == 0 else 0.9,
                    label=f"dt = {dt:g}{paper}: {_spikes(run.n_spikes)}",
                    gid=f"v-{slug}-{dt:g}", zorder=3 + index)  # fmt: skip
        ax.set_xlim(*(window or (0.0, float(preset.t_max_ms))))
        ax.set_ylim(-90, 62)
        ax.set_ylabel("v (mV)")
        ax.set_title(f"({preset.source.panel}) {preset.label}")
        ax.legend(loc="upper right", ncols=len(dts))
    axes[-1].set_xlabel("time (ms); shaded: the input departs from its starting value")
    return fig


def compare_figure(slug: str, th: Theme) -> Figure:
    """Two overlays: the published rule against RK4 at the paper's dt; paper's dt against 0.01."""
    preset = builtin().get(slug)
    amp = preset.amplitudes[-1:]
    fig = new_figure(th, (8.0, 4.2))
    axes = fig.subplots(2, 1, sharex=True)
    pairs = (
        ((preset.scheme, preset.dt_ms), ("reference", preset.dt_ms)),
        ((preset.scheme, preset.dt_ms), (preset.scheme, FINE_DT)),
    )
    for ax, pair in zip(axes, pairs, strict=True):
        for index, (scheme, dt) in enumerate(pair):
            run = simulate(preset, scheme=scheme, dt_ms=dt, amplitudes=amp)[0]
            t, v = envelope(run.t_ms, run.v)
            ax.plot(t, v, color=th.runs[index], lw=1.4 if index == 0 else 0.9,
                    label=f"{scheme}, dt = {dt:g}: {_spikes(run.n_spikes)}",
                    zorder=3 + index)  # fmt: skip
        low, high = ax.get_ylim()
        ax.set_ylim(low, high + 0.3 * (high - low))
        ax.set_ylabel("v (mV)")
        ax.legend(loc="upper right", ncols=2)
    axes[0].set_title(f"{preset.label}: published rule vs RK4, then the paper's dt vs {FINE_DT:g}")
    axes[-1].set_xlabel("time (ms)")
    return fig


# --- the page ----------------------------------------------------------------------------

FIGURE_DIR = "figures/accuracy"
THEMES = ("light", "dark")


def figure_md(name: str, alt: str, caption: str, indent: str = "") -> str:
    """A light/dark figure pair with its caption, as Material's ``figure`` block."""
    lines = [
        '<figure markdown="span">',
        f"  ![{alt}]({FIGURE_DIR}/{name}-light.svg){{ .ig-light }}",
        f"  ![{alt}]({FIGURE_DIR}/{name}-dark.svg){{ .ig-dark }}",
        f"  <figcaption>{caption}</figcaption>",
        "</figure>",
    ]
    return "\n".join(indent + line for line in lines) + "\n"


def _link(slug: str) -> str:
    label = builtin().get(slug).label
    return f"[{label[0].lower() + label[1:]}](presets/{slug}.md)"


def _minus(text: str) -> str:
    """Typeset minus signs in a number (the hyphen is what Python prints)."""
    return text.replace("-", "−")


def _times(times: NDArray[np.float64], n: int = 5) -> str:
    shown = ", ".join(f"{t:.2f}" for t in times[:n])
    return (shown + (", …" if times.size > n else "")) or "none"


RULES = (
    ("scheme", r"\(v\) update", r"\(u\) update uses", "spike test", "spike time", "from"),
    ("`published-2004`", "one Euler step", r"the **new** \(v_{n+1}\)",
     r"after the step: \(v_{n+1} > v_\text{peak}\)", r"\(t_n\)", "2004 figure script"),
    ("`book-2007`", "one Euler step", r"the **old** \(v_n\)",
     r"after the step: \(v_{n+1} \ge v_\text{peak}\)", r"\(t_{n+1}\)", "2007 book script"),
    ("`network-2003`", "two Euler half steps", r"the new \(v_{n+1}\)",
     r"before the step: \(v_n \ge v_\text{peak}\)", r"\(t_n\)", "2003 network script"),
    ("`euler`", "one Euler step", r"the old \(v_n\)", "as `published-2004`", r"\(t_n\)",
     "textbook forward Euler"),
    ("`reference`", "classical RK4", "RK4", "inside the step, located by bisection",
     r"\(t_n + \theta\)", "this site, as a yardstick"),
)  # fmt: skip


def _rules_table() -> str:
    rows = ["| " + " | ".join(row) + " |" for row in RULES]
    rows.insert(1, "|---" * len(RULES[0]) + "|")
    return "\n".join(rows)


def _orders_table(results: Sequence[Convergence]) -> str:
    slugs = list(dict.fromkeys(r.slug for r in results))
    head = "| preset | " + " | ".join(f"`{s}`" for s in SCHEMES) + " |"
    rows = [head, "|---|" + "---:|" * len(SCHEMES)]
    for slug in slugs:
        orders = {r.scheme: r.order for r in results if r.slug == slug}
        rows.append(f"| {_link(slug)} | " + " | ".join(f"{orders[s]:.2f}" for s in SCHEMES) + " |")
    return "\n".join(rows) + "\n"


def _sweep_table(cells: Sequence[SweepCell]) -> str:
    catalogue = builtin()
    rows = ["| panel | paper dt | " + " | ".join(f"{d:g}" for d in SWEEP_DTS) + " |",
            "|---|---:|" + "---:|" * len(SWEEP_DTS)]  # fmt: skip
    for slug in dict.fromkeys(c.slug for c in cells):
        preset = catalogue.get(slug)
        out = []
        for c in (c for c in cells if c.slug == slug):
            text = f"yes ({c.n_spikes})" if c.holds else f"**no** ({c.n_spikes})"
            out.append(f"*{text}*" if c.dt_ms == preset.dt_ms else text)
        rows.append(f"| {preset.source.panel} {_link(slug)} | {preset.dt_ms:g} | "
                    + " | ".join(out) + " |")  # fmt: skip
    return "\n".join(rows) + "\n"


def _failures(cells: Sequence[SweepCell]) -> str:
    catalogue = builtin()
    lines = []
    for slug in dict.fromkeys(c.slug for c in cells):
        failed = [c for c in cells if c.slug == slug and not c.holds]
        if not failed:
            continue
        preset = catalogue.get(slug)
        coarse = [f"{c.dt_ms:g}" for c in failed if c.dt_ms > preset.dt_ms]
        fine = [f"{c.dt_ms:g}" for c in failed if c.dt_ms < preset.dt_ms]
        where = "; ".join(
            part for part in (f"coarser: {', '.join(coarse)}" if coarse else "",
                              f"finer: {', '.join(fine)}" if fine else "") if part
        )  # fmt: skip
        lines.append(f"| {preset.source.panel} {_link(slug)} | {preset.dt_ms:g} | {where} | "
                     f"{failed[-1].reason} (dt = {failed[-1].dt_ms:g}) |")  # fmt: skip
    head = (
        "| panel | paper dt | fails at dt | unmet part of the statement (finest failing dt) |\n"
        "|---|---:|---|---|\n"
    )
    return head + "\n".join(lines) + "\n"


def _latex_number(x: float) -> str:
    """``x`` as inline math in scientific notation, as in -7.12 times 10 to the 5."""
    exponent = math.floor(math.log10(abs(x)))
    return f"\\({x / 10**exponent:.2f} \\times 10^{{{exponent}}}\\)"


def _coarse_only(cells: Sequence[SweepCell]) -> str:
    """'X needs dt <= 0.2 ms, ...' for the panels that fail only at coarser steps."""
    catalogue = builtin()
    needs = []
    for slug in dict.fromkeys(c.slug for c in cells):
        row = [c for c in cells if c.slug == slug]
        paper = catalogue.get(slug).dt_ms
        if any(not c.holds for c in row) and all(c.holds for c in row if c.dt_ms <= paper):
            largest = max(c.dt_ms for c in row if c.holds)
            needs.append(f"{_link(slug)} needs \\(\\Delta t \\le {largest:g}\\) ms")
    return "; ".join(needs)


def _why_facts() -> dict[str, str]:
    """Numbers quoted beside the why-figure, from the same runs."""
    catalogue = builtin()

    def run(slug: str, dt: float) -> Run:
        return simulate(catalogue.get(slug), dt_ms=dt)[0]

    p_paper, p_fine = run("bistability", 0.25), run("bistability", FINE_DT)
    q = {dt: run("depolarizing-after-potential", dt) for dt in (0.25, 0.1, FINE_DT)}

    def dap_peak(r: Run) -> float:
        return float(r.v[r.t_ms > r.spike_times_ms[0]].max())

    t_fine = run("inhibition-induced-bursting", FINE_DT)
    latency = {dt: run("spike-latency", dt) for dt in (0.25, 0.2, FINE_DT)}
    pulse = {dt: int(np.count_nonzero(r.i_ext)) for dt, r in latency.items()}
    pulse_end = float(latency[0.2].t_ms[-1]) / 10 + 3
    return {
        "p_paper": _times(p_paper.spike_times_ms, 6),
        "p_fine": _times(p_fine.spike_times_ms, 8),
        "p_drift": f"{p_paper.spike_times_ms[4] - p_fine.spike_times_ms[4]:.1f}",
        "q_peak_coarse": _minus(f"{dap_peak(q[0.25]):.1f}"),
        "q_peak_paper": _minus(f"{dap_peak(q[0.1]):.1f}"),
        "q_fine": _times(q[FINE_DT].spike_times_ms, 6),
        "t_count": f"{t_fine.n_spikes:,}",
        "t_u": _latex_number(float(np.nanmin(t_fine.u))),
        "i_points": ", ".join(
            f"{pulse[dt]} points ({pulse[dt] * dt:g} ms) at dt = {dt:g}"
            for dt in (0.25, 0.2, FINE_DT)
        ),  # fmt: skip
        "i_paper": f"{latency[0.2].spike_times_ms[0]:g}",
        "i_fine": f"{latency[FINE_DT].spike_times_ms[0]:.2f}",
        "i_lat_paper": f"{latency[0.2].spike_times_ms[0] - pulse_end:.1f}",
        "i_lat_fine": f"{latency[FINE_DT].spike_times_ms[0] - pulse_end:.1f}",
    }


def _compare_tab(slug: str) -> str:
    preset = builtin().get(slug)
    amp = preset.amplitudes[-1:]
    rows = ["| scheme | dt (ms) | spikes | first spike times (ms) |", "|---|---:|---:|---|"]
    for scheme in (preset.scheme, "reference"):
        for dt in (preset.dt_ms, FINE_DT):
            run = simulate(preset, scheme=scheme, dt_ms=dt, amplitudes=amp)[0]
            rows.append(f"| `{scheme}` | {dt:g} | {run.n_spikes} | "
                        f"{_times(run.spike_times_ms)} |")  # fmt: skip
    label = preset.stimulus.amplitude_label or "I"
    caption = (f"{preset.label}, {label} = {_minus(f'{amp[0]:g}')}. Top: its published rule "
               f"<code>{preset.scheme}</code> against the RK4 <code>reference</code>, both at "
               f"the paper's dt = {preset.dt_ms:g} ms. Bottom: the published rule at the paper's "
               f"dt and at {FINE_DT:g} ms.")  # fmt: skip
    body = figure_md(f"compare-{slug}", f"{preset.label}: two schemes and two time steps",
                     caption, "    ")  # fmt: skip
    table = "\n".join("    " + row for row in rows)
    link = (
        f"    Try other values in the widget of the {_link(slug)} page (scheme and dt controls).\n"
    )
    return f'=== "{preset.label}"\n\n{body}\n{table}\n\n{link}'


def page(cells: Sequence[SweepCell], results: Sequence[Convergence]) -> str:
    """The Markdown of ``accuracy.md``."""
    facts = _why_facts()
    by = {(r.slug, r.scheme): r for r in results}
    ts_ref = by[("tonic-spiking", "reference")].errors[CONVERGENCE_DTS.index(0.25)]
    ts_pub = by[("tonic-spiking", "published-2004")].errors[CONVERGENCE_DTS.index(0.25)]
    fine = sorted(sensitive(cells), key=[p.slug for p in panels()].index)
    parts = [
        PAGE_HEAD,
        _fill(SCHEMES_MD, rules=_rules_table()),
        _fill(
            CONVERGENCE_MD,
            n=FIRST_SPIKES,
            truth=f"2^{{-{round(-math.log2(TRUTH_DT))}}}",
            dts=", ".join(f"{d:g}" for d in CONVERGENCE_DTS),
            fit=FIT_POINTS,
            ts_ref=f"{ts_ref:.4f}",
            ts_pub=f"{ts_pub:.1f}",
            figure=figure_md(
                "convergence",
                "Spike-time error against dt on log-log axes",
                _fill(CONVERGENCE_CAPTION, n=FIRST_SPIKES),
            ),
            table=_orders_table(results),
        ),  # fmt: skip
        _fill(
            SWEEP_MD,
            dts=", ".join(f"{d:g}" for d in SWEEP_DTS),
            figure=figure_md(
                "sweep", "Grid of the 20 panels against seven time steps", SWEEP_CAPTION
            ),
            table=_sweep_table(cells).replace("\n", "\n    "),
            failures=_failures(cells),
            sensitive=", ".join(_link(s) for s in fine),
            coarse=_coarse_only(cells),
        ),  # fmt: skip
        _fill(
            WHY_MD,
            figure=figure_md(
                "why", "Voltage traces of four panels at two or three time steps", WHY_CAPTION
            ),
            **facts,
        ),
        COMPARE_MD + "\n".join(_compare_tab(slug) for slug in COMPARE),
        PAGE_TAIL,
    ]
    return "\n".join(parts)


def _fill(text: str, **values: object) -> str:
    """Replace each ``<<name>>`` in ``text`` (LaTeX braces stay as they are)."""
    for name, value in values.items():
        text = text.replace(f"<<{name}>>", str(value))
    if "<<" in text:
        raise KeyError(f"unfilled placeholder in: {text[text.index('<<') :][:40]!r}")
    return text


def figures(cells: Sequence[SweepCell], results: Sequence[Convergence]) -> dict[str, object]:
    """Figure builders by name (each takes a theme)."""
    builders: dict[str, object] = {
        "convergence": lambda th: convergence_figure(results, th),
        "sweep": lambda th: sweep_figure(cells, th),
        "why": why_figure,
    }
    for slug in COMPARE:
        builders[f"compare-{slug}"] = lambda th, s=slug: compare_figure(s, th)
    return builders


def site_files() -> dict[str, bytes]:
    """``accuracy.md`` and its figures, keyed by their path relative to the docs folder."""
    cells = sweep()
    results = tuple(r for slug in CONVERGENCE_SLUGS for r in convergence(slug))
    out = {"accuracy.md": page(cells, results).encode("utf-8")}
    for name, builder in figures(cells, results).items():
        for theme_name in THEMES:
            out[f"{FIGURE_DIR}/{name}-{theme_name}.svg"] = to_bytes(
                draw(theme(theme_name), builder), "svg"
            )
    return out


# --- prose (placeholders <<name>> are filled by page()) -------------------------------------

PAGE_HEAD = r"""---
title: Numerical accuracy
description: >-
  Five update rules for the Izhikevich model side by side, their convergence order measured
  on spike times, and which panels of the 2004 figure survive a change of time step.
---

# Numerical accuracy: model or time step?

Every trace on this site is a sequence of discrete steps of size \(\Delta t\). A firing pattern
is a property of the **model** only if it survives a smaller step; otherwise it is a property
of the **integration**. This page measures both, with the same code that draws the gallery:
the update rules, how fast each converges, and which panels of the 2004 figure keep their
defining behaviour when \(\Delta t\) changes.

Throughout, \(\dot v = f(v, u, I)\) and \(\dot u = g(v, u)\) are the model's two equations
(see [the model](theory/model.md)); for the 2003/2004 form

$$
f(v, u, I) = 0.04\,v^2 + 5\,v + 140 - u + I, \qquad g(v, u) = a\,(b\,v - u).
$$

\(v_n, u_n\) is the state before the step taken at grid time \(t_n = n\,\Delta t\), and
\(I_n = I(t_n)\) is held constant during that step.
"""

SCHEMES_MD = r"""
## Five update rules

<<rules>>

=== "published-2004"

    $$
    \begin{aligned}
    v_{n+1} &= v_n + \Delta t\, f(v_n, u_n, I_n) \\
    u_{n+1} &= u_n + \Delta t\, g(v_{n+1}, u_n) \\
    \text{if } v_{n+1} > v_\text{peak}: &\quad v_{n+1} \leftarrow c, \quad
    u_{n+1} \leftarrow u_{n+1} + d
    \end{aligned}
    $$

    Semi-implicit: \(u\) is advanced with the voltage just computed, so at a spike \(u\) has
    already seen the supra-threshold \(v\) before \(d\) is added. The trace stores
    \(v_\text{peak}\) (not the overshoot) at \(t_n\), and the state after the step at \(t_n\) is
    what is plotted at \(t_n\).

=== "book-2007"

    $$
    \begin{aligned}
    v_{n+1} &= v_n + \Delta t\, f(v_n, u_n, I_n) \\
    u_{n+1} &= u_n + \Delta t\, g(v_n, u_n) \\
    \text{if } v_{n+1} \ge v_\text{peak}: &\quad v_n \leftarrow v_\text{peak}, \quad
    v_{n+1} \leftarrow c, \quad u_{n+1} \leftarrow u_{n+1} + d
    \end{aligned}
    $$

    Plain forward Euler. The sample before the crossing is overwritten with the peak, the
    spike is the sample that crossed. For the cells whose \(b\) or \(u\)-nullcline switches
    with \(v\), the branch is chosen with \(v_{n+1}\) but evaluated at \(v_n\), as in the script.

=== "network-2003"

    $$
    \begin{aligned}
    \text{if } v_n \ge v_\text{peak}: &\quad v_n \leftarrow c, \quad u_n \leftarrow u_n + d \\
    v_{n+\frac12} &= v_n + \tfrac{\Delta t}{2}\, f(v_n, u_n, I_n) \\
    v_{n+1} &= v_{n+\frac12} + \tfrac{\Delta t}{2}\, f(v_{n+\frac12}, u_n, I_n) \\
    u_{n+1} &= u_n + \Delta t\, g(v_{n+1}, u_n)
    \end{aligned}
    $$

    The spike test comes first, on the value the previous step left, and nothing is clipped:
    \(v\) may overshoot \(v_\text{peak}\) by a lot. The two half steps were added in the script
    "for numerical stability" at its 1-ms step.

=== "euler"

    $$
    \begin{aligned}
    v_{n+1} &= v_n + \Delta t\, f(v_n, u_n, I_n) \\
    u_{n+1} &= u_n + \Delta t\, g(v_n, u_n) \\
    \text{if } v_{n+1} > v_\text{peak}: &\quad v_{n+1} \leftarrow c, \quad
    u_{n+1} \leftarrow u_{n+1} + d
    \end{aligned}
    $$

    Both derivatives from the old state; spike test, storage and spike time as in
    `published-2004`, so the two differ only in the \(u\) update.

=== "reference"

    With \(x = (v, u)\) and \(F(x) = (f(v, u, I_n),\, g(v, u))\):

    $$
    \begin{aligned}
    k_1 &= F(x_n), \quad k_2 = F\!\left(x_n + \tfrac{\Delta t}{2} k_1\right), \quad
    k_3 = F\!\left(x_n + \tfrac{\Delta t}{2} k_2\right), \quad k_4 = F(x_n + \Delta t\, k_3) \\
    x_{n+1} &= x_n + \tfrac{\Delta t}{6}\,(k_1 + 2 k_2 + 2 k_3 + k_4)
    \end{aligned}
    $$

    If \(v_{n+1} \ge v_\text{peak}\), bisection finds the crossing \(\theta \in (0, \Delta t]\)
    of an RK4 step of length \(\theta\); the spike is at \(t_n + \theta\), the state is reset
    there and the rest of the step, \(\Delta t - \theta\), is integrated from the reset state.
    The error of RK4 falls as \(\Delta t^4\), and locating the crossing keeps spike times
    off the grid, so this scheme converges to the model itself.

All five use the same **protocol**: the published rules compare times strictly, so a step
`I = 14 if t > T1` is first applied at \(T_1 + \Delta t\), and a pulse
\(T_1 < t < T_1 + w\) lasts \(w - \Delta t\) when \(T_1\) is on the grid. The protocol itself
therefore changes with \(\Delta t\), whatever the scheme.
"""

CONVERGENCE_CAPTION = (
    "Largest error of the first <<n>> spike times against the reference scheme at a very "
    "small step, for each scheme. Dashed guides: slopes 1 and 4."
)

CONVERGENCE_MD = r"""
## Convergence: how fast the spike times settle

If the error behaves as \(e(\Delta t) \approx C\,\Delta t^{p}\), then

$$
\log e = \log C + p \log \Delta t ,
$$

a straight line of slope \(p\), the **order**, on log–log axes. The error here is the largest
difference among the first <<n>> spike times from the `reference` scheme at
\(\Delta t = <<truth>>\) ms, for \(\Delta t\) = <<dts>> ms. Times are counted from the
moment the stimulus actually switches on (the step onset moves with \(\Delta t\), see above);
the three presets sit at rest before it, so this removes the protocol's share and leaves the
integrator's.

<<figure>>

Fitted order (least squares over the <<fit>> smallest steps):

<<table>>

* The four fixed-step rules are **first order**: halving \(\Delta t\) halves the error. Their
  spike times are also rounded to the grid, an error of up to one step on its own, which
  makes their lines a little ragged.
* `reference` is **fourth order**. At the paper's \(\Delta t = 0.25\) ms its tonic-spiking
  error is <<ts_ref>> ms, against <<ts_pub>> ms for `published-2004`.
* First order means slow: to gain one digit, take ten times as many steps. An error of a
  few milliseconds is harmless for tonic spiking, and decisive for the panels below.
"""

SWEEP_CAPTION = (
    "Each of the 20 panels of the 2004 figure, run with its published rule and protocol at "
    "every step, classified by the statement that defines it. The number is the spike count; "
    "✗ marks a step where the defining behaviour is lost; the outlined cell is the paper's step."
)

SWEEP_MD = r"""
## Which panels survive another time step?

Each panel has a defining statement (for example "exactly one spike, after the pulse" for
spike latency). The gallery checks it with the same classifier at every step
\(\Delta t\) = <<dts>> ms, keeping the published rule and protocol.

<<figure>>

??? note "The same results as a table"

    *Italics*: the paper's step. The number in brackets is the spike count.

    <<table>>

Where a panel fails, and why (the classifier's words):

<<failures>>

!!! warning "Panels that rely on the integration error"
    <<sensitive>> lose their behaviour at a step **finer** than the paper's: the pattern in
    the paper belongs to the published step, not to the equations with the published
    parameters. Other panels fail only when the step is coarser than the paper's: <<coarse>>.
"""

WHY_CAPTION = (
    "v(t) at the paper's step (first colour) and at other steps, same parameters and "
    "protocol. Shaded: where the input departs from its starting value (pulses, or the "
    "lowered drive of panel T)."
)

WHY_MD = r"""
## What goes wrong, trace by trace

<<figure>>

* **Bistability (P).** The second pulse switches firing off only if it reaches the cell at
  the right phase of its spike cycle. At \(\Delta t = 0.25\) the spikes are at <<p_paper>> ms;
  at 0.01 they come at <<p_fine>> ms. The first-order error grows with every interval (the
  fifth spike is <<p_drift>> ms earlier at 0.01), so the pulse at 216 ms meets the cycle at a
  different phase, and firing goes on.
* **Depolarizing after-potential (Q).** After the spike and the reset to \(c = -60\) mV the
  voltage rises again. The size of that rise depends on \(\Delta t\): it peaks at
  <<q_peak_paper>> mV at the paper's 0.1 ms and only <<q_peak_coarse>> mV at 0.25 ms (too small
  to count as a DAP), while at 0.01 ms it reaches the threshold and the cell fires again:
  spikes at <<q_fine>> ms.
* **Inhibition-induced bursting (T).** With the published \(d = -2\), each spike *lowers*
  \(u\), which makes the next spike come sooner. At 0.5 ms the bursts end; at every smaller
  step of the sweep the firing runs away instead: <<t_count>> spikes at 0.01 ms, with \(u\)
  down to <<t_u>> by the end. (A PyNN port of the figure changed \(d\) to −0.7.)
* **Spike latency (I).** The 3-ms pulse is one step shorter than nominal and lasts
  <<i_points>>. At 0.25 ms the shorter pulse and the coarser step leave the cell below
  threshold. At the paper's 0.2 ms the spike comes at <<i_paper>> ms, <<i_lat_paper>> ms
  after the pulse; at 0.01 ms at <<i_fine>> ms, only <<i_lat_fine>> ms after it. The long
  latency in the figure is partly numerical.
"""

COMPARE_MD = r"""
## Compare: two schemes, two steps

Try it: pick a preset and two settings, and the browser re-runs the model under both (the same
numerics as the Python build) and overlays the voltage traces.

<!-- compare-widget -->

Each tab below overlays the published rule with the RK4 `reference` at the paper's step, and the
paper's step with \(\Delta t = 0.01\) ms. The table lists all four combinations for the
largest published amplitude.

"""

PAGE_TAIL = r"""
## What this means for the gallery

* Every preset page runs its panel with the **published rule at the published step**, which
  is why its spike times match the original scripts.
* The widget on each preset page has **dt** and **scheme** controls: set bistability to
  \(\Delta t = 0.2\) ms, or inhibition-induced bursting to `reference`, and watch the
  pattern change.
* A simulator that uses an adaptive or higher-order solver, or a different step, will not
  reproduce these panels with the published numbers. NEST's `izhikevich` model, for example,
  integrates with a standard scheme unless `consistent_integration` is set to false, which
  gives the published one.
* To practise, try the [numerics exercises](exercises/numerics.md).
"""
