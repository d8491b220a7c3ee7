"""Phase 4 of the build: the generated mkdocs config and ``mkdocs build --strict``.

Stage: pipeline.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from collections.abc import Collection, Sequence
from pathlib import Path

import yaml

from gallery.model.catalogue import Preset
from gallery.pipeline.config import BuildConfig, BuildError
from gallery.site.bundles import page_bundles
from gallery.site.paths import PresetFiles

COURSE_SECTION = "Course"
SOURCE_DATE_EPOCH = "1700000000"  # the build date mkdocs writes: fixed, so builds are identical


class _TolerantLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml: 20x faster
    """Reads mkdocs.yml without executing its ``!!python`` or ``!ENV`` tags."""


_TolerantLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def base_config(root: Path) -> dict:
    """The project's ``mkdocs.yml``, read without running its tags."""
    return yaml.load((root / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_TolerantLoader)


def site_nav(
    root: Path, docs: Collection[str], presets: Sequence[Preset], course: list | None = None
) -> list:
    """The nav of ``mkdocs.yml`` with the gallery expanded into families of preset pages.

    Entries whose page is not among ``docs`` are dropped, so a partial build stays strict.
    ``course`` (an instructor's pages) becomes the "Course" section, right after Home.
    """
    families: dict[str, list] = {}
    for preset in presets:
        families.setdefault(preset.family, []).append({preset.label: PresetFiles(preset.slug).page})
    gallery = ["gallery/index.md", *({name: pages} for name, pages in families.items())]

    def keep(entry: object) -> object:
        if isinstance(entry, str):
            return entry if entry in docs else None
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

    nav = [e for e in (keep(entry) for entry in base_config(root).get("nav", [])) if e is not None]
    if course:
        nav.insert(1 if nav else 0, {COURSE_SECTION: course})
    return nav


SITE_FINISHERS = tuple(
    Path(__file__).with_name(name)
    for name in (
        "typeset.py", "page_finish.py", "page_data.py", "theme_assets.py", "css_prune.py",
        "font_subset.py",
    )
)  # fmt: skip
"""The modules that rewrite the built site after mkdocs (math, page finish, pruning, fonts)."""


def config_digest(root: Path, nav: list) -> str:
    """A hash of what shapes the site besides the docs: ``mkdocs.yml``, the theme overrides, nav.

    Part of the up-to-date key, so an edit to ``mkdocs.yml`` (or an override template, or a
    module of :data:`SITE_FINISHERS`) rebuilds the site even when no page changed.
    """
    digest = hashlib.sha256((root / "mkdocs.yml").read_bytes())
    overrides = root / "site_src" / "overrides"
    for path in sorted(overrides.rglob("*")) if overrides.exists() else []:
        if path.is_file():
            digest.update(path.relative_to(overrides).as_posix().encode() + path.read_bytes())
    digest.update(json.dumps([nav, page_bundles()], ensure_ascii=False).encode())
    for path in SITE_FINISHERS:  # they rewrite mkdocs' output: a change to them is a change
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()


def mkdocs_config(
    config: BuildConfig, docs_dir: Path, site_dir: Path, nav: list, *, offline: bool = False
) -> str:
    """A config that inherits ``mkdocs.yml`` with the staging folders and the preset nav.

    ``offline`` is the variant for the course pack opened from disk: page files instead of
    folder URLs, Material's offline plugin (the search index as a script), and no instant
    navigation (it fetches pages, which browsers refuse under ``file://``).
    """
    extra: dict = {"ig_bundles": page_bundles()}
    if offline:  # our vendored copy of the worker shim; otherwise the plugin links it from a CDN
        extra["polyfills"] = ["vendor/iframe-worker/shim.js"]
    lines = [
        f"INHERIT: {json.dumps(str(config.root / 'mkdocs.yml'))}",
        f"docs_dir: {json.dumps(str(docs_dir))}",
        f"site_dir: {json.dumps(str(site_dir))}",
        # the scripts the theme override adds to a page whose widgets need them
        f"extra: {json.dumps(extra)}",
        "theme:",
        f"  custom_dir: {json.dumps(str(config.root / 'site_src' / 'overrides'))}",
    ]
    if offline:
        features = base_config(config.root)["theme"].get("features", [])
        lines.append(
            f"  features: {json.dumps([f for f in features if f != 'navigation.instant'])}"
        )
        plugins = [*base_config(config.root).get("plugins", []), "offline"]
        lines += [
            "use_directory_urls: false",
            f"plugins: {json.dumps(plugins)}",
        ]
    lines.append(f"nav: {json.dumps(nav, ensure_ascii=False)}")
    if config.site_url and not offline:
        lines.append(f"site_url: {json.dumps(config.site_url)}")
    return "\n".join(lines) + "\n"


def run_mkdocs(config_path: Path) -> None:
    """``mkdocs build --strict``; fails the build on any warning.

    Not ``-q``: mkdocs' quiet flag silences warnings before its strict mode counts them, so a
    broken link passed ``--strict -q``. Its INFO lines are captured and dropped.
    """
    env = os.environ | {"NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config_path)],
        capture_output=True, text=True, env=env,
    )  # fmt: skip
    if result.returncode != 0:
        lines = result.stderr.strip().splitlines()
        problems = [line for line in lines if not line.startswith("INFO")] or lines
        raise BuildError("mkdocs build --strict failed:\n" + "\n".join(problems))
