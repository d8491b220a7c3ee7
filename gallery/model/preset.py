"""The preset as data: frozen dataclasses for a neuron type, its model and its source.

Stage: model (imports ``forms``, ``stimulus``). No I/O: :mod:`gallery.model.catalogue` reads
the TOML files and :mod:`gallery.model.tables` turns their tables into these.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Sequence
from dataclasses import dataclass

from gallery.model.forms import Form, form_named
from gallery.model.stimulus import Stimulus


class CatalogueError(ValueError):
    """One or more problems in catalogue files; ``problems`` holds one message each."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(self.problems))


@dataclass(frozen=True, slots=True, kw_only=True)
class Source:
    """Where a preset comes from: paper, figure and panel, plus optional script and DOI."""

    paper: str
    figure: str
    panel: str
    doi: str = ""
    script: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Model:
    """Model constants (see :mod:`gallery.model.schemes.primitives` for the equations).

    ``form`` is a registered :class:`~gallery.model.forms.Form`; its name (``"2004"``,
    ``"2007"``) is accepted too and replaced by the form, so ``Model(form="2004", ...)`` works.
    """

    form: Form
    a: float
    b: float
    c: float
    d: float
    v_peak: float
    k2: float = 0.04
    k1: float = 5.0
    k0: float = 140.0
    C: float = 1.0
    k: float = 0.0
    vr: float = 0.0
    vt: float = 0.0
    u_decay: float = 1.0
    u_v_offset: float = 0.0
    b_hyper: float | None = None
    b_switch_v: float | None = None
    vb: float | None = None
    c_u: float = 0.0
    v_peak_u: float = 0.0
    u_max: float = math.inf
    spike_test: str = ">"

    def __post_init__(self) -> None:
        if isinstance(self.form, str):
            object.__setattr__(self, "form", form_named(self.form))


@dataclass(frozen=True, slots=True, kw_only=True)
class Preset:
    """One neuron type with its published protocol."""

    slug: str
    label: str
    family: str
    source: Source
    summary: str
    behaviour: str
    scheme: str
    dt_ms: float
    t_max_ms: float
    v0: float
    u0: float
    model: Model
    stimulus: Stimulus
    notes: str = ""
    origin: str = ""

    def __post_init__(self) -> None:
        # A v0 of -65 (an int, e.g. from dataclasses.replace) would make every array built
        # from it an integer array, and an integer state truncates each step: store floats.
        for name in ("dt_ms", "t_max_ms", "v0", "u0"):
            object.__setattr__(self, name, float(getattr(self, name)))

    @property
    def amplitudes(self) -> tuple[float, ...]:
        """The published amplitudes, one run each, in the published order."""
        return self.stimulus.amplitudes


@dataclass(frozen=True, slots=True)
class Catalogue:
    """An ordered, slug-unique collection of presets."""

    presets: tuple[Preset, ...]

    @property
    def slugs(self) -> tuple[str, ...]:
        """Slugs in catalogue order."""
        return tuple(p.slug for p in self.presets)

    def get(self, slug: str) -> Preset:
        """The preset with this slug; ``KeyError`` names the nearest slugs."""
        for preset in self.presets:
            if preset.slug == slug:
                return preset
        raise UnknownPresetError(slug, self.nearest(slug))

    def nearest(self, slug: str, n: int = 3) -> list[str]:
        """Slugs that look like ``slug``, best first."""
        return difflib.get_close_matches(slug, self.slugs, n=n, cutoff=0.4)

    def families(self) -> tuple[str, ...]:
        """Family names in order of first appearance."""
        return tuple(dict.fromkeys(p.family for p in self.presets))


class UnknownPresetError(KeyError):
    """A slug that is not in the catalogue."""

    def __init__(self, slug: str, nearest: list[str]) -> None:
        self.slug = slug
        self.nearest = nearest
        hint = f"; did you mean {', '.join(nearest)}?" if nearest else ""
        super().__init__(f"unknown preset {slug!r}{hint}")

    def __str__(self) -> str:
        return str(self.args[0])
