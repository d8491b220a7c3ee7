"""Generated pages: jinja2 templates (StrictUndefined) filled from the build's dataclasses.

Stage: site (imports the model, analysis and render stages, never matplotlib). The one
jinja2 environment of the site's pages, the preset and gallery pages, the home page, and
:class:`TemplatePage`, the form in which a section hands its pages to the build. Returns
Markdown strings; writes nothing.
"""

from __future__ import annotations

import dataclasses
import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import numpy as np

from gallery.analysis import phase_plane
from gallery.analysis.behaviour import Verdict
from gallery.analysis.spikes import BURST_GAP_MS, bursts, isis
from gallery.model.catalogue import Model, Preset, builtin
from gallery.model.schemes import SCHEMES
from gallery.model.simulate import Run
from gallery.model.stimulus import protocol_latex
from gallery.site.citations import bibtex
from gallery.site.controls import widget_controls
from gallery.site.notebooks import own_catalogue
from gallery.site.paths import (
    NOTEBOOKS_ZIP,
    SCRIPTS_ZIP,
    PresetFiles,
    catalogue_download,
    relative,
)

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
    env.filters["eigen"] = eigen
    # Pages quote a built-in preset's parameters from the catalogue, never typed by hand.
    env.globals["builtin_preset"] = builtin().get
    env.globals["burst_gap_ms"] = BURST_GAP_MS
    env.globals["burst_pause_factor"] = BURST_PAUSE_FACTOR
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
    source: str = ""  # the template an error in the page names, if not ``template``

    @property
    def source_template(self) -> str:
        """The template file that holds the page's words (its cells' errors name it)."""
        return self.source or self.template

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
        bursts=burst_count(times),
    )


BURST_PAUSE_FACTOR = 2.0
"""A pause separates two bursts only if this many times the longest interval inside either."""


def burst_count(times) -> int:
    """Groups of two or more spikes under 10 ms apart (:func:`bursts`), set off by real pauses.

    A pause of 10 ms or more separates two groups only if it is at least twice the longest
    interval inside either of them: a fast spiker whose intervals hover around 10 ms (FS 2007
    at 400 pA: 6 to 10.25 ms) is one long group, not several bursts.
    """
    groups = bursts(times)
    merged: list[int] = []  # sizes
    previous_inner = 0.0
    for k, group in enumerate(groups):
        inner = float(np.diff(group).max()) if group.size >= 2 else 0.0
        if k and (group[0] - groups[k - 1][-1]) < BURST_PAUSE_FACTOR * max(inner, previous_inner):
            merged[-1] += group.size
        else:
            merged.append(group.size)
        previous_inner = inner
    return sum(1 for size in merged if size >= 2)


def parameter_rows(preset: Preset) -> list[dict[str, str]]:
    """Parameter table rows (name, value): the four of the model, the cut-off, every extra.

    The symbols and meanings of the names are words of the page: ``preset-parameters.md.j2``.
    """
    model = preset.model
    names = ["a", "b", "c", "d", "v_peak"]
    names += [n for n in model.form.keys if getattr(model, n) != model.form.default(n)]
    names += [
        n for n in ("u_decay", "c_u", "v_peak_u", "u_max") if getattr(model, n) != _DEFAULTS[n]
    ]
    if model.u_v_offset != model.form.default_u_offset(model):
        names.append("u_v_offset")
    names += [n for n in ("b_hyper", "b_switch_v", "vb") if getattr(model, n) is not None]
    rows = [{"name": n, "value": format_number(getattr(model, n))} for n in names]
    rows += [{"name": n, "value": format_number(getattr(preset, n))} for n in ("v0", "u0")]
    return rows


def grid_facts(runs: Sequence[Run]) -> dict[str, Any]:
    """What the page says of the grid: its convention and its number of samples."""
    run = runs[0]
    return {"initial_sample": SCHEMES[run.scheme].grid.initial_sample, "samples": run.t_ms.size}


def snippet(env: jinja2.Environment, preset: Preset) -> str:
    """The few lines of Python that reproduce the page's runs with the public API.

    A preset from an instructor's catalogue file loads that file (shipped beside the page's
    downloads) by its name.
    """
    name = own_catalogue(preset)
    return env.get_template("preset-snippet.py.j2").render(
        preset=preset, catalogue=name, catalogue_path=f'Path("{name}")'
    )


def script(env: jinja2.Environment, preset: Preset) -> str:
    """The downloadable script: the snippet plus a CSV of the traces.

    A custom preset's script loads its catalogue file from the script's own folder, so it runs
    from any working directory.
    """
    name = own_catalogue(preset)
    return env.get_template("preset-script.py.j2").render(
        preset=preset, catalogue=name, catalogue_path=f'Path(__file__).with_name("{name}")'
    )


def render_preset_page(
    env: jinja2.Environment,
    preset: Preset,
    runs: Sequence[Run],
    *,
    verdict: Verdict | None,
    payload: dict[str, Any],
    neighbours: tuple[Preset | None, Preset | None],
    rest: RestAnalysis | None = None,
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
    catalogue = own_catalogue(preset)
    t_end = float(runs[0].t_ms[-1])
    amp = preset.amplitudes[0] if len(preset.amplitudes) == 1 else None
    return env.get_template("preset.md.j2").render(
        preset=preset,
        runs=runs,
        verdict=verdict,
        dt_sensitive=dt_sensitive,
        figures=figures,
        stats=[run_stats(run) for run in runs],
        rest=rest,
        parameters=parameter_rows(preset),
        protocol=protocol_latex(preset.stimulus, t_end, amp),
        grid=grid_facts(runs),
        snippet=snippet(env, preset),
        downloads={
            "csv": link(files.csv),
            "json": link(files.json),
            "script": link(files.script),
            "notebook": link(files.notebook),
            "catalogue": link(catalogue_download(catalogue or "")),
        },  # fmt: skip
        catalogue=catalogue,
        bibtex=bibtex(preset),
        previous=_neighbour(previous),
        next=_neighbour(following),
        controls=widget_controls(payload["preset"]),
        payload_json=json.dumps(payload, sort_keys=True, separators=(",", ":")),  # | e in page
    )


def _neighbour(preset: Preset | None) -> dict[str, str] | None:
    if preset is None:
        return None
    return {"label": preset.label, "link": f"{preset.slug}.md"}


def eigen(value: complex) -> str:
    """An eigenvalue for the rest-state table: real, or ``re ± im i``."""
    if abs(value.imag) < 1e-12:
        return format_number(value.real, 4)
    sign = "+" if value.imag >= 0 else "−"
    return f"{format_number(value.real, 4)} {sign} {format_number(abs(value.imag), 4)}i"


@dataclass(frozen=True, slots=True)
class RestRow:
    """One row of the rest-state table: a fixed point at a current (None: there is none)."""

    current: float
    name: str
    point: phase_plane.FixedPoint | None
    u: float  # the point's u, with a root's rounding noise around an exact 0 removed
    # the same point linearised with the b of the other side, when it sits exactly on the
    # voltage where b switches (RTN, TC at rest): one side's Jacobian alone would mislead
    above: phase_plane.FixedPoint | None = None


@dataclass(frozen=True, slots=True)
class RestLossFacts:
    """Where the rest state is lost as the current changes, and how."""

    kind: str  # as phase_plane.RestLoss: "saddle-node", "Andronov-Hopf" or "none"
    current: float
    v: float
    falling: bool


@dataclass(frozen=True, slots=True)
class RestAnalysis:
    """The values of a preset page's "Rest state and threshold" section."""

    rows: tuple[RestRow, ...]
    loss: RestLossFacts
    rising: RestLossFacts | None = None  # where a rising current ends rest, if ``loss`` falls


def _above_switch(model: Model, fp: phase_plane.FixedPoint) -> phase_plane.FixedPoint | None:
    """``fp`` linearised with the above-switch b, if it lies on the switch voltage of b."""
    switch = model.b_switch_v
    if model.b_hyper is None or switch is None or abs(fp.v - switch) > 1e-9 * abs(switch):
        return None
    return phase_plane.fixed_point(dataclasses.replace(model, b_hyper=None), fp.v, fp.i_ext)


def rest_analysis(preset: Preset, runs: Sequence[Run]) -> RestAnalysis:
    """The fixed points at the resting and stimulus currents, and where rest is lost."""
    from gallery.analysis.trajectory import featured_run, phase_currents

    run = featured_run(runs)
    i_rest, rest_name, i_stim = phase_currents(run)
    currents = [(i_rest, rest_name)] + ([(i_stim, "stimulus")] if i_stim != i_rest else [])
    rows = []
    for i_ext, name in currents:
        points = phase_plane.fixed_points(preset.model, i_ext)
        if not points:
            rows.append(RestRow(i_ext, name, None, math.nan))
        for fp in points:
            # a root found numerically can carry rounding noise where the exact value is 0
            u_star = 0.0 if abs(fp.u) < 1e-9 * max(1.0, abs(fp.v)) else fp.u
            rows.append(RestRow(i_ext, name, fp, u_star, _above_switch(preset.model, fp)))
    falling = i_stim < i_rest and phase_plane.rest_state(preset.model, i_rest) is not None
    loss = (
        phase_plane.rest_loss_falling(preset.model, i_rest)
        if falling
        else phase_plane.rest_loss(preset.model)
    )
    rising = None
    if falling:  # a falling stimulus: say also where a rising current would end rest
        up = phase_plane.rest_loss(preset.model)
        rising = RestLossFacts(up.kind, up.current, up.v, False)
    return RestAnalysis(tuple(rows), RestLossFacts(loss.kind, loss.current, loss.v, falling),
                        rising)  # fmt: skip


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
        bundles={
            "notebooks": "../" + NOTEBOOKS_ZIP,
            "scripts": "../" + SCRIPTS_ZIP,
            "count": len(presets),
        },  # fmt: skip
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
