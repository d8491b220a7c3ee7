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
from pathlib import Path

from gallery.model import catalogue as catalogue_module
from gallery.model.catalogue import Catalogue, Preset
from gallery.pipeline import output
from gallery.pipeline.assemble import assemble
from gallery.pipeline.compute import compute_all
from gallery.pipeline.config import BuildConfig, BuildError, BuildPaths, BuildSummary
from gallery.pipeline.mkdocs import mkdocs_config, run_mkdocs, site_nav
from gallery.pipeline.vendor import vendor_files
from gallery.site.pages import CoursePack
from gallery.site.paths import COURSE_PACK


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


def load_catalogue(config: BuildConfig) -> Catalogue:
    """The full catalogue: built-in plus the config's files (what live cells may name)."""
    try:
        return catalogue_module.load(config.presets_files)
    except catalogue_module.CatalogueError as error:
        raise BuildError("load catalogue:\n" + "\n".join(error.problems)) from None


def load_presets(config: BuildConfig) -> list[Preset]:
    """Phase 1: the catalogue (built-in plus the config's files) and the presets to build."""
    return select_presets(load_catalogue(config), config.only)


def run(config: BuildConfig, report: Callable[[str], None] = lambda _: None) -> BuildSummary:
    """Build the site into ``config.out_dir / 'site'``; raises BuildError naming the phase."""
    start = time.perf_counter()
    paths = BuildPaths(config.root, config.out_dir)
    catalogue = load_catalogue(config)
    presets = select_presets(catalogue, config.only)
    artifacts, sections, recomputed = compute_all(config, paths, presets, report)
    vendored = vendor_files(paths)
    lesson_cache = None if config.clean else paths.cache
    docs = assemble(
        paths, presets, sections, artifacts, vendored, catalogue=catalogue,
        lesson_cache=lesson_cache,
    )  # fmt: skip
    digest = output.tree_digest(docs) + config.site_url + ("+zip" if config.zip else "")
    stamp = paths.cache / "site.digest"
    up_to_date = (
        not config.clean
        and paths.site.exists()
        and stamp.exists()
        and stamp.read_text() == digest
        and (paths.zip.exists() or not config.zip)
    )
    if not up_to_date:
        config.out_dir.mkdir(parents=True, exist_ok=True)
        staging = Path(os.path.realpath(config.out_dir)) / f".staging-{os.getpid()}"
        shutil.rmtree(staging, ignore_errors=True)
        try:
            staging.mkdir()
            if config.zip:  # the offline pack first: the online site offers it for download
                pack = build_course_pack(config, staging, docs, presets)
                docs = assemble(
                    paths,
                    presets,
                    sections,
                    artifacts,
                    vendored,
                    course_pack=pack_link(pack),
                    catalogue=catalogue,
                    lesson_cache=lesson_cache,
                ) | {f"downloads/{COURSE_PACK}": pack.read_bytes()}
            site = build_site(config, staging, docs, presets)
            output.swap_in(site, paths.site)
            if config.zip:
                os.replace(staging / COURSE_PACK, paths.zip)
            output.write_file(stamp, digest.encode())
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    return summarise(paths, start, recomputed, up_to_date, artifacts)


def build_site(
    config: BuildConfig, staging: Path, docs: dict[str, bytes], presets: Sequence[Preset],
    *, offline: bool = False,
) -> Path:  # fmt: skip
    """Write ``docs`` into the staging folder and run mkdocs on it; returns the site folder."""
    name = "offline" if offline else "site"
    docs_dir, site_dir = staging / f"docs-{name}", staging / name
    output.write_tree(docs, docs_dir)
    nav = site_nav(config.root, docs.keys(), presets)
    config_path = staging / f"mkdocs-{name}.yml"
    text = mkdocs_config(config, docs_dir, site_dir, nav, offline=offline)
    output.write_file(config_path, text.encode())
    run_mkdocs(config_path)
    return site_dir


def build_course_pack(
    config: BuildConfig, staging: Path, docs: dict[str, bytes], presets: Sequence[Preset]
) -> Path:
    """The offline variant of the site, zipped: ``staging / COURSE_PACK``."""
    offline = build_site(config, staging, docs, presets, offline=True)
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
