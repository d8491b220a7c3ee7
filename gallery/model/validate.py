"""Validation of one preset table: known keys, their types and the values that fit together.

Stage: model (imports ``forms``, ``grid``, ``schemes``). Each problem becomes one message that
names the file, the preset and the key, so an instructor sees everything to fix at once.
"""

from __future__ import annotations

import difflib
import math
import re
from typing import Any

from gallery.model.forms import FORM_2004, FORM_2007
from gallery.model.grid import MAX_STEPS, steps_needed
from gallery.model.schemes import SCHEMES

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

NUMBER = "number"
TEXT = "text"
OPTIONAL_TEXT = "optional text"  # may be empty: "" is the dataclass default, meaning "none"
TABLE = "table"

_REQUIRED = {
    "slug": TEXT, "label": TEXT, "family": TEXT, "source": TABLE, "summary": TEXT,
    "behaviour": TEXT, "scheme": TEXT, "dt_ms": NUMBER, "t_max_ms": NUMBER, "v0": NUMBER,
    "a": NUMBER, "b": NUMBER, "c": NUMBER, "d": NUMBER, "v_peak": NUMBER,
    "stimulus": TABLE,
}  # fmt: skip
_OPTIONAL = {
    "u0": NUMBER, "k2": NUMBER, "k1": NUMBER, "k0": NUMBER, "C": NUMBER, "k": NUMBER,
    "vr": NUMBER, "vt": NUMBER, "u_decay": NUMBER, "u_v_offset": NUMBER,
    "b_hyper": NUMBER, "b_switch_v": NUMBER, "vb": NUMBER, "c_u": NUMBER,
    "v_peak_u": NUMBER, "u_max": NUMBER, "spike_test": OPTIONAL_TEXT, "notes": OPTIONAL_TEXT,
}  # fmt: skip
SOURCE_KEYS = {"paper": True, "figure": True, "panel": True, "doi": False, "script": False}
STIMULUS_KEYS = {"amplitudes", "baseline", "amplitude_label", "window"}
WINDOW_KEYS = {"start", "end", "bounds", "value"}
FACTORED_KEYS = FORM_2007.keys
QUADRATIC_KEYS = FORM_2004.keys


class Problems:
    """Collects messages for one preset table, prefixed with file and preset."""

    def __init__(self, out: list[str], origin: str, where: str) -> None:
        self.out = out
        self.prefix = f"{origin}: {where}"

    def add(self, key: str, why: str) -> None:
        """Record one problem with ``key``."""
        self.out.append(f"{self.prefix}: key '{key}': {why}")


def type_problem(value: Any, kind: str) -> str | None:
    """Why ``value`` is not of ``kind`` (NUMBER, TEXT, OPTIONAL_TEXT or TABLE), or None.

    An optional text may be empty (``doi = ""`` says "no DOI", as leaving the key out does);
    a required one may not.
    """
    if kind == NUMBER:
        if isinstance(value, bool) or not isinstance(value, int | float):
            return f"expected a number, got {type(value).__name__} {value!r}"
        if not math.isfinite(value):
            return f"{value!r} is not a finite number"
    elif kind in (TEXT, OPTIONAL_TEXT):
        if not isinstance(value, str):
            return f"expected a string, got {type(value).__name__} {value!r}"
        if kind == TEXT and not value.strip():
            return "must not be empty"
    elif kind == TABLE and not isinstance(value, dict):
        return f"expected a table, got {type(value).__name__}"
    return None


def check_keys(table: dict, problems: Problems) -> dict:
    """Report unknown, mistyped and missing keys; return the keys that are present and valid."""
    allowed = _REQUIRED | _OPTIONAL
    valid = {}
    for key, value in table.items():
        if key not in allowed:
            close = difflib.get_close_matches(key, list(allowed), n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            problems.add(key, f"unknown key{hint}")
        elif (why := type_problem(value, allowed[key])) is not None:
            problems.add(key, why)
        else:
            valid[key] = value
    for key in _REQUIRED:
        if key not in table:
            problems.add(key, "missing required key")
    return valid


def check_values(table: dict, problems: Problems) -> None:
    """Check the values of the valid keys (``table`` holds only those)."""
    if "slug" in table and not SLUG_PATTERN.match(table["slug"]):
        problems.add("slug", "must be kebab-case: lowercase letters, digits and single hyphens")
    if "scheme" in table and table["scheme"] not in SCHEMES:
        known = ", ".join(SCHEMES)
        problems.add("scheme", f"unknown scheme {table['scheme']!r} (known: {known})")
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
    given_2007 = [key for key in FACTORED_KEYS if key in table]
    if given_2007 and len(given_2007) < len(FACTORED_KEYS):
        missing = ", ".join(k for k in FACTORED_KEYS if k not in table)
        problems.add(
            given_2007[0], f"the 2007 form needs C, k, vr and vt together; missing {missing}"
        )
    if given_2007 and any(key in table for key in QUADRATIC_KEYS):
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
