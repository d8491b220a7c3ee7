"""Exercise pages: predict-then-check questions whose answers are computed at build time.

Stage: assemble (imports ``catalogue``, ``simulate``, ``phase_plane``, ``spikes``,
``accuracy``, ``network``). Every answer comes from the same code as the figures, so the pages
cannot drift from the model. The browser compares the reader's number with ``data-answer`` within
``data-tolerance`` (``site_src/js/exercises.js``). Pure: returns bytes, writes nothing.
Units: v [mV], t [ms], I and u [mV/ms] (the 2003/2004 form).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from gallery import network
from gallery.analysis import phase_plane
from gallery.analysis.spikes import bursts, isis, rheobase_simulated
from gallery.model.catalogue import Model, builtin
from gallery.model.simulate import Run, simulate, with_parameters
from gallery.site.sections import accuracy

C_SWEEP = tuple(float(c) for c in range(-65, -44))
"""Reset values tried in the reset exercise [mV], 1-mV steps from tonic spiking's c."""


@dataclass(frozen=True, slots=True)
class Question:
    """One question: Markdown prompt, the computed answer with its tolerance, help texts."""

    id: str
    prompt: str
    answer: float
    tolerance: float
    unit: str
    hint: str
    solution: str


@dataclass(frozen=True, slots=True)
class Theme:
    """One exercise page."""

    slug: str
    title: str
    intro: str
    questions: tuple[Question, ...]


def _n(x: float, digits: int = 6) -> str:
    """A number for prose, with a typographic minus."""
    return f"{x:.{digits}g}".replace("-", "−")


def _model(slug: str) -> Model:
    return builtin().get(slug).model


def _run(slug: str, **kwargs) -> Run:
    return simulate(builtin().get(slug), **kwargs)[0]


def _reset_u(run: Run) -> np.ndarray:
    """Recovery after each spike; the 2004 loop stores the reset u at the spike step."""
    return run.u[np.searchsorted(run.t_ms, run.spike_times_ms)]


def _nullcline_at(model: Model, v: float, i_ext: float) -> float:
    return float(phase_plane.nullcline_v(model, np.array([v]), i_ext)[0])


# --- nullclines and fixed points --------------------------------------------------------


def nullcline_questions() -> tuple[Question, ...]:
    """Fixed points, the saddle-node and the Hopf point, in closed form."""
    ts, c2 = _model("tonic-spiking"), _model("class-2-excitable")
    rest, saddle = phase_plane.fixed_points(ts, 0.0)
    a2, a1, a0 = phase_plane.quadratic(ts)
    fold = (a1 - ts.b) ** 2 / (4 * a2) - a0
    v_fold = (ts.b - a1) / (2 * a2)
    hopf = phase_plane.rest_loss(c2)
    ts_loss = phase_plane.rest_loss(ts)
    disc = (a1 - ts.b) ** 2 - 4 * a2 * a0
    equation = (
        rf"\(0.04\,v^2 + 5\,v + 140 + I = b\,v\), i.e. "
        rf"\(0.04\,v^2 + {_n(a1 - ts.b)}\,v + {_n(a0)} + I = 0\)"
    )
    return (
        Question(
            "nullclines-rest-v",
            rf"Tonic spiking has \(a = {_n(ts.a)}\), \(b = {_n(ts.b)}\). With no input "
            r"(\(I = 0\)), at which voltage does the **resting state** sit?",
            rest.v, 0.5, "mV",
            rf"Fixed points are where the two nullclines cross: {equation}.",
            rf"With \(I = 0\) the discriminant is \({_n(a1 - ts.b)}^2 - 4 \cdot 0.04 \cdot "
            rf"{_n(a0)} = {_n(disc)}\), so \(v = ({_n(ts.b - a1)} \pm {_n(math.sqrt(disc))})"
            rf"/ 0.08\): \(v = {_n(rest.v)}\) mV ({rest.kind}) and \(v = {_n(saddle.v)}\) mV "
            rf"({saddle.kind}). Rest is the lower one.",
        ),
        Question(
            "nullclines-saddle-v",
            r"Same cell, same \(I = 0\). The second fixed point acts as a threshold: a "
            r"trajectory pushed past it escapes into a spike. At which voltage is it?",
            saddle.v, 0.5, "mV",
            "It is the other root of the same quadratic.",
            rf"\(v = {_n(saddle.v)}\) mV. Its Jacobian has eigenvalues "
            rf"{_n(saddle.eigenvalues[0].real, 3)} and {_n(saddle.eigenvalues[1].real, 3)}: one "
            r"positive, one negative, a **saddle**. Its stable manifold separates the states "
            "that return to rest from those that fire.",
        ),
        Question(
            "nullclines-fold-current",
            r"Raise the constant current \(I\). At which \(I\) do rest and the saddle **merge** "
            "and disappear (the saddle-node bifurcation)?",
            fold, 0.05, "mV/ms",
            "Two roots merge when the discriminant of the quadratic is zero.",
            rf"\({_n(a1 - ts.b)}^2 = 4 \cdot 0.04 \cdot ({_n(a0)} + I)\) gives "
            rf"\(I = {_n(fold)}\), with both points at \(v = {_n(v_fold)}\) mV. (With this "
            rf"small \(a\) rest has already turned into an unstable focus, at "
            rf"\(I \approx {_n(ts_loss.current)}\): see the "
            "[phase-plane page](../theory/phase-plane.md).)",
        ),
        Question(
            "nullclines-hopf-class2",
            rf"Class 2 excitability has \(a = {_n(c2.a)}\), \(b = {_n(c2.b)}\). Its resting "
            r"state does not merge with the saddle: it loses stability first. At which "
            r"current \(I\)?",
            hopf.current, 0.02, "mV/ms",
            r"The Jacobian is \(\begin{pmatrix} 0.08v + 5 & -1 \\ ab & -a \end{pmatrix}\). "
            "Stability is lost when its trace crosses zero while the determinant is positive.",
            rf"Trace zero: \(0.08\,v + 5 - a = 0\), so \(v = {_n(hopf.v)}\) mV and "
            rf"\(u = bv = {_n(hopf.u)}\). The current that puts rest there is "
            rf"\(I = u - (0.04v^2 + 5v + 140) = {_n(hopf.current)}\). The determinant "
            rf"\(a\,(b - 0.08v - 5) = {_n(c2.a * (c2.b - 2 * a2 * hopf.v - a1), 3)}\) is "
            "positive, so this is an Andronov–Hopf bifurcation, as on the "
            "[excitability page](../theory/excitability.md).",
        ),
    )  # fmt: skip


# --- reset and adaptation ----------------------------------------------------------------


def burst_sizes(run: Run) -> list[int]:
    """Spikes per burst (intervals under 10 ms)."""
    return [int(g.size) for g in bursts(run.spike_times_ms)]


def bursting_c() -> tuple[float, dict[float, list[int]]]:
    """The lowest c of :data:`C_SWEEP` at which tonic spiking fires a second burst."""
    preset = builtin().get("tonic-spiking")
    sizes = {c: burst_sizes(simulate(with_parameters(preset, c=c))[0]) for c in C_SWEEP}
    first = next(c for c in C_SWEEP if any(s >= 2 for s in sizes[c][1:]))
    return first, sizes


def reset_questions() -> tuple[Question, ...]:
    """Where the reset lands: bursting from a higher c, adaptation from a large d."""
    c_burst, sizes = bursting_c()
    ts = _model("tonic-spiking")
    rows = "\n".join(
        f"| {_n(c)} | {_n(_nullcline_at(ts, c, 14.0), 3)} | {', '.join(map(str, sizes[c]))} |"
        for c in C_SWEEP if c in (-65, -60, -59, c_burst - 1, c_burst, -46)
    )  # fmt: skip
    sfa, sfa_run = _model("spike-frequency-adaptation"), _run("spike-frequency-adaptation")
    i_sfa = float(sfa_run.i_ext[-1])
    n_sfa = _nullcline_at(sfa, sfa.c, i_sfa)
    resets = _reset_u(sfa_run)
    above = int(np.argmax(resets > n_sfa)) + 1
    tb, tb_run = _model("tonic-bursting"), _run("tonic-bursting")
    tb_first = burst_sizes(tb_run)[0]
    tb_resets = _reset_u(tb_run)[:tb_first]
    n_tb = _nullcline_at(tb, tb.c, float(tb_run.i_ext[-1]))
    return (
        Question(
            "reset-c-bursting",
            r"Open [tonic spiking](../presets/tonic-spiking.md) (\(d = 6\), \(I = 14\), the "
            r"published step of 0.25 ms). Raise the reset \(c\) from −65 mV in 1-mV steps. "
            r"What is the **lowest** \(c\) at which the cell fires a **second burst**: a group "
            "of two or more spikes less than 10 ms apart, after the first group?",
            c_burst,
            0.5,
            "mV",
            r"Predict with the rule of the [reset page](../theory/reset.md): the higher the "
            r"reset, the higher the \(v\)-nullcline \(N_I(c) = 0.04c^2 + 5c + 140 + I\) above "
            r"it, and the more resets land **below** it. Then check with the \(c\) control of "
            "the widget.",
            rf"Simulated with the published rule, spikes grouped by intervals under 10 ms:"
            "\n\n| \\(c\\) (mV) | \\(N_{14}(c)\\) | spikes per burst |\n"
            f"|---:|---:|---|\n{rows}\n\n"
            rf"A second burst first appears at \(c = {_n(c_burst)}\) mV. Raising \(c\) "
            "lengthens the first burst before it adds a second one; the tonic bursting "
            r"preset uses \(c = -50\) together with a smaller \(d = 2\).",
        ),
        Question(
            "reset-adaptation-landing",
            rf"[Spike frequency adaptation](../presets/spike-frequency-adaptation.md) has "
            rf"\(c = {_n(sfa.c)}\), \(d = {_n(sfa.d)}\), \(I = {_n(i_sfa)}\). Each spike adds "
            r"\(d\) to \(u\). After **which spike** (1st, 2nd, …) does the reset first land "
            r"above the \(v\)-nullcline, so that a long interval follows?",
            float(above),
            0.0,
            "",
            r"Compare the reset \(u^+\) after each spike with "
            rf"\(N_I(c) = 0.04c^2 + 5c + 140 + I = {_n(n_sfa)}\).",
            rf"The resets are \(u^+ =\) {', '.join(_n(u, 3) for u in resets)}. The first above "
            rf"{_n(n_sfa)} is number {above}; the intervals are "
            rf"{', '.join(_n(x) for x in isis(sfa_run.spike_times_ms))} ms, so the long ones "
            f"start after spike {above}.",
        ),
        Question(
            "reset-first-burst",
            rf"[Tonic bursting](../presets/tonic-bursting.md) resets high (\(c = {_n(tb.c)}\)) "
            rf"with a small \(d = {_n(tb.d)}\). How many spikes are in its **first** burst?",
            float(tb_first),
            0.0,
            "spikes",
            r"Each spike raises \(u^+\) by about \(d\); the burst ends when \(u^+\) passes "
            rf"\(N_I(c) = {_n(n_tb)}\). Where does the first reset land?",
            rf"The resets climb: \(u^+ =\) {', '.join(_n(u, 3) for u in tb_resets)}. The burst "
            rf"has {tb_first} spikes; later bursts are shorter because \(u\) has less time to "
            "decay between them.",
        ),
    )


# --- excitability ------------------------------------------------------------------------


def rheobase_rs() -> float:
    """Smallest constant current with repetitive firing of rs-2003 (spikes.rheobase_simulated)."""
    return rheobase_simulated(builtin().get("rs-2003"), 0.0, 10.0, 0.001)


def excitability_questions() -> tuple[Question, ...]:
    """Rheobase, the class-1 delay under a ramp, the class-2 onset rate."""
    rs = _model("rs-2003")
    loss = phase_plane.rest_loss(rs)
    a2, a1, a0 = phase_plane.quadratic(rs)
    fold = (a1 - rs.b) ** 2 / (4 * a2) - a0
    rheobase = rheobase_rs()
    c1_run = _run("class-1-excitable")
    first = float(c1_run.spike_times_ms[0])
    i_first = float(c1_run.i_ext[np.searchsorted(c1_run.t_ms, first)])
    c1_loss = phase_plane.rest_loss(_model("class-1-excitable"))
    c2_run = _run("class-2-excitable")
    rate = 1000.0 / float(isis(c2_run.spike_times_ms)[0])
    c2_first = float(c2_run.spike_times_ms[0])
    return (
        Question(
            "excitability-rheobase-rs",
            r"Find the **rheobase** of [RS (2003)](../presets/rs-2003.md) to 0.1: the "
            r"smallest constant current \(I\) at which the cell, started from its published "
            "initial state, keeps firing.",
            rheobase, 0.1, "mV/ms",
            r"RS has the same \(a, b\) as tonic spiking. Where does the resting state lose "
            "stability? The [nullcline exercises](nullclines.md) have the tools.",
            rf"Closed form: rest becomes an unstable focus at \(I = {_n(loss.current)}\) "
            rf"(trace zero at \(v = {_n(loss.v)}\) mV), before the saddle-node at "
            rf"\(I = {_n(fold)}\). Simulation (published rule, 0.25 ms, 1-s runs, at least two "
            rf"spikes after the first 200 ms) finds the onset at \(I = {_n(rheobase)}\): "
            "started away from rest, the cell keeps firing slightly below the Hopf current.",
        ),
        Question(
            "excitability-class1-ramp",
            r"[Class 1 excitability](../presets/class-1-excitable.md) receives a slow ramp. "
            rf"Its resting state disappears at \(I = {_n(c1_loss.current)}\). What is the "
            r"ramp current \(I\) at the moment of the **first spike**?",
            i_first, 0.1, "mV/ms",
            "Read the time of the first spike on the preset page and convert it with the "
            r"ramp \(I = 0.075\,(t - 30)\).",
            rf"The first spike is at \(t = {_n(first)}\) ms, where \(I = {_n(i_first)}\), well "
            rf"above {_n(c1_loss.current)}: near the vanished saddle-node the flow is slow (its "
            r"'ghost'), so the state needs time to pass while the ramp keeps rising.",
        ),
        Question(
            "excitability-class2-rate",
            r"[Class 2 excitability](../presets/class-2-excitable.md) also gets a slow ramp. "
            "Predict: does it start firing at a low rate, as class 1 does? Give the rate of "
            "its first interval.",
            rate, 3.0, "Hz",
            r"Rate = 1000 / (first interval in ms).",
            rf"The first two spikes are at {_n(c2_first)} and "
            rf"{_n(float(c2_run.spike_times_ms[1]))} ms: \(1000 / "
            rf"{_n(float(isis(c2_run.spike_times_ms)[0]))} \approx {_n(rate, 3)}\) Hz at once. "
            "At a Hopf bifurcation firing starts at a finite rate, set by the frequency of "
            "the oscillation around rest.",
        ),
    )  # fmt: skip


# --- numerics ----------------------------------------------------------------------------


def rk4_ratio() -> float:
    """Reference error on tonic spiking at dt = 0.0625 divided by that at 0.03125."""
    result = next(r for r in accuracy.convergence("tonic-spiking") if r.scheme == "reference")
    dts = result.dts
    return result.errors[dts.index(0.0625)] / result.errors[dts.index(0.03125)]


def numerics_questions() -> tuple[Question, ...]:
    """Spike counts and times at other steps, the sweep, the RK4 error ratio."""
    phasic = _run("phasic-spiking", dt_ms=0.1)
    phasic_paper = _run("phasic-spiking")
    latency = _run("spike-latency", dt_ms=0.01)
    latency_paper = _run("spike-latency")
    rebound = _run("rebound-burst", dt_ms=0.01)
    rebound_paper = _run("rebound-burst")
    cells = accuracy.sweep((builtin().get("spike-latency"),))
    largest = max(c.dt_ms for c in cells if c.holds)
    ratio = rk4_ratio()
    return (
        Question(
            "numerics-phasic-dt",
            rf"[Phasic spiking](../presets/phasic-spiking.md) fires {phasic_paper.n_spikes} "
            r"spike at its published \(\Delta t = 0.25\) ms. How many spikes does it fire at "
            r"\(\Delta t = 0.1\) ms?",
            float(phasic.n_spikes), 0.0, "spikes",
            "Set dt in the widget of the preset page.",
            rf"{phasic.n_spikes}, at {_n(float(phasic.spike_times_ms[0]))} ms (against "
            rf"{_n(float(phasic_paper.spike_times_ms[0]))} at 0.25 ms): the time moves, the "
            "pattern holds. Phasic spiking is one of the robust "
            "panels of the [accuracy page](../accuracy.md).",
        ),
        Question(
            "numerics-latency-time",
            r"[Spike latency](../presets/spike-latency.md) fires at "
            rf"{_n(float(latency_paper.spike_times_ms[0]))} ms at its published "
            r"\(\Delta t = 0.2\) ms. When does it fire at \(\Delta t = 0.01\) ms?",
            float(latency.spike_times_ms[0]), 0.1, "ms",
            "Euler errors are first order: they shrink with the step. Is the published "
            "latency mostly model or mostly step?",
            rf"At {_n(float(latency.spike_times_ms[0]))} ms. Most of the long latency in the "
            "figure comes from the coarse step; the [accuracy page](../accuracy.md) shows the "
            "traces.",
        ),
        Question(
            "numerics-rebound-count",
            r"[Rebound burst](../presets/rebound-burst.md) fires "
            rf"{rebound_paper.n_spikes} spikes at \(\Delta t = 0.2\) ms. How many at "
            r"\(\Delta t = 0.01\) ms?",
            float(rebound.n_spikes), 0.0, "spikes",
            "A finer step makes the rebound come earlier and last longer.",
            rf"{rebound.n_spikes} spikes, from {_n(float(rebound.spike_times_ms[0]))} ms (first "
            rf"spike at {_n(float(rebound_paper.spike_times_ms[0]))} ms at 0.2 ms): still one "
            rf"burst, so the defining behaviour holds, but it grows from "
            rf"{rebound_paper.n_spikes} to {rebound.n_spikes} spikes.",
        ),
        Question(
            "numerics-latency-largest-dt",
            r"Among the steps 0.5, 0.25, 0.2, 0.1, 0.05, 0.01 and 0.001 ms, what is the "
            "**largest** at which spike latency still fires its single late spike?",
            largest, 1e-9, "ms",
            "The 3-ms pulse is one step shorter than nominal (the protocol compares times "
            "strictly).",
            rf"\(\Delta t = {_n(largest)}\) ms. At 0.25 ms the pulse lasts 2.75 ms instead of "
            "2.8 ms and the cell stays below threshold.",
        ),
        Question(
            "numerics-rk4-ratio",
            r"The `reference` scheme is fourth order. Its spike-time error on tonic spiking "
            r"at \(\Delta t = 0.0625\) ms is \(E\). By **what factor** is the error smaller at "
            r"\(\Delta t = 0.03125\) ms?",
            ratio, 2.5, "×",
            r"\(e \approx C\,\Delta t^p\): halving \(\Delta t\) divides \(e\) by \(2^p\).",
            rf"\(2^4 = 16\) in theory; the [accuracy page's](../accuracy.md) data give "
            rf"{_n(ratio, 3)}.",
        ),
    )  # fmt: skip


def network_questions() -> tuple[Question, ...]:
    """The 2003 network (seed 0): the work per step, and what inhibition does."""
    published = network.simulate_network(network.build_network(800, 200, 0), 1000, 0)
    alone = network.simulate_network(network.build_network(800, 0, 0), 1000, 0)
    n_cells = published.n_exc + published.n_inh
    rate = published.spike_t_ms.size / (n_cells * published.duration_ms / 1000.0)
    columns = published.spike_t_ms.size / published.duration_ms
    with_inh = network.population_rates_hz(published).excitatory
    without_inh = network.population_rates_hz(alone).excitatory
    return (
        Question(
            "network-columns",
            rf"In seed 0 of the [network](../network.md), the {n_cells} cells fire at "
            rf"{_n(rate, 3)} Hz on average. Each cell that fires adds its column of \(S\) to "
            r"the input. How many columns does one 1 ms step add, on average?",
            columns, float(f"{0.05 * columns:.1g}"), "columns",
            "Spikes per step = cells × rate × step length (in seconds).",
            rf"\({n_cells} \times {_n(rate, 3)}\,\text{{Hz}} \times 0.001\,\text{{s}} "
            rf"\approx {_n(columns, 3)}\) columns: {_n(columns * n_cells, 4)} additions per "
            rf"step instead of the {n_cells * n_cells:,} of multiplying \(S\) by the whole "
            rf"state. That is why the event-driven loop is about {n_cells / columns:.0f} "
            "times cheaper than the matrix product.",
        ),
        Question(
            "network-without-inhibition",
            r"Take the 200 inhibitory cells away (`--n-inh 0`, seed 0) and keep the 800 "
            rf"excitatory ones. With inhibition they fire at {_n(with_inh, 3)} Hz. Predict "
            "their mean rate without it.",
            without_inh, float(f"{0.2 * without_inh:.1g}"), "Hz",
            "Each volley of excitatory spikes pushes the other cells up; in the published "
            "network the inhibitory cells answer the volley and end it.",
            rf"{_n(without_inh, 3)} Hz, {without_inh / with_inh:.0f} times the published rate: "
            "with nothing to end a volley, it recruits the next one. Run "
            "`python -m gallery network --n-inh 0 --format text` to see it.",
        ),
    )  # fmt: skip


THEMES: tuple[tuple[str, str, str, Callable[[], tuple[Question, ...]]], ...] = (
    ("nullclines", "Nullclines and fixed points",
     "Work out rest, threshold and bifurcations from the two nullclines, by hand; the "
     "[phase-plane page](../theory/phase-plane.md) has the theory.", nullcline_questions),
    ("reset", "Reset and adaptation",
     "Predict firing patterns from where each reset lands; the "
     "[reset page](../theory/reset.md) has the theory.", reset_questions),
    ("excitability", "Excitability",
     "Rheobase and the onset of firing; the [excitability page](../theory/excitability.md) "
     "has the theory.", excitability_questions),
    ("numerics", "Numerics",
     "What changes with the time step; the [accuracy page](../accuracy.md) has the "
     "measurements.", numerics_questions),
    ("network", "The 2003 network",
     "What a step of the thousand-cell network costs, and what its inhibition does; the "
     "[network page](../network.md) has the recipe.", network_questions),
)  # fmt: skip


def themes() -> tuple[Theme, ...]:
    """Every exercise page with its computed questions."""
    return tuple(Theme(slug, title, intro, build()) for slug, title, intro, build in THEMES)


def answers() -> dict[str, float]:
    """Question id -> computed answer."""
    return {q.id: q.answer for theme in themes() for q in theme.questions}


# --- Markdown ----------------------------------------------------------------------------


def _attr(x: float) -> str:
    return repr(float(f"{x:.10g}"))


def ascii_minus_in_math(text: str) -> str:
    r"""Inside ``\( \)`` and ``$$ $$`` math, write the minus as the ASCII hyphen TeX expects."""
    return re.sub(r"\\\(.*?\\\)|\$\$.*?\$\$", lambda m: m.group(0).replace("−", "-"), text,
                  flags=re.DOTALL)  # fmt: skip


def question_md(number: int, q: Question) -> str:
    """One question: the checked block, then hint and worked solution, collapsed."""

    def indent(text: str) -> str:
        text = ascii_minus_in_math(text)
        return "\n".join(("    " + line) if line else "" for line in text.splitlines())

    unit = f' data-unit="{q.unit}"' if q.unit else ""
    prompt = ascii_minus_in_math(q.prompt)
    return (
        f"## Question {number}\n\n"
        f'<div class="ig-exercise" id="{q.id}" data-answer="{_attr(q.answer)}" '
        f'data-tolerance="{_attr(q.tolerance)}"{unit} markdown>\n\n{prompt}\n\n</div>\n\n'
        f'??? tip "Hint"\n{indent(q.hint)}\n\n'
        f'??? success "Worked solution"\n{indent(q.solution)}\n'
    )


def theme_md(theme: Theme) -> str:
    """One exercise page."""
    questions = "\n".join(question_md(i + 1, q) for i, q in enumerate(theme.questions))
    return (
        f'---\ntitle: "Exercises: {theme.title.lower()}"\n---\n\n'
        f"# Exercises: {theme.title.lower()}\n\n{theme.intro}\n\n{HOW_TO}\n\n{questions}\n"
        f"[All exercises](index.md)\n"
    )


HOW_TO = (
    "For each question, **predict** first, then type a number and press **Check**. The answers "
    "were computed from the model when this site was built. The hint and the worked solution "
    "stay folded until you open them."
)


def index_md(all_themes: tuple[Theme, ...]) -> str:
    """The exercises landing page."""
    rows = "\n".join(
        f"| [{t.title}]({t.slug}.md) | {len(t.questions)} | {t.intro} |" for t in all_themes
    )
    return (
        "---\ntitle: Exercises\n---\n\n# Exercises\n\n"
        "Short problems to practise with the model. Each asks for a number that the page can "
        "check; the answers come from the same simulations and closed-form analysis as the "
        "figures of this site, so they match what the preset pages show.\n\n"
        "| topic | questions | about |\n|---|---:|---|\n" + rows + "\n\n"
        "The checks run in your browser. Without JavaScript, open the worked solutions.\n"
    )


def site_files() -> dict[str, bytes]:
    """``exercises/index.md`` and one page per theme, keyed by docs-relative path."""
    all_themes = themes()
    out = {"exercises/index.md": index_md(all_themes).encode("utf-8")}
    for theme in all_themes:
        out[f"exercises/{theme.slug}.md"] = theme_md(theme).encode("utf-8")
    return out
