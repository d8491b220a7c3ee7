"""The site build: ordered phases, and the only module that writes files.

Stage: top (imports the stages below it; nothing imports it). Like ``mkdocs build``, it computes
everything first and writes afterwards: per-preset artifacts are computed (in parallel, or
taken from the incremental cache), assembled into a staging folder next to ``build/site``,
built with ``mkdocs build --strict``, and only then swapped in. A failure at any phase leaves
the previous site untouched and says which phase failed.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import os
import pickle
import re
import shutil
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from gallery.analysis.behaviour import classify
from gallery.model import catalogue as catalogue_module
from gallery.model.catalogue import Catalogue, Preset
from gallery.model.simulate import simulate
from gallery.render import export
from gallery.site import pages
from gallery.site.paths import COURSE_PACK, THEMES, BuildPaths, PresetFiles

PACKAGE = Path(__file__).resolve().parents[1]  # the gallery package
CACHE_VERSION = 2


class BuildError(Exception):
    """A build phase failed; the message names the phase and the cause."""


@dataclass(frozen=True, slots=True, kw_only=True)
class BuildConfig:
    """Everything one build needs; made by ``build.py`` from the command line."""

    root: Path
    out_dir: Path
    only: tuple[str, ...] = ()
    jobs: int = 1
    presets_files: tuple[Path, ...] = ()
    site_url: str = ""
    clean: bool = False
    progress: bool = False
    zip: bool = False


@dataclass(frozen=True, slots=True)
class PresetArtifacts:
    """What one preset contributes to the docs folder: files by relative path."""

    slug: str
    key: str
    files: dict[str, bytes] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()  # for the build log (the page says it too)


@dataclass(frozen=True, slots=True)
class BuildSummary:
    """Numbers for the closing line."""

    pages: int
    figures: int
    bytes: int
    seconds: float
    recomputed: int
    up_to_date: bool
    warnings: tuple[str, ...] = ()


# --- phase 1: what to build ---------------------------------------------------------------


def select_presets(catalogue: Catalogue, only: Sequence[str]) -> list[Preset]:
    """The presets to build, in catalogue order; unknown slugs are an error."""
    if not only:
        return list(catalogue.presets)
    wanted = set(only)
    unknown = [slug for slug in only if slug not in catalogue.slugs]
    if unknown:
        hints = "; ".join(
            f"{s!r} (nearest: {', '.join(catalogue.nearest(s)) or '-'})" for s in unknown
        )
        raise BuildError(f"select presets: unknown slug {hints}")
    return [p for p in catalogue.presets if p.slug in wanted]


def code_digest() -> str:
    """A hash of the code, style and templates that shape a preset's artifacts."""
    digest = hashlib.sha256()
    sources = sorted(PACKAGE.rglob("*.py")) + sorted(PACKAGE.rglob("*.mplstyle"))
    sources += sorted(PACKAGE.rglob("*.json"))  # recorded measurements the pages quote
    templates = PACKAGE.parent / "site_src" / "templates"
    sources += sorted(templates.glob("*.j2")) if templates.exists() else []
    for path in sources:
        digest.update(path.relative_to(PACKAGE.parent).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def artifact_key(preset: Preset, neighbours: tuple[Preset | None, Preset | None], code: str) -> str:
    """The cache key of a preset's artifacts: its data, its neighbours' labels, the code."""
    names = tuple(None if n is None else (n.slug, n.label) for n in neighbours)
    text = repr((CACHE_VERSION, preset, names, code))
    return hashlib.sha256(text.encode()).hexdigest()


# --- phase 2: compute (pure; runs in worker processes) ------------------------------------


def compute_preset(
    preset: Preset, neighbours: tuple[Preset | None, Preset | None], key: str, root: Path
) -> PresetArtifacts:
    """Simulate one preset and render its figures, downloads, payload and page."""
    from gallery.render import figures  # matplotlib only in the workers that draw
    from gallery.site.sections import accuracy

    runs = simulate(preset)
    files = PresetFiles(preset.slug)
    out: dict[str, bytes] = {}
    for kind in ("trace", "phase", "thumb"):
        for theme in THEMES:
            out[files.figure(kind, theme)] = figures.render(preset, kind, theme=theme, fmt="svg")
    for kind in ("trace", "phase"):
        out[files.figure(kind, "light", "png")] = figures.render(
            preset, kind, theme="light", fmt="png"
        )
    data = export.payload(preset, runs)
    out[files.payload] = export.dumps(data).encode()
    out[files.json] = export.dumps(export.simulation_to_dict(preset, runs, trace=True)).encode()
    out[files.csv] = export.runs_to_csv(runs, trace=True).encode()
    out[files.script] = pages.script(preset).encode()
    env = pages.environment(root / "site_src" / "templates")
    page = pages.render_preset_page(
        env, preset, runs, verdict=classify(preset.slug, runs), payload=data,
        neighbours=neighbours, analysis=pages.rest_analysis(preset, runs),
        dt_sensitive=preset.slug in accuracy.DT_DEPENDENT,
    )  # fmt: skip
    out[files.page] = page.encode()
    warnings = tuple(
        f"{preset.slug} ({run.label}) is a numerical runaway: {run.runaway}"
        for run in runs
        if run.runaway is not None
    )
    return PresetArtifacts(preset.slug, key, out, warnings)


THEORY_KEY = "_theory"
DOI_2004 = "10.1109/TNN.2004.832719"
SECTIONS: dict[str, str] = {
    # site sections computed once per build (not per preset): name -> "module:function"
    # returning {docs-relative path: bytes}. They depend on the code and the built-in catalogue.
    THEORY_KEY: "gallery.site.sections.theory:site_files",
    "_network": "gallery.site.sections.network:site_files",
    "_accuracy": "gallery.site.sections.accuracy:site_files",
    "_exercises": "gallery.site.sections.exercises:site_files",
}


def poster_presets(presets: Sequence[Preset]) -> tuple[Preset, ...]:
    """The 20 panels of the 2004 figure when the build includes all of them, else none."""
    panels = tuple(p for p in presets if p.source.figure == "Fig. 1" and p.source.doi == DOI_2004)
    return panels if len(panels) == 20 else ()


def section_key(name: str, presets: Sequence[Preset], code: str) -> str:
    """The cache key of a site section: its name, the code and (for the poster) the panels."""
    extra = poster_presets(presets) if name == THEORY_KEY else ()
    return hashlib.sha256(repr((CACHE_VERSION, name, code, extra)).encode()).hexdigest()


def compute_section(name: str, key: str, args: tuple) -> PresetArtifacts:
    """Run one site section's generator (in a worker)."""
    module_name, function = SECTIONS[name].split(":")
    module = importlib.import_module(module_name)
    return PresetArtifacts(name, key, getattr(module, function)(*args))


def _compute(job: tuple) -> PresetArtifacts:
    if isinstance(job[0], str):
        return compute_section(*job)
    return compute_preset(*job)


# --- phase 2 driver: cache and parallelism ------------------------------------------------


def _cache_path(paths: BuildPaths, slug: str) -> Path:
    return paths.cache / f"{slug}.pickle"


def _cached(paths: BuildPaths, slug: str, key: str) -> PresetArtifacts | None:
    try:
        with _cache_path(paths, slug).open("rb") as handle:
            artifacts = pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
        return None
    return artifacts if isinstance(artifacts, PresetArtifacts) and artifacts.key == key else None


def compute_all(
    config: BuildConfig, paths: BuildPaths, presets: Sequence[Preset], report: Callable[[str], None]
) -> tuple[list[PresetArtifacts], list[PresetArtifacts], int]:
    """Artifacts of every preset and of every site section (cached where the key matches).

    Returns them with the number of jobs recomputed.
    """
    code = code_digest()
    jobs: list[tuple] = []
    for i, preset in enumerate(presets):
        before = presets[i - 1] if i > 0 and presets[i - 1].family == preset.family else None
        after = (
            presets[i + 1]
            if i + 1 < len(presets) and presets[i + 1].family == preset.family
            else None
        )
        neighbours = (before, after)
        jobs.append((preset, neighbours, artifact_key(preset, neighbours, code), config.root))
    # site sections are the slowest jobs: start them first
    for name in reversed(SECTIONS):
        args = (poster_presets(presets),) if name == THEORY_KEY else ()
        jobs.insert(0, (name, section_key(name, presets, code), args))
    results: dict[str, PresetArtifacts] = {}
    todo = []
    for job in jobs:
        section = isinstance(job[0], str)
        name = job[0] if section else job[0].slug
        key = job[1] if section else job[2]
        hit = None if config.clean else _cached(paths, name, key)
        if hit is None:
            todo.append(job)
        else:
            results[name] = hit
    done = 0
    if todo:
        paths.cache.mkdir(parents=True, exist_ok=True)
        workers = max(1, min(config.jobs, len(todo)))
        if workers == 1:
            outputs = (_compute(job) for job in todo)
        else:
            pool = ProcessPoolExecutor(max_workers=workers)
            outputs = pool.map(_compute, todo)
        try:
            for artifacts in outputs:
                results[artifacts.slug] = artifacts
                with _cache_path(paths, artifacts.slug).open("wb") as handle:
                    pickle.dump(artifacts, handle)
                done += 1
                report(f"[{done}/{len(todo)}] {artifacts.slug}")
        except Exception as error:  # a worker's failure names the job it came from
            raise BuildError(f"compute: {type(error).__name__}: {error}") from error
        finally:
            if workers > 1:
                pool.shutdown(cancel_futures=True)
    sections = [results[name] for name in SECTIONS]
    return [results[p.slug] for p in presets], sections, len(todo)


# --- phase 3: assemble the docs folder ----------------------------------------------------


def assemble(
    config: BuildConfig, paths: BuildPaths, docs: Path, presets: Sequence[Preset],
    artifacts: Sequence[PresetArtifacts],
) -> None:  # fmt: skip
    """Write the hand-written sources, vendored assets and generated files into ``docs``."""
    shutil.copytree(paths.site_src / "docs", docs)
    for folder in ("js", "css"):
        if (paths.site_src / folder).exists():
            shutil.copytree(paths.site_src / folder, docs / folder, dirs_exist_ok=True)
    vendor_assets(config.root, docs)
    for item in artifacts:
        for relative_path, content in sorted(item.files.items()):
            target = docs / relative_path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
    env = pages.environment(paths.templates)
    gallery_page = docs / "gallery" / "index.md"
    gallery_page.parent.mkdir(parents=True, exist_ok=True)
    # the widget payloads the preset jobs wrote: embeds and comparisons cost no simulation
    payloads = [
        json.loads((docs / PresetFiles(p.slug).payload).read_text(encoding="utf-8"))
        for p in presets
    ]
    _write_embeds(docs, presets, payloads)
    _inject_compare_widget(docs, payloads)
    poster = "figures/poster-light.svg" if (docs / "figures/poster-light.svg").exists() else ""
    gallery_page.write_text(
        pages.render_gallery_index(env, presets, poster=bool(poster)), encoding="utf-8"
    )
    _unlink_absent_presets(docs, {p.slug for p in presets})
    _inject_hero(docs, presets)


def _write_embeds(docs: Path, presets: Sequence[Preset], payloads: list[dict]) -> None:
    """Chrome-less embed pages, the explorer page and the embed host script."""
    from gallery.site import embeds

    folder = docs / "embed"
    folder.mkdir(parents=True, exist_ok=True)
    for preset, data in zip(presets, payloads, strict=True):
        (folder / f"{preset.slug}.html").write_text(embeds.embed_page(data), encoding="utf-8")
    (folder / "explorer.html").write_text(embeds.explorer_embed_page(payloads), encoding="utf-8")
    shutil.copyfile(docs / embeds.HOST_SCRIPT_PATH, folder / "host.js")
    (docs / "explorer.md").write_text(embeds.explorer_markdown(payloads), encoding="utf-8")


def _inject_compare_widget(docs: Path, payloads: list[dict]) -> None:
    """Put the scheme/step comparison, with the built presets' payloads, into the accuracy page."""
    from gallery.site import embeds

    page = docs / "accuracy.md"
    if not page.exists():
        return
    widget = (
        '<div class="ig-widget" data-widget="compare" data-payloads="ig-compare-payloads">'
        "<p>The comparison needs JavaScript; the tabs below show the same runs.</p></div>\n\n"
        '<script type="application/json" id="ig-compare-payloads">'
        + embeds.inline_json(payloads)
        + "</script>"
    )
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("<!-- compare-widget -->", widget), encoding="utf-8")


_PRESET_LINK = re.compile(r"\[([^\]]+)\]\((?:\.\./)*presets/([a-z0-9-]+)\.md\)")


def _unlink_absent_presets(docs: Path, slugs: set[str]) -> None:
    """Turn links to presets left out of this build (``--only``) into plain text."""
    for page in sorted(docs.rglob("*.md")):
        text = page.read_text(encoding="utf-8")
        kept = _PRESET_LINK.sub(lambda m: m.group(0) if m.group(2) in slugs else m.group(1), text)
        if kept != text:
            page.write_text(kept, encoding="utf-8")


def _inject_hero(docs: Path, presets: Sequence[Preset]) -> None:
    home = docs / "index.md"
    if not home.exists() or not presets:
        return
    if (docs / "figures/poster-light.svg").exists():
        light, dark = "figures/poster-light.svg", "figures/poster-dark.svg"
        alt = "The 20 firing patterns of Izhikevich (2004), Fig. 1"
        caption = (
            "The 20 panels of the 2004 figure, each simulated at build time with the paper's "
            "own protocol and integration rule."
        )
    else:
        first = PresetFiles(presets[0].slug)
        light, dark = first.figure("trace", "light"), first.figure("trace", "dark")
        alt = f"Trace of {presets[0].label}"
        caption = f"{presets[0].label}: simulated at build time with the published rule."
    hero = (
        '<figure markdown="span" class="ig-figure ig-hero">\n'
        f"  ![{alt}]({light}){{ .ig-light }}\n"
        f"  ![{alt}]({dark}){{ .ig-dark }}\n"
        f"  <figcaption>{caption}</figcaption>\n</figure>"
    )
    text = home.read_text(encoding="utf-8")
    home.write_text(text.replace("<!-- hero-figure -->", hero), encoding="utf-8")


def vendor_assets(root: Path, docs: Path) -> None:
    """Copy KaTeX and uPlot from npm (installed with ``npm ci``) into ``docs/vendor``."""
    script = root / "scripts" / "vendor_assets.py"
    if not script.exists():
        raise BuildError("vendor assets: scripts/vendor_assets.py is missing")
    result = subprocess.run(
        [sys.executable, str(script), str(docs)], cwd=root, capture_output=True, text=True
    )
    if result.returncode != 0:
        raise BuildError(f"vendor assets: {result.stderr.strip() or result.stdout.strip()}")


# --- phase 4: mkdocs, then swap -----------------------------------------------------------


class _TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without executing its ``!!python`` or ``!ENV`` tags."""


_TolerantLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def site_nav(root: Path, docs: Path, presets: Sequence[Preset]) -> list:
    """The nav of ``mkdocs.yml`` with the gallery expanded into families of preset pages.

    Entries whose page is absent from ``docs`` are dropped, so a partial build stays strict.
    """
    base = yaml.load((root / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_TolerantLoader)
    families: dict[str, list] = {}
    for preset in presets:
        families.setdefault(preset.family, []).append({preset.label: PresetFiles(preset.slug).page})
    gallery = ["gallery/index.md", *({name: pages} for name, pages in families.items())]

    def keep(entry: object) -> object:
        if isinstance(entry, str):
            return entry if (docs / entry).exists() else None
        if isinstance(entry, dict):
            ((title, value),) = entry.items()
            if value == "gallery/index.md":
                return {title: gallery}
            kept = (
                keep(value)
                if not isinstance(value, list)
                else [e for e in (keep(item) for item in value) if e is not None]
            )
            return {title: kept} if kept else None
        return None

    return [e for e in (keep(entry) for entry in base.get("nav", [])) if e is not None]


def mkdocs_config(
    config: BuildConfig, staging: Path, presets: Sequence[Preset], *, offline: bool = False
) -> Path:
    """A config that inherits ``mkdocs.yml`` with the staging folders and the preset nav.

    ``offline`` is the variant for the course pack opened from disk: page files instead of
    folder URLs, Material's offline plugin (the search index as a script), and no instant
    navigation (it fetches pages, which browsers refuse under ``file://``).
    """
    nav = site_nav(config.root, staging / "docs", presets)
    lines = [
        f"INHERIT: {json.dumps(str(config.root / 'mkdocs.yml'))}",
        f"docs_dir: {json.dumps(str(staging / 'docs'))}",
        f"site_dir: {json.dumps(str(staging / ('offline' if offline else 'site')))}",
        "theme:",
        f"  custom_dir: {json.dumps(str(config.root / 'site_src' / 'overrides'))}",
    ]
    if offline:
        base = yaml.load((config.root / "mkdocs.yml").read_text(), Loader=_TolerantLoader)
        features = [f for f in base["theme"].get("features", []) if f != "navigation.instant"]
        lines.append(f"  features: {json.dumps(features)}")
        # our vendored copy of the worker shim; otherwise the plugin links it from a CDN
        lines += [
            "use_directory_urls: false",
            'plugins: ["search", "offline"]',
            'extra: {"polyfills": ["vendor/iframe-worker/shim.js"]}',
        ]
    lines.append(f"nav: {json.dumps(nav, ensure_ascii=False)}")
    if config.site_url and not offline:
        lines.append(f"site_url: {json.dumps(config.site_url)}")
    path = staging / ("mkdocs-offline.yml" if offline else "mkdocs.yml")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def run_mkdocs(config_path: Path) -> None:
    """``mkdocs build --strict``; fails the build on any warning."""
    env = os.environ | {"NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1700000000"}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(config_path)],
        capture_output=True, text=True, env=env,
    )  # fmt: skip
    if result.returncode != 0:
        raise BuildError(f"mkdocs build --strict failed:\n{result.stderr.strip()}")


def swap_in(new_site: Path, site: Path) -> None:
    """Replace ``site`` with ``new_site`` by renames, so readers never see half a site."""
    old = site.with_name(site.name + ".old")
    if old.exists():
        shutil.rmtree(old)
    if site.exists():
        site.rename(old)
    new_site.rename(site)
    if old.exists():
        shutil.rmtree(old)


ZIP_TIME = (2000, 1, 1, 0, 0, 0)


def write_zip(folder: Path, target: Path, scratch: Path) -> None:
    """Zip ``folder`` into ``target`` deterministically (sorted, fixed times), atomically.

    The archive holds one top-level folder named like the archive, so it unzips tidily.
    """
    top = target.stem
    with zipfile.ZipFile(scratch, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            info = zipfile.ZipInfo(f"{top}/{path.relative_to(folder).as_posix()}", ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, path.read_bytes())
    target.parent.mkdir(parents=True, exist_ok=True)
    os.replace(scratch, target)


COURSE_PACK_MARKER = "<!-- course-pack -->"


def offer_course_pack(docs: Path, pack: Path) -> None:
    """Add the offline course pack to the docs as a download, linked from the home page."""
    target = docs / "downloads" / COURSE_PACK
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(pack, target)
    home = docs / "index.md"
    if not home.exists():
        return
    megabytes = pack.stat().st_size / 1e6
    link = (
        f"    [:material-download: Download the course pack](downloads/{COURSE_PACK}) "
        f"(zip, {megabytes:.0f} MB): unzip it anywhere and open `index.html`, with no\n"
        "    internet connection, search and sliders included."
    )
    text = home.read_text(encoding="utf-8")
    home.write_text(text.replace(f"    {COURSE_PACK_MARKER}", link), encoding="utf-8")


def tree_digest(folder: Path) -> str:
    """A hash of every file under ``folder`` (names and bytes)."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(path.relative_to(folder).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def run(config: BuildConfig, report: Callable[[str], None] = lambda _: None) -> BuildSummary:
    """Build the site into ``config.out_dir / 'site'``; raises BuildError naming the phase."""
    start = time.perf_counter()
    paths = BuildPaths(config.root, config.out_dir)
    try:
        catalogue = catalogue_module.load(config.presets_files)
    except catalogue_module.CatalogueError as error:
        raise BuildError("load catalogue:\n" + "\n".join(error.problems)) from None
    presets = select_presets(catalogue, config.only)
    artifacts, sections, recomputed = compute_all(config, paths, presets, report)
    config.out_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(os.path.realpath(config.out_dir)) / f".staging-{os.getpid()}"
    if staging.exists():
        shutil.rmtree(staging)
    try:
        staging.mkdir()
        assemble(config, paths, staging / "docs", presets, [*sections, *artifacts])
        digest = tree_digest(staging / "docs") + config.site_url + ("+zip" if config.zip else "")
        stamp = paths.cache / "site.digest"
        up_to_date = (
            paths.site.exists()
            and stamp.exists()
            and stamp.read_text() == digest
            and not config.clean
            and (paths.zip.exists() or not config.zip)
        )
        if not up_to_date:
            pack = staging / COURSE_PACK
            if config.zip:  # the offline pack first: the online site offers it for download
                run_mkdocs(mkdocs_config(config, staging, presets, offline=True))
                write_zip(staging / "offline", pack, staging / "pack.partial")
                offer_course_pack(staging / "docs", pack)
            run_mkdocs(mkdocs_config(config, staging, presets))
            swap_in(staging / "site", paths.site)
            if config.zip:
                os.replace(pack, paths.zip)
            paths.cache.mkdir(parents=True, exist_ok=True)
            stamp.write_text(digest)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    files = [p for p in paths.site.rglob("*") if p.is_file()]
    return BuildSummary(
        pages=sum(1 for p in files if p.name == "index.html"),
        figures=sum(1 for p in files if p.parent.parent.name == "figures"),
        bytes=sum(p.stat().st_size for p in files),
        seconds=time.perf_counter() - start,
        recomputed=recomputed,
        up_to_date=up_to_date,
        warnings=tuple(w for a in artifacts for w in a.warnings),
    )
