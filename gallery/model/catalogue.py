"""The preset catalogue: TOML files in, validated frozen dataclasses out.

Stage: bottom (imports ``expr``, ``grid``, ``stimulus``). Reads files; writes nothing.

Each problem in a file becomes one message naming the file, the preset and the key, so an
instructor who adds a neuron type sees everything to fix at once. Loading extra files never
alters the built-in catalogue: every load returns a new :class:`Catalogue`.
"""

from __future__ import annotations

import difflib
import functools
import math
import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from gallery.model.expr import Expr, ExpressionError, parse
from gallery.model.grid import MAX_STEPS, steps_needed
from gallery.model.stimulus import BOUNDS, Stimulus, Window

SCHEMES = ("published-2004", "book-2007", "network-2003", "euler", "reference")
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


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
    """Model constants (see :mod:`gallery.kernels` for the equations they enter)."""

    form: str  # "2004": 0.04 v^2 + 5 v + 140 family; "2007": C dv/dt = k (v - vr)(v - vt)
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


# --- key specification -------------------------------------------------------------------

_NUMBER = "number"
_TEXT = "text"
_TABLE = "table"

_REQUIRED = {
    "slug": _TEXT, "label": _TEXT, "family": _TEXT, "source": _TABLE, "summary": _TEXT,
    "behaviour": _TEXT, "scheme": _TEXT, "dt_ms": _NUMBER, "t_max_ms": _NUMBER, "v0": _NUMBER,
    "a": _NUMBER, "b": _NUMBER, "c": _NUMBER, "d": _NUMBER, "v_peak": _NUMBER,
    "stimulus": _TABLE,
}  # fmt: skip
_OPTIONAL = {
    "u0": _NUMBER, "k2": _NUMBER, "k1": _NUMBER, "k0": _NUMBER, "C": _NUMBER, "k": _NUMBER,
    "vr": _NUMBER, "vt": _NUMBER, "u_decay": _NUMBER, "u_v_offset": _NUMBER,
    "b_hyper": _NUMBER, "b_switch_v": _NUMBER, "vb": _NUMBER, "c_u": _NUMBER,
    "v_peak_u": _NUMBER, "u_max": _NUMBER, "spike_test": _TEXT, "notes": _TEXT,
}  # fmt: skip
_SOURCE_KEYS = {"paper": True, "figure": True, "panel": True, "doi": False, "script": False}
_STIMULUS_KEYS = {"amplitudes", "baseline", "amplitude_label", "window"}
_WINDOW_KEYS = {"start", "end", "bounds", "value"}
_FORM_2007 = ("C", "k", "vr", "vt")
_QUADRATIC = ("k2", "k1", "k0")


class _Problems:
    """Collects messages for one preset table, prefixed with file and preset."""

    def __init__(self, out: list[str], origin: str, where: str) -> None:
        self.out = out
        self.prefix = f"{origin}: {where}"

    def add(self, key: str, why: str) -> None:
        self.out.append(f"{self.prefix}: key '{key}': {why}")


def _type_problem(value: Any, kind: str) -> str | None:
    if kind == _NUMBER:
        if isinstance(value, bool) or not isinstance(value, int | float):
            return f"expected a number, got {type(value).__name__} {value!r}"
        if not math.isfinite(value):
            return f"{value!r} is not a finite number"
    elif kind == _TEXT:
        if not isinstance(value, str):
            return f"expected a string, got {type(value).__name__} {value!r}"
        if not value.strip():
            return "must not be empty"
    elif kind == _TABLE and not isinstance(value, dict):
        return f"expected a table, got {type(value).__name__}"
    return None


def _check_keys(table: dict, problems: _Problems) -> dict:
    """Report unknown, mistyped and missing keys; return the keys that are present and valid."""
    allowed = _REQUIRED | _OPTIONAL
    valid = {}
    for key, value in table.items():
        if key not in allowed:
            close = difflib.get_close_matches(key, list(allowed), n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            problems.add(key, f"unknown key{hint}")
        elif (why := _type_problem(value, allowed[key])) is not None:
            problems.add(key, why)
        else:
            valid[key] = value
    for key in _REQUIRED:
        if key not in table:
            problems.add(key, "missing required key")
    return valid


def _check_values(table: dict, problems: _Problems) -> None:
    """Check the values of the valid keys (``table`` holds only those)."""
    if "slug" in table and not SLUG_PATTERN.match(table["slug"]):
        problems.add("slug", "must be kebab-case: lowercase letters, digits and single hyphens")
    if "scheme" in table and table["scheme"] not in SCHEMES:
        problems.add("scheme", f"unknown scheme {table['scheme']!r} (known: {', '.join(SCHEMES)})")
    dt, t_max = table.get("dt_ms"), table.get("t_max_ms")
    if dt is not None and dt <= 0:
        problems.add("dt_ms", f"must be > 0, got {dt!r}")
    if t_max is not None and t_max <= 0:
        problems.add("t_max_ms", f"must be > 0, got {t_max!r}")
    if dt is not None and t_max is not None and dt > 0 and t_max > 0:
        steps = steps_needed(table["dt_ms"], table["t_max_ms"])
        if steps > MAX_STEPS:
            problems.add(
                "t_max_ms", f"the run needs {steps:.3g} steps, over the limit {MAX_STEPS:,}"
            )
        elif table["dt_ms"] > table["t_max_ms"]:
            problems.add("dt_ms", "is longer than the run (t_max_ms)")
    given_2007 = [key for key in _FORM_2007 if key in table]
    if given_2007 and len(given_2007) < len(_FORM_2007):
        missing = ", ".join(k for k in _FORM_2007 if k not in table)
        problems.add(
            given_2007[0], f"the 2007 form needs C, k, vr and vt together; missing {missing}"
        )
    if given_2007 and any(key in table for key in _QUADRATIC):
        problems.add(
            "k2",
            "quadratic coefficients (k2, k1, k0) belong to the 2004 form, not with C, k, vr, vt",
        )
    if table.get("C", 1.0) <= 0:
        problems.add("C", f"capacitance must be > 0, got {table['C']!r}")
    if ("b_hyper" in table) != ("b_switch_v" in table):
        problems.add("b_hyper", "b_hyper and b_switch_v come together")
    if _reset_above_peak(table):
        problems.add(
            "c",
            f"the reset c = {table['c']} is not below the spike cut-off v_peak = "
            f"{table['v_peak']}: the cell would fire at every step",
        )
    if table.get("spike_test", ">") not in (">", ">="):
        problems.add("spike_test", "must be '>' or '>='")


def _reset_above_peak(table: dict) -> bool:
    fixed = table.get("c_u", 0.0) == 0.0 and table.get("v_peak_u", 0.0) == 0.0
    has = "c" in table and "v_peak" in table
    return has and fixed and table["c"] >= table["v_peak"]


def _source(table: dict, problems: _Problems) -> Source | None:
    source = table["source"]
    ok = True
    for key, value in source.items():
        if key not in _SOURCE_KEYS:
            problems.add(f"source.{key}", "unknown key")
            ok = False
        elif (why := _type_problem(value, _TEXT)) is not None:
            problems.add(f"source.{key}", why)
            ok = False
    for key, required in _SOURCE_KEYS.items():
        if required and key not in source:
            problems.add(f"source.{key}", "missing required key")
            ok = False
    return Source(**source) if ok else None


def _expr(value: Any, key: str, names: set[str], problems: _Problems) -> Expr | None:
    try:
        expr = parse(value)
    except ExpressionError as error:
        problems.add(key, str(error))
        return None
    extra = expr.names - names
    if extra:
        problems.add(
            key,
            f"may use only {', '.join(sorted(names)) or 'numbers'}, not {', '.join(sorted(extra))}",
        )
        return None
    return expr


def _window(index: int, table: Any, problems: _Problems) -> Window | None:
    key = f"stimulus.window[{index}]"
    if not isinstance(table, dict):
        problems.add(key, "expected a table")
        return None
    unknown = set(table) - _WINDOW_KEYS
    for name in sorted(unknown):
        problems.add(f"{key}.{name}", "unknown key")
    if "value" not in table:
        problems.add(f"{key}.value", "missing required key")
        return None
    bounds = table.get("bounds", "()")
    if bounds not in BOUNDS:
        problems.add(f"{key}.bounds", f"must be one of {', '.join(BOUNDS)}, got {bounds!r}")
    start = _expr(table["start"], f"{key}.start", {"t_end"}, problems) if "start" in table else None
    end = _expr(table["end"], f"{key}.end", {"t_end"}, problems) if "end" in table else None
    value = _expr(table["value"], f"{key}.value", {"t", "t_end", "amp"}, problems)
    failed = unknown or bounds not in BOUNDS or value is None
    failed = failed or ("start" in table and start is None) or ("end" in table and end is None)
    if failed:
        return None
    return Window(start=start, end=end, bounds=bounds, value=value)


def _stimulus(table: dict, problems: _Problems) -> Stimulus | None:
    stim = table["stimulus"]
    ok = True
    for key in sorted(set(stim) - _STIMULUS_KEYS):
        problems.add(f"stimulus.{key}", "unknown key")
        ok = False
    amplitudes = stim.get("amplitudes")
    if amplitudes is None:
        problems.add("stimulus.amplitudes", "missing required key (a list with one number per run)")
        ok = False
    elif not isinstance(amplitudes, list) or not amplitudes:
        problems.add("stimulus.amplitudes", "expected a non-empty list of numbers")
        ok = False
    else:
        for i, amp in enumerate(amplitudes):
            if (why := _type_problem(amp, _NUMBER)) is not None:
                problems.add(f"stimulus.amplitudes[{i}]", why)
                ok = False
    label = stim.get("amplitude_label", "amplitude")
    if (why := _type_problem(label, _TEXT)) is not None:
        problems.add("stimulus.amplitude_label", why)
        ok = False
    baseline = _expr(
        stim.get("baseline", 0.0), "stimulus.baseline", {"t", "t_end", "amp"}, problems
    )
    raw_windows = stim.get("window", [])
    if not isinstance(raw_windows, list):
        problems.add("stimulus.window", "expected an array of tables ([[preset.stimulus.window]])")
        return None
    windows = [_window(i, w, problems) for i, w in enumerate(raw_windows)]
    if not ok or baseline is None or any(w is None for w in windows):
        return None
    return Stimulus(
        amplitudes=tuple(float(a) for a in amplitudes),
        baseline=baseline,
        windows=tuple(windows),
        amplitude_label=label,
    )


def _model(table: dict) -> Model:
    numbers = {k: float(v) for k, v in table.items() if isinstance(v, int | float) and k != "u0"}
    form = "2007" if "C" in table else "2004"
    spike_test = table.get("spike_test", ">=" if form == "2007" else ">")
    fields = {
        k: numbers[k]
        for k in (*_QUADRATIC, *_FORM_2007, "u_decay", "u_v_offset", "b_hyper", "b_switch_v",
                  "vb", "c_u", "v_peak_u", "u_max")
        if k in numbers
    }  # fmt: skip
    if form == "2007":
        fields.setdefault("u_v_offset", numbers["vr"])
    return Model(
        form=form, a=numbers["a"], b=numbers["b"], c=numbers["c"], d=numbers["d"],
        v_peak=numbers["v_peak"], spike_test=spike_test, **fields,
    )  # fmt: skip


def _preset(table: Any, index: int, origin: str, out: list[str]) -> Preset | None:
    slug = table.get("slug") if isinstance(table, dict) else None
    where = f"preset #{index + 1}" + (f" '{slug}'" if isinstance(slug, str) else "")
    problems = _Problems(out, origin, where)
    if not isinstance(table, dict):
        out.append(f"{origin}: {where}: expected a table")
        return None
    before = len(out)
    valid = _check_keys(table, problems)
    _check_values(valid, problems)
    source = _source(valid, problems) if "source" in valid else None
    stimulus = _stimulus(valid, problems) if "stimulus" in valid else None
    if len(out) > before or source is None or stimulus is None:
        return None
    model = _model(table)
    v0 = float(table["v0"])
    return Preset(
        slug=table["slug"], label=table["label"], family=table["family"], source=source,
        summary=table["summary"].strip(), behaviour=table["behaviour"].strip(),
        scheme=table["scheme"], dt_ms=float(table["dt_ms"]), t_max_ms=float(table["t_max_ms"]),
        v0=v0, u0=float(table.get("u0", model.b * v0)), model=model, stimulus=stimulus,
        notes=table.get("notes", "").strip(), origin=origin,
    )  # fmt: skip


def parse_presets(text: str, origin: str) -> tuple[list[Preset], list[str]]:
    """Parse one catalogue file's text; returns the presets and the problems found."""
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        return [], [f"{origin}: not valid TOML: {error}"]
    problems: list[str] = []
    for key in sorted(set(document) - {"preset"}):
        problems.append(
            f"{origin}: top-level key '{key}': unknown (a file holds [[preset]] tables)"
        )
    tables = document.get("preset")
    if not isinstance(tables, list) or not tables:
        problems.append(f"{origin}: no [[preset]] tables found")
        return [], problems
    presets = [_preset(table, i, origin, problems) for i, table in enumerate(tables)]
    return [p for p in presets if p is not None], problems


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
