"""The incremental cache: artifacts keyed by a digest of their data and of the code.

Stage: pipeline. A preset's artifacts are recomputed only when the preset, its neighbours'
labels or the code that shapes them changed (sphinx-gallery's md5 rule, with sha256).
"""

from __future__ import annotations

import dataclasses
import hashlib
import pickle
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gallery.model.catalogue import Preset
from gallery.site.pages import TemplatePage

PACKAGE = Path(__file__).resolve().parents[1]  # the gallery package
CACHE_VERSION = 4
SIMULATION_SUFFIX = ".simulation"
TEXT_FIELDS = ("summary", "behaviour", "notes")  # prose only: no figure or run depends on it


@dataclass(frozen=True, slots=True)
class Artifacts:
    """What one preset or site section contributes to the docs folder.

    ``files`` are final bytes by docs-relative path; ``pages`` are a section's pages as
    templates with their values, rendered once the whole build is known; ``payload`` is a
    preset's widget payload (the embeds, the explorer and the comparison widget are made from
    it); ``warnings`` go to the build log (the page says them too).
    """

    name: str
    key: str
    files: dict[str, bytes] = field(default_factory=dict)
    pages: dict[str, TemplatePage] = field(default_factory=dict)
    payload: dict[str, Any] | None = None
    warnings: tuple[str, ...] = ()
    runs: tuple = ()  # a preset's runs (its simulation entry), for re-rendering its text


def code_digest(templates: Path) -> str:
    """A hash of the code, style, recorded data and templates that shape the artifacts."""
    digest = hashlib.sha256()
    sources = sorted(PACKAGE.rglob("*.py")) + sorted(PACKAGE.rglob("*.mplstyle"))
    sources += sorted(PACKAGE.rglob("*.json"))  # recorded measurements the pages quote
    sources += sorted(templates.glob("*.j2")) if templates.exists() else []
    for path in sources:
        digest.update(path.as_posix().removeprefix(PACKAGE.parent.as_posix()).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def preset_key(preset: Preset, neighbours: tuple[Preset | None, Preset | None], code: str) -> str:
    """The cache key of a preset's artifacts: its data, its neighbours' labels, the code."""
    names = tuple(None if n is None else (n.slug, n.label) for n in neighbours)
    return _sha((CACHE_VERSION, preset, names, code))


def simulation_name(slug: str) -> str:
    """The cache entry of a preset's runs and figures (beside its text entry ``slug``)."""
    return slug + SIMULATION_SUFFIX


def simulation_key(preset: Preset, code: str) -> str:
    """The key of a preset's runs and figures: the preset without its prose, and the code.

    Its summary, behaviour and notes shape only its page and payload, so editing them keeps
    this key (and the simulation) while ``preset_key`` moves.
    """
    blank = dataclasses.replace(preset, **dict.fromkeys(TEXT_FIELDS, ""))
    return _sha((CACHE_VERSION, "simulation", blank, code))


def section_key(name: str, inputs: Sequence[object], code: str) -> str:
    """The cache key of a site section: its name, the code and the data it is given."""
    return _sha((CACHE_VERSION, name, code, tuple(inputs)))


def _sha(value: object) -> str:
    return hashlib.sha256(repr(value).encode()).hexdigest()


def load(folder: Path, name: str, key: str) -> Artifacts | None:
    """The cached artifacts of ``name`` if their key is ``key``, else None."""
    try:
        with (folder / f"{name}.pickle").open("rb") as handle:
            artifacts = pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        return None
    return artifacts if isinstance(artifacts, Artifacts) and artifacts.key == key else None


def store(folder: Path, artifacts: Artifacts) -> None:
    """Keep ``artifacts`` for the next build."""
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / f"{artifacts.name}.pickle").open("wb") as handle:
        pickle.dump(artifacts, handle)
