"""The preset catalogue: TOML files in, validated frozen dataclasses out.

Stage: model (imports ``preset``, ``schemes``, ``tables``). Reads files; writes nothing.
The dataclasses live in :mod:`gallery.model.preset`, the checks in
:mod:`gallery.model.validate` and the table parsing in :mod:`gallery.model.tables`; their
public names are re-exported here.

Each problem in a file becomes one message naming the file, the preset and the key, so an
instructor who adds a neuron type sees everything to fix at once. Loading extra files never
alters the built-in catalogue: every load returns a new :class:`Catalogue`.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from importlib import resources
from pathlib import Path

from gallery.model import schemes
from gallery.model.preset import (
    Catalogue,
    CatalogueError,
    Model,
    Preset,
    Source,
    UnknownPresetError,
)
from gallery.model.tables import parse_presets
from gallery.model.validate import SLUG_PATTERN

__all__ = [
    "SCHEMES", "SLUG_PATTERN", "Catalogue", "CatalogueError", "Model", "Preset", "Source",
    "UnknownPresetError", "builtin", "load", "parse_presets", "preset",
]  # fmt: skip

SCHEMES = tuple(schemes.SCHEMES)
"""The scheme names, in the registry's order."""


def _merge(presets: Iterable[Preset]) -> tuple[list[Preset], list[str]]:
    seen: dict[str, Preset] = {}
    problems = []
    for preset in presets:
        if preset.slug in seen:
            first = seen[preset.slug].origin
            problems.append(
                f"{preset.origin}: preset '{preset.slug}': key 'slug': duplicate slug, "
                f"already defined in {first}"
            )
        else:
            seen[preset.slug] = preset
    return list(seen.values()), problems


@functools.cache
def builtin() -> Catalogue:
    """The catalogue shipped in ``gallery/presets`` (files in name order)."""
    folder = resources.files("gallery") / "presets"
    presets: list[Preset] = []
    problems: list[str] = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            found, issues = parse_presets(
                entry.read_text(encoding="utf-8"), f"presets/{entry.name}"
            )
            presets += found
            problems += issues
    merged, duplicates = _merge(presets)
    if problems or duplicates:
        raise CatalogueError(problems + duplicates)
    return Catalogue(tuple(merged))


def load(paths: Sequence[str | Path] = ()) -> Catalogue:
    """The built-in catalogue plus the presets of ``paths``, or :class:`CatalogueError`."""
    presets = list(builtin().presets)
    problems: list[str] = []
    for path in paths:
        path = Path(path)
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            problems.append(f"{path}: cannot read: {error}")
            continue
        found, issues = parse_presets(text, str(path))
        presets += found
        problems += issues
    merged, duplicates = _merge(presets)
    if problems or duplicates:
        raise CatalogueError(problems + duplicates)
    return Catalogue(tuple(merged))


def preset(slug: str, paths: Sequence[str | Path] = ()) -> Preset:
    """One preset by slug, from the built-in catalogue plus ``paths``."""
    return load(paths).get(slug)
