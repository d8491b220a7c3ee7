"""The atlas view of a live cell: one parameter plane of the 2003 model, every point classified.

Stage: site (imports ``analysis.atlas``; when it draws, the render stage's atlas figure and
the atlas section). A cell with ``view = "atlas"`` names a preset of the atlas's model (the
2003 form: 0.04 v^2 + 5 v + 140, v_peak = 30, nothing else changed) and a plane, ``"ab"``
or ``"cd"``. The cell's two parameters off the plane (c and d for ``"ab"``, a and b for
``"cd"``) and its
amplitude fix the plane, classified as on the atlas page by
:func:`gallery.analysis.atlas.plane_atlas`; its two parameters on the plane are the point
loaded first into the trace beside the map. A cell whose plane is one of the atlas page's
(same fixed parameters, current and resolution) takes that page's grid and figures instead of
computing them again. ``site_src/js/atlas.js`` draws it (``IzhGallery.cellViews.atlas``).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from gallery.analysis import atlas
from gallery.model.catalogue import Preset
from gallery.site.paths import themed

CONTROLS = ("a", "b", "c", "d", "amp")
"""What an atlas cell may set: the fixed pair and the current (controls), the axes (start)."""
KEYS = ("plane", "resolution")
RESOLUTIONS = (16, 256)
"""The smallest and largest ``resolution``; the default, the largest, is the atlas page's (so its
maps are reused; ``tests/test_cells_atlas.py`` holds the two equal)."""
THEMES = ("light", "dark")

PlaneKey = tuple[str, int, float, tuple[tuple[str, float], ...]]


@dataclass(frozen=True, slots=True)
class AtlasSpec:
    """What an atlas cell maps: the plane and its points per side."""

    plane: str
    resolution: int

    @property
    def axes(self) -> tuple[str, str]:
        """The names of the plane's x and y parameters."""
        x_name, _, y_name, _, _ = atlas.PLANE_AXES[self.plane]
        return x_name, y_name

    @property
    def fixed_names(self) -> tuple[str, ...]:
        """The two parameters the plane holds fixed."""
        return tuple(atlas.PLANE_AXES[self.plane][4])


def atlas_model(preset: Preset) -> bool:
    """Whether the preset's model is the atlas's, up to a, b, c and d."""
    m = atlas.MODEL
    return replace(preset.model, a=m.a, b=m.b, c=m.c, d=m.d) == m


def check(
    table: Mapping[str, Any], view: str, preset: Preset, say: Callable[[str, str], None]
) -> AtlasSpec | None:
    """The cell's :class:`AtlasSpec` (None for other views); every problem through ``say``."""
    if view != "atlas":
        for key in KEYS:
            if key in table:
                say(key, f"only the atlas view uses {key!r}")
        return None
    plane = table.get("plane", "ab")
    if plane not in atlas.PLANE_AXES:
        say("plane", f"unknown plane {plane!r} (known: {', '.join(atlas.PLANE_AXES)})")
        plane = "ab"
    resolution = table.get("resolution", RESOLUTIONS[1])
    lo, hi = RESOLUTIONS
    if isinstance(resolution, bool) or not isinstance(resolution, int):
        say("resolution", f"must be a whole number, got {resolution!r}")
        resolution = hi
    elif not lo <= resolution <= hi:
        say("resolution", f"{resolution} is outside {lo} to {hi} (points per side)")
        resolution = hi
    spec = AtlasSpec(plane, resolution)
    if not atlas_model(preset):
        say("preset", f"the atlas maps the 2003 model (0.04 v^2 + 5 v + 140, v_peak = 30, "
            f"nothing else changed); {preset.slug} is not of that form")  # fmt: skip
    _check_axes(table, spec, say)
    return spec


def _check_axes(table: Mapping[str, Any], spec: AtlasSpec, say) -> None:
    """The plane's axes can start a point but not be a control; the point must be on it."""
    controls = table.get("controls", [])
    for name, (lo, hi) in zip(spec.axes, _ranges(spec.plane), strict=True):
        if isinstance(controls, list) and name in controls:
            say("controls", f"{name!r} is an axis of the {spec.plane} plane, not a control "
                f"(the plane's controls: {', '.join((*spec.fixed_names, 'amp'))})")  # fmt: skip
        value = table.get(name)
        number = isinstance(value, int | float) and not isinstance(value, bool)
        if number and not lo <= value <= hi:
            say(name, f"{value:g} is off the {spec.plane} plane ({name} from {lo:g} to {hi:g})")


def _ranges(plane: str) -> tuple[tuple[float, float], tuple[float, float]]:
    _, x_range, _, y_range, _ = atlas.PLANE_AXES[plane]
    return x_range, y_range


def plane_key(spec: AtlasSpec, state: Any) -> PlaneKey:
    """What decides a cell's map: plane, resolution, current and the fixed parameters."""
    fixed = tuple((name, float(getattr(state, name))) for name in spec.fixed_names)
    return (spec.plane, spec.resolution, float(state.amp), fixed)


def _payload_key(payload: Mapping[str, Any]) -> PlaneKey:
    fixed = tuple((name, float(payload["fixed"][name])) for name in sorted(payload["fixed"]))
    return (payload["plane"], int(payload["resolution"]), float(payload["amp"]), fixed)


def page_planes(contexts: Sequence[Mapping[str, Any]]) -> dict[PlaneKey, dict[str, Any]]:
    """The atlas page's maps by :func:`plane_key`: its payload and its figures, by theme."""
    out = {}
    for context in contexts:
        for plane, text in context.get("payloads", {}).items():
            payload = json.loads(text)
            figures = themed(f"figures/atlas/{plane}.svg")
            out[_payload_key(payload)] = {"payload": payload, "figures": figures}
    return out


def render_atlas_cell(spec: AtlasSpec, state: Any, shared: Mapping[PlaneKey, Any]) -> dict:
    """The cell's plane: ``payload`` (the map's data), ``svgs`` or the page's ``figures``."""
    key = plane_key(spec, state)
    if key in shared:
        return {"payload": shared[key]["payload"], "svgs": {}, "figures": shared[key]["figures"]}
    from gallery.render import atlas as atlas_figures  # matplotlib only when drawing
    from gallery.site.sections import atlas as atlas_page

    fixed = dict(key[3])
    result = atlas.plane_atlas(spec.plane, spec.resolution, key[2], fixed)
    svgs = {theme: atlas_figures.render(result, theme) for theme in THEMES}
    return {"payload": atlas_page.payload(result), "svgs": svgs, "figures": None}


def facts(spec: AtlasSpec, state: Any, payload: Mapping[str, Any]) -> dict[str, Any]:
    """The numbers the text alternative quotes: the plane, its classes' shares, the start."""
    counts = Counter(payload["classes"][int(c)] for c in payload["grid"])
    total = sum(counts.values())
    shares = sorted(((n, counts[n] / total) for n in counts), key=lambda x: (-x[1], x[0]))
    x_name, y_name = spec.axes
    return {"amp": float(state.amp), "plane": spec.plane, "x": x_name, "y": y_name,
            "fixed": [{"name": n, "value": float(getattr(state, n))} for n in spec.fixed_names],
            "resolution": spec.resolution, "labelled": sorted(payload["labelled"]),
            "shares": [{"name": n, "share": s} for n, s in shares],
            "start": {x_name: float(getattr(state, x_name)),
                      y_name: float(getattr(state, y_name))}}  # fmt: skip


def cell_data(spec: AtlasSpec, state: Any, payload: Mapping[str, Any]) -> dict[str, Any]:
    """What the cell's payload adds: the map's data with the point loaded first."""
    x_name, y_name = spec.axes
    return {"atlas": {**payload, "start": [float(getattr(state, x_name)),
                                           float(getattr(state, y_name))]}}  # fmt: skip
