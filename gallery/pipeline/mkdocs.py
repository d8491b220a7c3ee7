"""Phase 4 of the build: the generated mkdocs config and ``mkdocs build --strict``.

Stage: pipeline.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Collection, Sequence
from pathlib import Path

import yaml

from gallery.model.catalogue import Preset
from gallery.pipeline.config import BuildConfig, BuildError
from gallery.site.paths import PresetFiles


class _TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without executing its ``!!python`` or ``!ENV`` tags."""


_TolerantLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def base_config(root: Path) -> dict:
    """The project's ``mkdocs.yml``, read without running its tags."""
    return yaml.load((root / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_TolerantLoader)


def site_nav(root: Path, docs: Collection[str], presets: Sequence[Preset]) -> list:
    """The nav of ``mkdocs.yml`` with the gallery expanded into families of preset pages.

    Entries whose page is not among ``docs`` are dropped, so a partial build stays strict.
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

    return [e for e in (keep(entry) for entry in base_config(root).get("nav", [])) if e is not None]


def mkdocs_config(
    config: BuildConfig, docs_dir: Path, site_dir: Path, nav: list, *, offline: bool = False
) -> str:
    """A config that inherits ``mkdocs.yml`` with the staging folders and the preset nav.

    ``offline`` is the variant for the course pack opened from disk: page files instead of
    folder URLs, Material's offline plugin (the search index as a script), and no instant
    navigation (it fetches pages, which browsers refuse under ``file://``).
    """
    lines = [
        f"INHERIT: {json.dumps(str(config.root / 'mkdocs.yml'))}",
        f"docs_dir: {json.dumps(str(docs_dir))}",
        f"site_dir: {json.dumps(str(site_dir))}",
        "theme:",
        f"  custom_dir: {json.dumps(str(config.root / 'site_src' / 'overrides'))}",
    ]
    if offline:
        features = base_config(config.root)["theme"].get("features", [])
        lines.append(
            f"  features: {json.dumps([f for f in features if f != 'navigation.instant'])}"
        )
        # our vendored copy of the worker shim; otherwise the plugin links it from a CDN
        plugins = [*base_config(config.root).get("plugins", []), "offline"]
        lines += [
            "use_directory_urls: false",
            f"plugins: {json.dumps(plugins)}",
            'extra: {"polyfills": ["vendor/iframe-worker/shim.js"]}',
        ]
    lines.append(f"nav: {json.dumps(nav, ensure_ascii=False)}")
    if config.site_url and not offline:
        lines.append(f"site_url: {json.dumps(config.site_url)}")
    return "\n".join(lines) + "\n"


def run_mkdocs(config_path: Path) -> None:
    """``mkdocs build --strict``; fails the build on any warning.

    Not ``-q``: it raises the loggers' level above WARNING, so mkdocs never sees the warnings
    it is to count and ``--strict`` passes a broken link or cross-reference.
    """
    env = os.environ | {"NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1700000000"}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config_path)],
        capture_output=True, text=True, env=env,
    )  # fmt: skip
    if result.returncode != 0:
        lines = result.stderr.strip().splitlines()
        problems = [line for line in lines if not line.startswith("INFO")] or lines
        raise BuildError("mkdocs build --strict failed:\n" + "\n".join(problems))
