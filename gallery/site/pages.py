"""Generated pages: jinja2 templates (StrictUndefined) filled from the build's dataclasses.

Stage: site (imports the model, analysis and render stages, never matplotlib). The one
jinja2 environment of the site's pages, the preset and gallery pages, the home page, and
:class:`TemplatePage`, the form in which a section hands its pages to the build. Returns
Markdown strings; writes nothing.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from gallery.analysis import phase_plane
from gallery.analysis.behaviour import Verdict
from gallery.analysis.spikes import bursts, isis
from gallery.model.catalogue import Preset
from gallery.model.schemes import SCHEMES
from gallery.model.simulate import Run
from gallery.model.stimulus import protocol_latex
from gallery.site.controls import widget_controls
from gallery.site.paths import PresetFiles, relative

_MEANINGS = {
    "a": "recovery rate of u (1/ms)",
    "b": "sensitivity of u to v",
    "c": "reset value of v after a spike (mV)",
    "d": "jump of u after a spike",
    "v_peak": "spike cut-off (mV)",
    "k2": "coefficient of v² in dv/dt",
    "k1": "coefficient of v in dv/dt",
    "k0": "constant term of dv/dt",
    "C": "membrane capacitance (pF)",
    "k": "gain of the quadratic (nS/mV)",
    "vr": "resting potential (mV)",
    "vt": "instantaneous threshold potential (mV)",
    "u_decay": "decay of u in its own equation (1 = standard)",
    "u_v_offset": "voltage at which b·(v − offset) vanishes (mV)",
    "b_hyper": "b below the switch voltage",
    "b_switch_v": "switch voltage of b (mV)",
    "vb": "onset of the cubic u-nullcline (mV)",
    "c_u": "reset depends on u: v ← c + c_u·u",
    "v_peak_u": "cut-off depends on u: v_peak + v_peak_u·u",
    "u_max": "cap on u after a spike",
    "v0": "initial v (mV)",
    "u0": "initial u",
}
_SYMBOLS = {
    "v_peak": "$v_\\text{peak}$", "k2": "$k_2$", "k1": "$k_1$", "k0": "$k_0$", "vr": "$v_r$",
    "vt": "$v_t$", "u_decay": "$u$ decay", "u_v_offset": "$u$ offset", "b_hyper": "$b_-$",
    "b_switch_v": "$b$ switch", "vb": "$v_b$", "c_u": "$c_u$", "v_peak_u": "peak slope",
    "u_max": "$u_\\max$", "v0": "$v_0$", "u0": "$u_0$",
}  # fmt: skip
_DEFAULTS = {"k2": 0.04, "k1": 5.0, "k0": 140.0, "u_decay": 1.0, "u_v_offset": 0.0, "c_u": 0.0,
             "v_peak_u": 0.0, "u_max": math.inf}  # fmt: skip


def format_number(value: float | None, digits: int = 6) -> str:
    """A number for a table: ``g`` format, an en dash for missing values."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if isinstance(value, float) and math.isinf(value):
        return "∞" if value > 0 else "−∞"
    return f"{value:.{digits}g}".replace("-", "−")


def environment(templates: Path) -> jinja2.Environment:
    """The jinja2 environment: strict about missing values, no autoescape (Markdown output)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates)),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=False,
    )
    env.filters["num"] = format_number
    env.filters["ascii_minus_in_math"] = ascii_minus_in_math
    return env


def ascii_minus_in_math(text: str) -> str:
    r"""Inside ``\( \)`` and ``$$ $$`` math, write the minus as the ASCII hyphen TeX expects."""
    return re.sub(r"\\\(.*?\\\)|\$\$.*?\$\$", lambda m: m.group(0).replace("−", "-"), text,
                  flags=re.DOTALL)  # fmt: skip


@dataclass(frozen=True, slots=True)
class TemplatePage:
    """A page a section hands to the build: its template and the values the template quotes.

    The build renders it with the one environment of :func:`environment`, adding what only the
    whole build knows (``build``: e.g. every built preset's payload for the comparison widget).
    """

    template: str
    context: dict[str, Any]

    def render(self, env: jinja2.Environment, build: dict[str, Any]) -> str:
        """The page's Markdown."""
        return env.get_template(self.template).render(**self.context, build=build)


@dataclass(frozen=True, slots=True)
class RunStats:
    """Per-run numbers for the spike table."""

    amplitude: float
    n_spikes: int
    first: float | None
    rate: float
    first_isi: float | None
    last_isi: float | None
    bursts: int


def run_stats(run: Run) -> RunStats:
    """Spike count, first spike, mean rate over the run, first and last interval, bursts."""
    times = run.spike_times_ms
    intervals = isis(times)
    duration = float(run.t_ms[-1] - run.t_ms[0]) or 1.0
    return RunStats(
        amplitude=run.amplitude,
        n_spikes=run.n_spikes,
        first=float(times[0]) if times.size else None,
        rate=1000.0 * times.size / duration,
        first_isi=float(intervals[0]) if intervals.size else None,
        last_isi=float(intervals[-1]) if intervals.size else None,
        bursts=sum(1 for group in bursts(times) if group.size >= 2),
    )


def parameter_rows(preset: Preset) -> list[dict[str, str]]:
    """Parameter table rows: the four of the model, the cut-off, and every non-default extra."""
    model = preset.model
    names = ["a", "b", "c", "d", "v_peak"]
    names += [n for n in model.form.keys if getattr(model, n) != model.form.default(n)]
    names += [
        n for n in ("u_decay", "c_u", "v_peak_u", "u_max") if getattr(model, n) != _DEFAULTS[n]
    ]
    if model.u_v_offset != model.form.default_u_offset(model):
        names.append("u_v_offset")
    names += [n for n in ("b_hyper", "b_switch_v", "vb") if getattr(model, n) is not None]
    rows = [
        {"symbol": _SYMBOLS.get(n, f"${n}$"), "value": format_number(getattr(model, n)),
         "meaning": _MEANINGS[n]}
        for n in names
    ]  # fmt: skip
    for name in ("v0", "u0"):
        rows.append({"symbol": _SYMBOLS[name], "value": format_number(getattr(preset, name)),
                     "meaning": _MEANINGS[name]})  # fmt: skip
    return rows


def protocol_words(preset: Preset, runs: Sequence[Run]) -> str:
    """How the grid and the comparisons work, in one paragraph."""
    run = runs[0]
    amps = ", ".join(format_number(a) for a in preset.amplitudes)
    if SCHEMES[run.scheme].grid.initial_sample:
        grid = (
            f"The run has {run.t_ms.size} samples at t = 0, dt, 2dt, … (n = round(T/dt), as in "
            "the 2007 script); the current of sample i drives the step to sample i + 1."
        )
    else:
        grid = (
            f"The grid is 0:dt:T with both ends ({run.t_ms.size} points); the current at each "
            "grid time drives the step taken there. Comparisons are strict as in the script, so a "
            "step that starts at t > T₁ first acts one dt later."
        )
    many = f" One run per amplitude $I_0$ = {amps}." if len(preset.amplitudes) > 1 else ""
    return grid + many


def snippet(preset: Preset) -> str:
    """The few lines of Python that reproduce the page's runs with the public API."""
    return (
        "import gallery\n\n"
        f'preset = gallery.preset("{preset.slug}")\n'
        "for run in gallery.simulate(preset):  # one run per published amplitude\n"
        "    print(run.label, run.spike_times_ms.tolist())"
    )


def script(preset: Preset) -> str:
    """The downloadable script: the snippet plus a CSV of the traces."""
    return (
        f'"""Reproduce {preset.label} ({preset.source.figure} {preset.source.panel}).\n\n'
        "Needs the izhikevich-gallery package (pip install -e . in a clone).\n"
        '"""\n\n'
        "from pathlib import Path\n\n"
        + snippet(preset)
        + "\n\nrows = gallery.runs_to_csv(gallery.simulate(preset), trace=True)\n"
        f'Path("{preset.slug}.csv").write_text(rows)\n'
    )


def render_preset_page(
    env: jinja2.Environment,
    preset: Preset,
    runs: Sequence[Run],
    *,
    verdict: Verdict | None,
    payload: dict[str, Any],
    neighbours: tuple[Preset | None, Preset | None],
    analysis: str = "",
    dt_sensitive: bool = False,
) -> str:
    """The Markdown of one preset page."""
    files = PresetFiles(preset.slug)
    page = files.page

    def link(target: str) -> str:
        return relative(page, target)

    figures = {
        kind: {
            "light": link(files.figure(kind, "light")),
            "dark": link(files.figure(kind, "dark")),
            "png": link(files.figure(kind, "light", "png")),
        }
        for kind in ("trace", "phase")
    }
    previous, following = neighbours
    t_end = float(runs[0].t_ms[-1])
    amp = preset.amplitudes[0] if len(preset.amplitudes) == 1 else None
    return env.get_template("preset.md.j2").render(
        preset=preset,
        runs=runs,
        verdict=verdict,
        dt_sensitive=dt_sensitive,
        figures=figures,
        stats=[run_stats(run) for run in runs],
        analysis=analysis,
        parameters=parameter_rows(preset),
        protocol=protocol_latex(preset.stimulus, t_end, amp),
        protocol_words=protocol_words(preset, runs),
        snippet=snippet(preset),
        downloads={"csv": link(files.csv), "json": link(files.json), "script": link(files.script)},
        previous=_neighbour(previous),
        next=_neighbour(following),
        controls=widget_controls(payload["preset"]),
        payload_json=json.dumps(payload, sort_keys=True, separators=(",", ":")).replace(
            "</", "<\\/"
        ),
    )


def _neighbour(preset: Preset | None) -> dict[str, str] | None:
    if preset is None:
        return None
    return {"label": preset.label, "link": f"{preset.slug}.md"}


def _eigen(value: complex) -> str:
    if abs(value.imag) < 1e-12:
        return format_number(value.real, 4)
    sign = "+" if value.imag >= 0 else "−"
    return f"{format_number(value.real, 4)} {sign} {format_number(abs(value.imag), 4)}i"


def rest_analysis(preset: Preset, runs: Sequence[Run]) -> str:
    """Markdown: the fixed points at the resting and stimulus currents, and the rheobase."""
    from gallery.analysis.trajectory import featured_run, phase_currents

    run = featured_run(runs)
    i_rest, rest_name, i_stim = phase_currents(run)
    currents = [(i_rest, rest_name)] + ([(i_stim, "stimulus")] if i_stim != i_rest else [])
    rows = []
    for i_ext, name in currents:
        points = phase_plane.fixed_points(preset.model, i_ext)
        if not points:
            rows.append(
                f"| {format_number(i_ext)} ({name}) | – | – | none: v escapes to a spike | – |"
            )
        for fp in points:
            # a root found numerically can carry rounding noise where the exact value is 0
            u_star = 0.0 if abs(fp.u) < 1e-9 * max(1.0, abs(fp.v)) else fp.u
            rows.append(
                f"| {format_number(i_ext)} ({name}) | {format_number(fp.v, 5)} | "
                f"{format_number(u_star, 5)} | {fp.kind} | "
                f"{_eigen(fp.eigenvalues[0])}, {_eigen(fp.eigenvalues[1])} |"
            )
    table = (
        "| I | v* (mV) | u* | type | eigenvalues (1/ms) |\n|---|---:|---:|---|---|\n"
        + "\n".join(rows)
    )
    falling = i_stim < i_rest and phase_plane.rest_state(preset.model, i_rest) is not None
    loss = (
        phase_plane.rest_loss_falling(preset.model, i_rest)
        if falling
        else phase_plane.rest_loss(preset.model)
    )
    direction = "falls" if falling else "rises"
    if loss.kind == "none":
        verdict = (
            "No constant current removes the rest state: the u-nullcline is vertical, so the "
            "cell answers only to how fast the input changes."
        )
    else:
        how = (
            "merges with the saddle and disappears (saddle-node bifurcation)"
            if loss.kind == "saddle-node"
            else "turns into an unstable focus (Andronov–Hopf bifurcation)"
        )
        verdict = (
            f"As a constant current {direction}, the rest state {how} at "
            f"**I = {format_number(loss.current, 5)}**, v = {format_number(loss.v, 5)} mV: "
            "the rheobase of the model without spikes and resets."
        )
    return table + "\n\n" + verdict


def render_gallery_index(
    env: jinja2.Environment, presets: Sequence[Preset], *, poster: bool = False
) -> str:
    """The gallery page: thumbnail cards grouped by family, in catalogue order."""
    families: dict[str, list[dict[str, str]]] = {}
    for preset in presets:
        files = PresetFiles(preset.slug)
        families.setdefault(preset.family, []).append(
            {
                "href": f"../presets/{preset.slug}.md",
                "thumb_light": "../" + files.figure("thumb", "light"),
                "thumb_dark": "../" + files.figure("thumb", "dark"),
                "label": preset.label,
                "summary": preset.summary.split(". ")[0].rstrip(".") + ".",
            }
        )
    return env.get_template("gallery_index.md.j2").render(
        families=[{"name": name, "cards": cards} for name, cards in families.items()],
        poster=poster,
    )


@dataclass(frozen=True, slots=True)
class CoursePack:
    """The offline course pack offered for download on the home page."""

    name: str
    megabytes: str


def render_home(
    env: jinja2.Environment,
    presets: Sequence[Preset],
    *,
    poster: bool,
    course_pack: CoursePack | None = None,
) -> str:
    """The home page: the poster (or the first preset's trace) as its hero, the course pack."""
    first = None
    if presets and not poster:
        files = PresetFiles(presets[0].slug)
        first = {
            "label": presets[0].label,
            "light": files.figure("trace", "light"),
            "dark": files.figure("trace", "dark"),
        }
    return env.get_template("home.md.j2").render(
        poster=poster, first=first, course_pack=course_pack
    )
