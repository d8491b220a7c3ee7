"""Preset tables to dataclasses: a catalogue file's text in, presets and problems out.

Stage: model (imports ``expr``, ``forms``, ``preset``, ``stimulus``, ``validate``). Pure: the
caller reads the file.
"""

from __future__ import annotations

import tomllib
from typing import Any

from gallery.model.expr import Expr, ExpressionError, parse
from gallery.model.forms import form_of
from gallery.model.preset import Model, Preset, Source
from gallery.model.stimulus import BOUNDS, Stimulus, Window
from gallery.model.validate import (
    FACTORED_KEYS,
    NUMBER,
    OPTIONAL_TEXT,
    QUADRATIC_KEYS,
    SOURCE_KEYS,
    STIMULUS_KEYS,
    TEXT,
    WINDOW_KEYS,
    Problems,
    check_keys,
    check_values,
    type_problem,
)


def _source(table: dict, problems: Problems) -> Source | None:
    source = table["source"]
    ok = True
    for key, value in source.items():
        if key not in SOURCE_KEYS:
            problems.add(f"source.{key}", "unknown key")
            ok = False
        elif (why := type_problem(value, TEXT if SOURCE_KEYS[key] else OPTIONAL_TEXT)) is not None:
            problems.add(f"source.{key}", why)
            ok = False
    for key, required in SOURCE_KEYS.items():
        if required and key not in source:
            problems.add(f"source.{key}", "missing required key")
            ok = False
    return Source(**source) if ok else None


def _expr(value: Any, key: str, names: set[str], problems: Problems) -> Expr | None:
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


def _window(index: int, table: Any, problems: Problems) -> Window | None:
    key = f"stimulus.window[{index}]"
    if not isinstance(table, dict):
        problems.add(key, "expected a table")
        return None
    unknown = set(table) - WINDOW_KEYS
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


def _stimulus(table: dict, problems: Problems) -> Stimulus | None:
    stim = table["stimulus"]
    ok = True
    for key in sorted(set(stim) - STIMULUS_KEYS):
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
            if (why := type_problem(amp, NUMBER)) is not None:
                problems.add(f"stimulus.amplitudes[{i}]", why)
                ok = False
    label = stim.get("amplitude_label", "amplitude")
    if (why := type_problem(label, TEXT)) is not None:
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
    form = form_of(table)
    spike_test = table.get("spike_test", form.spike_test)
    fields = {
        k: numbers[k]
        for k in (*QUADRATIC_KEYS, *FACTORED_KEYS, "u_decay", "u_v_offset", "b_hyper", "b_switch_v",
                  "vb", "c_u", "v_peak_u", "u_max")
        if k in numbers
    }  # fmt: skip
    if form.u_offset_key is not None:
        fields.setdefault("u_v_offset", numbers[form.u_offset_key])
    return Model(
        form=form, a=numbers["a"], b=numbers["b"], c=numbers["c"], d=numbers["d"],
        v_peak=numbers["v_peak"], spike_test=spike_test, **fields,
    )  # fmt: skip


def _preset(table: Any, index: int, origin: str, out: list[str]) -> Preset | None:
    slug = table.get("slug") if isinstance(table, dict) else None
    where = f"preset #{index + 1}" + (f" '{slug}'" if isinstance(slug, str) else "")
    problems = Problems(out, origin, where)
    if not isinstance(table, dict):
        out.append(f"{origin}: {where}: expected a table")
        return None
    before = len(out)
    valid = check_keys(table, problems)
    check_values(valid, problems)
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
