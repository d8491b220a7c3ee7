"""The site build, phase by phase (mkdocs' own order: gather everything, then write).

Stage: pipeline. 1. load the catalogue and select the presets; 2. compute every preset's and
section's artifacts (in parallel, or from the cache); 3. gather the whole docs folder in
memory; 4. write it to a staging folder, run ``mkdocs build --strict`` there and only then swap
the new site in. A failure at any phase leaves the previous site untouched and says which
phase failed.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from gallery.model import catalogue as catalogue_module
from gallery.model.catalogue import Catalogue, Preset
from gallery.pipeline import output
from gallery.pipeline.assemble import assemble
from gallery.pipeline.cache import Artifacts
from gallery.pipeline.compute import compute_all
from gallery.pipeline.config import BuildConfig, BuildError, BuildPaths, BuildSummary
from gallery.pipeline.course import Course, load_course, name_sources
from gallery.pipeline.css_prune import prune_site_styles
from gallery.pipeline.font_subset import subset_site_fonts
from gallery.pipeline.mkdocs import config_digest, mkdocs_config, run_mkdocs, site_nav
from gallery.pipeline.theme_assets import prune_theme_assets
from gallery.pipeline.typeset import typeset_site
from gallery.pipeline.vendor import vendor_files
from gallery.site.pages import CoursePack
from gallery.site.paths import COURSE_PACK

Report = Callable[[str], None]  # phase lines ("compute: ...") and progress ("[3/41] slug")


def _quiet(_message: str) -> None:
    pass


def select_presets(catalogue: Catalogue, only: Sequence[str]) -> list[Preset]:
    """The presets to build, in catalogue order; unknown slugs are an error."""
    if not only:
        return list(catalogue.presets)
    unknown = [slug for slug in only if slug not in catalogue.slugs]
    if unknown:
        hints = "; ".join(
            f"{s!r} (nearest: {', '.join(catalogue.nearest(s)) or '-'})" for s in unknown
        )
        raise BuildError(f"select presets: unknown slug {hints}")
    return [p for p in catalogue.presets if p.slug in set(only)]


def load_catalogue(config: BuildConfig, course: Course | None = None) -> Catalogue:
    """The full catalogue: built-in, the config's and the course's files (what cells may name)."""
    files = config.presets_files + (course.presets_files if course else ())
    try:
        return catalogue_module.load(files)
    except catalogue_module.CatalogueError as error:
        raise BuildError("load catalogue:\n" + "\n".join(error.problems)) from None


def load_presets(config: BuildConfig, course: Course | None = None) -> list[Preset]:
    """Phase 1: the catalogue (built-in plus the config's and the course's files), selected."""
    return select_presets(load_catalogue(config, course), config.only)


@dataclass(frozen=True, slots=True)
class Prepared:
    """A build up to the docs folder in memory: what mkdocs is given, and the up-to-date key."""

    catalogue: Catalogue
    presets: list[Preset]
    sections: list[Artifacts]
    artifacts: list[Artifacts]
    vendored: dict[str, bytes]
    course: Course | None
    docs: dict[str, bytes]
    nav: list
    config_key: str  # what shapes the site besides the docs: mkdocs.yml, overrides, nav, URL
    digest: str  # the up-to-date key: the docs and config_key
    recomputed: int


def prepare(
    config: BuildConfig, report: Report = _quiet, *, vendored: dict[str, bytes] | None = None
) -> Prepared:
    """Phases 1-3 (load, compute, assemble), each reported with its counts and time."""
    paths = BuildPaths(config.root, config.out_dir)
    clock = time.perf_counter()
    course = load_course(config.content_dir) if config.content_dir else None
    if course:
        report(
            f"course: {len(course.pages)} pages, {len(course.files) - len(course.pages)} other "
            f"files, {len(course.presets_files)} preset file(s) from {config.content_dir}"
            + (f" (not in nav.yml: {', '.join(course.unlisted)})" if course.unlisted else "")
        )
    catalogue = load_catalogue(config, course)
    presets = select_presets(catalogue, config.only)
    report(f"load catalogue: {len(presets)} presets to build ({_since(clock)})")
    clock = time.perf_counter()
    artifacts, sections, recomputed, text_only = compute_all(config, paths, presets, report)
    cached = len(artifacts) + len(sections) - recomputed
    report(
        f"compute: {recomputed} recomputed"
        + (f" ({text_only} text only, not re-simulated)" if text_only else "")
        + f", {cached} cached ({_since(clock)})"
    )
    clock = time.perf_counter()
    vendored = vendor_files(paths) if vendored is None else vendored
    lesson_cache = None if config.clean else paths.cache
    docs = assemble(
        paths, presets, sections, artifacts, vendored, course=course, catalogue=catalogue,
        lesson_cache=lesson_cache,
    )  # fmt: skip
    nav = site_nav(config.root, docs.keys(), presets, course.nav if course else None)
    config_key = config_digest(config.root, nav) + config.site_url + ("+zip" if config.zip else "")
    digest = output.tree_digest(docs) + config_key
    size = sum(len(data) for data in docs.values()) / 1e6
    report(f"assemble: {len(docs)} docs files, {size:.1f} MB ({_since(clock)})")
    return Prepared(
        catalogue,
        presets,
        sections,
        artifacts,
        vendored,
        course,
        docs,
        nav,
        config_key,
        digest,
        recomputed,
    )


def run(config: BuildConfig, report: Report = _quiet) -> BuildSummary:
    """Build the site into ``config.out_dir / 'site'``; raises BuildError naming the phase."""
    start = time.perf_counter()
    paths = BuildPaths(config.root, config.out_dir)
    ready = prepare(config, report)
    stamp = paths.cache / "site.digest"
    up_to_date = (
        not config.clean
        and paths.site.exists()
        and stamp.exists()
        and stamp.read_text() == ready.digest
        and (paths.zip.exists() or not config.zip)
    )
    if up_to_date:
        report("mkdocs: the site is up to date, nothing to write")
    else:
        publish(config, ready, report)
        output.write_file(stamp, ready.digest.encode())
    return summarise(paths, start, ready.recomputed, up_to_date, ready.artifacts)


def publish(config: BuildConfig, ready: Prepared, report: Report = _quiet) -> None:
    """Phases 4-5: mkdocs into a staging folder, then the atomic swap into ``site``."""
    paths = BuildPaths(config.root, config.out_dir)
    config.out_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(os.path.realpath(config.out_dir)) / f".staging-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    try:
        staging.mkdir()
        docs = ready.docs
        clock = time.perf_counter()
        if config.zip:  # the offline pack first: the online site offers it for download
            pack = build_course_pack(config, staging, docs, ready.nav)
            docs = assemble(
                paths, ready.presets, ready.sections, ready.artifacts, ready.vendored,
                course_pack=pack_link(pack), course=ready.course, catalogue=ready.catalogue,
                lesson_cache=None if config.clean else paths.cache,
            ) | {f"downloads/{COURSE_PACK}": pack.read_bytes()}  # fmt: skip
            report(f"mkdocs: offline course pack {pack.name} ({_since(clock)})")
            clock = time.perf_counter()
        try:
            site = build_site(config, staging, docs, ready.nav)
        except BuildError as error:
            raise name_sources(error, ready.course) from None
        pages = sum(1 for _ in site.rglob("index.html"))
        report(f"mkdocs: build --strict, {pages} pages ({_since(clock)})")
        clock = time.perf_counter()
        output.swap_in(site, paths.site)
        if config.zip:
            os.replace(staging / COURSE_PACK, paths.zip)
        report(f"swap: {paths.site} replaced ({_since(clock)})")
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _since(clock: float) -> str:
    return f"{time.perf_counter() - clock:.1f} s"


def build_site(
    config: BuildConfig, staging: Path, docs: dict[str, bytes], nav: list,
    *, offline: bool = False,
) -> Path:  # fmt: skip
    """Write ``docs`` into the staging folder and run mkdocs on it; returns the site folder."""
    name = "offline" if offline else "site"
    docs_dir, site_dir = staging / f"docs-{name}", staging / name
    output.write_tree(docs, docs_dir)
    config_path = staging / f"mkdocs-{name}.yml"
    text = mkdocs_config(config, docs_dir, site_dir, nav, offline=offline)
    output.write_file(config_path, text.encode())
    run_mkdocs(config_path)
    typeset_site(config.root, site_dir)  # math as HTML: no page loads KaTeX's JavaScript
    prune_theme_assets(site_dir)  # the theme's source maps and unused search languages
    prune_site_styles(site_dir)  # after every page is final: the rules no page can match go
    subset_site_fonts(site_dir)  # KaTeX's fonts hold the glyphs of the site's math only
    return site_dir


def build_course_pack(
    config: BuildConfig, staging: Path, docs: dict[str, bytes], nav: list
) -> Path:
    """The offline variant of the site, zipped: ``staging / COURSE_PACK``."""
    offline = build_site(config, staging, docs, nav, offline=True)
    pack = staging / COURSE_PACK
    output.write_zip(offline, pack, staging / "pack.partial")
    return pack


def pack_link(pack: Path) -> CoursePack:
    """What the home page says of the course pack."""
    return CoursePack(name=pack.name, megabytes=f"{pack.stat().st_size / 1e6:.0f}")


def summarise(
    paths: BuildPaths, start: float, recomputed: int, up_to_date: bool, artifacts: Sequence
) -> BuildSummary:
    """Numbers for the closing line."""
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
