"""Phase 2 of the build: compute every preset's and every site section's artifacts.

Stage: pipeline. Pure computations that run in worker processes: each preset is simulated
once and its runs handed to every figure, download, payload and its page; each site section
(theory, network, accuracy, exercises) returns ``{docs-relative path: bytes}``. Cached
artifacts whose key still matches are reused.
"""

from __future__ import annotations

import importlib
import multiprocessing
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from gallery.analysis.behaviour import classify
from gallery.model.catalogue import Preset
from gallery.model.simulate import simulate
from gallery.pipeline import cache
from gallery.pipeline.assemble import page_environment
from gallery.pipeline.cache import Artifacts
from gallery.pipeline.config import BuildConfig, BuildError, BuildPaths
from gallery.render import export
from gallery.site import citations, notebooks, pages
from gallery.site.paths import PresetFiles

DOI_2004 = "10.1109/TNN.2004.832719"


@dataclass(frozen=True, slots=True)
class Section:
    """A site section computed once per build: its generator and what it is given."""

    name: str
    target: str  # "module:function" returning {docs-relative path: bytes}
    needs_poster: bool = False  # given the 20 panels of the 2004 figure (or none)
    needs_network: bool = False  # given the network page's runs (computed once, shared)


SECTIONS = (
    Section("_theory", "gallery.site.sections.theory:site_files", needs_poster=True),
    Section("_network", "gallery.site.sections.network:site_files", needs_network=True),
    Section("_accuracy", "gallery.site.sections.accuracy:site_files"),
    Section("_atlas", "gallery.site.sections.atlas:site_files"),
    Section("_applications", "gallery.site.sections.applications:site_files"),
    Section("_exercises", "gallery.site.sections.exercises:site_files", needs_network=True),
)


def poster_presets(presets: Sequence[Preset]) -> tuple[Preset, ...]:
    """The 20 panels of the 2004 figure when the build includes all of them, else none."""
    panels = tuple(p for p in presets if p.source.figure == "Fig. 1" and p.source.doi == DOI_2004)
    return panels if len(panels) == 20 else ()


def compute_preset(
    preset: Preset, neighbours: tuple[Preset | None, Preset | None], key: str, root: Path
) -> Artifacts:
    """Simulate one preset once; render its figures, downloads, payload and page from the runs."""
    simulated = simulate_preset(preset, "")
    return merge(simulated, preset_text(preset, neighbours, key, root, simulated))


def simulate_preset(preset: Preset, key: str) -> Artifacts:
    """What a preset's text does not change: its runs, figures and CSV (one simulation)."""
    from gallery.render import figures  # matplotlib only in the workers that draw

    runs = tuple(simulate(preset))
    files = PresetFiles(preset.slug)
    out: dict[str, bytes] = {}
    for kind in ("trace", "phase", "thumb"):
        out[files.figure(kind)] = figures.themed(
            lambda theme, kind=kind: figures.render(preset, kind, theme=theme, runs=runs)
        )
    # the trace's PNG is a download (slides); the page shows the SVG
    out[files.figure("trace", "png")] = figures.render(
        preset, "trace", theme="light", fmt="png", runs=runs
    )
    out[files.csv] = export.runs_to_csv(runs, trace=True).encode()
    warnings = tuple(
        f"{preset.slug} ({run.label}) is a numerical runaway: {run.runaway}"
        for run in runs
        if run.runaway is not None
    )
    return Artifacts(cache.simulation_name(preset.slug), key, out, warnings=warnings, runs=runs)


def preset_text(
    preset: Preset, neighbours: tuple[Preset | None, Preset | None], key: str, root: Path,
    simulated: Artifacts,
) -> Artifacts:  # fmt: skip
    """What a preset's text shapes (page, payload, JSON, script), from its stored runs."""
    from gallery.site.sections import accuracy

    runs = simulated.runs
    files = PresetFiles(preset.slug)
    out: dict[str, bytes] = {}
    data = export.payload(preset, runs)
    out[files.payload] = export.dumps(data).encode()
    out[files.json] = export.dumps(export.download_to_dict(preset, runs)).encode()
    env = page_environment(root / "site_src" / "templates")
    out[files.script] = pages.script(env, preset).encode()
    out[files.notebook] = preset_notebook_bytes(env, preset, runs)
    page = pages.render_preset_page(
        env, preset, runs, verdict=classify(preset.slug, runs), payload=data,
        neighbours=neighbours, rest=pages.rest_analysis(preset, runs),
        dt_sensitive=preset.slug in accuracy.DT_DEPENDENT,
    )  # fmt: skip
    out[files.page] = page.encode()
    return Artifacts(preset.slug, key, out, payload=data)


def merge(simulated: Artifacts, text: Artifacts) -> Artifacts:
    """A preset's whole contribution: the text artifacts with the simulation's files."""
    return Artifacts(
        text.name, text.key, simulated.files | text.files, payload=text.payload,
        warnings=simulated.warnings,
    )  # fmt: skip


def preset_notebook_bytes(env, preset: Preset, runs) -> bytes:
    """The preset page's notebook; one that cannot be made fails the build, naming it."""
    try:
        text = notebooks.preset_notebook(
            env, preset, runs, pages.parameter_rows(preset), citations.bibtex(preset)
        )
    except notebooks.NotebookError as error:
        raise BuildError(str(error)) from None
    return text.encode()


def compute_section(section: Section, key: str, args: tuple) -> Artifacts:
    """Run one site section's generator (in a worker)."""
    module_name, function = section.target.split(":")
    module = importlib.import_module(module_name)
    made = getattr(module, function)(*args)
    files = {path: item for path, item in made.items() if isinstance(item, bytes)}
    templated = {path: item for path, item in made.items() if isinstance(item, pages.TemplatePage)}
    if len(files) + len(templated) != len(made):
        raise BuildError(f"compute: {section.target} returned something other than bytes or pages")
    return Artifacts(section.name, key, files, templated)


def _compute(job: tuple) -> tuple[Artifacts | None, Artifacts]:
    """One job in a worker: (simulation artifacts or None when given, the job's artifacts)."""
    if isinstance(job[0], Section):
        return None, compute_section(*job)
    preset, neighbours, key, root, simulation = job
    if isinstance(simulation, Artifacts):  # cached runs: only the text is redone
        return None, preset_text(preset, neighbours, key, root, simulation)
    simulated = simulate_preset(preset, simulation)
    return simulated, preset_text(preset, neighbours, key, root, simulated)


def neighbours_of(presets: Sequence[Preset], i: int) -> tuple[Preset | None, Preset | None]:
    """The previous and next preset of the same family (the page's prev/next links)."""
    family = presets[i].family
    before = presets[i - 1] if i > 0 and presets[i - 1].family == family else None
    after = presets[i + 1] if i + 1 < len(presets) and presets[i + 1].family == family else None
    return before, after


def jobs_for(config: BuildConfig, presets: Sequence[Preset], code: str) -> list[tuple]:
    """Every job of the build, the slow site sections first; the last item is the cache key."""
    jobs: list[tuple] = []
    for section in SECTIONS:
        inputs = poster_presets(presets) if section.needs_poster else ()
        args = (inputs,) if section.needs_poster else ()
        jobs.append((section, cache.section_key(section.name, inputs, code), args))
    for i, preset in enumerate(presets):
        neighbours = neighbours_of(presets, i)
        jobs.append((preset, neighbours, cache.preset_key(preset, neighbours, code), config.root))
    return jobs


def compute_all(
    config: BuildConfig, paths: BuildPaths, presets: Sequence[Preset], report: Callable[[str], None]
) -> tuple[list[Artifacts], list[Artifacts], int, int]:
    """Artifacts of every preset and of every site section (cached where the key matches).

    A preset's runs and figures are keyed without its text fields (``cache.simulation_key``),
    so an edited summary re-renders the page from the stored runs without re-simulating.
    Returns the presets' and the sections' artifacts, the number of jobs recomputed and how
    many of those were text only.
    """
    code = cache.code_digest(paths.templates)
    results: dict[str, Artifacts] = {}
    simulated: dict[str, Artifacts] = {}
    todo = []
    for job in jobs_for(config, presets, code):
        if isinstance(job[0], Section):
            hit = None if config.clean else cache.load(paths.cache, job[0].name, job[1])
            todo += [] if hit else [job]
            results |= {job[0].name: hit} if hit else {}
            continue
        preset, key = job[0], job[2]
        sim_key = cache.simulation_key(preset, code)
        sim = (
            None
            if config.clean
            else cache.load(paths.cache, cache.simulation_name(preset.slug), sim_key)
        )
        text = None if config.clean or sim is None else cache.load(paths.cache, preset.slug, key)
        if sim is not None:
            simulated[preset.slug] = sim
        if text is not None:
            results[preset.slug] = text
        else:
            todo.append((*job, sim if sim is not None else sim_key))
    text_only = sum(1 for job in todo if isinstance(job[-1], Artifacts))
    if todo:
        workers = max(1, min(config.jobs, len(todo)))
        report(f"compute: {len(todo)} to compute, {len(results)} cached, on {workers} worker(s)")
    todo = _with_shared_inputs(todo)
    for done, (sim, artifacts) in enumerate(_run_jobs(todo, config.jobs), start=1):
        for item in (sim, artifacts):
            if item is not None:
                cache.store(paths.cache, item)
        if sim is not None:
            simulated[sim.name.removesuffix(cache.SIMULATION_SUFFIX)] = sim
        results[artifacts.name] = artifacts
        report(f"[{done}/{len(todo)}] {artifacts.name}")
    sections = [results[s.name] for s in SECTIONS]
    merged = [merge(simulated[p.slug], results[p.slug]) for p in presets]
    return merged, sections, len(todo), text_only


def _with_shared_inputs(todo: list[tuple]) -> list[tuple]:
    """Hand the network page's runs, computed once here, to every section that needs them."""
    needing = [job for job in todo if isinstance(job[0], Section) and job[0].needs_network]
    if not needing:
        return todo
    from gallery.network.experiments import page_runs

    runs = page_runs()
    return [
        (job[0], job[1], (runs,)) if isinstance(job[0], Section) and job[0].needs_network else job
        for job in todo
    ]


def _run_jobs(todo: list[tuple], jobs: int):
    """The jobs' artifacts in order, on up to ``jobs`` worker processes."""
    if not todo:
        return
    workers = max(1, min(jobs, len(todo)))
    # Not fork: once this process has run a parallel numba kernel (the population and network
    # kernels use OpenMP), a forked worker that runs one aborts ("fork() called from a process
    # already using GNU OpenMP"). The fork server is a fresh process that has run none.
    context = multiprocessing.get_context("forkserver")
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=context) if workers > 1 else None
    try:
        yield from pool.map(_compute, todo) if pool else map(_compute, todo)
    except Exception as error:  # a worker's failure names the job it came from
        raise BuildError(f"compute: {type(error).__name__}: {error}") from error
    finally:
        if pool:
            pool.shutdown(cancel_futures=True)
