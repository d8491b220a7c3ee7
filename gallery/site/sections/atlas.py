"""The atlas page: both parameter planes of the 2003 paper's Fig. 2, every point classified.

Stage: site (imports ``analysis.atlas``, the render stage's ``atlas`` figure and ``pages``).
The maps come from :func:`gallery.analysis.atlas.plane_atlas` at :data:`RESOLUTION`, the
figures from :mod:`gallery.render.atlas`, the words from ``atlas.md.j2``. The live map of
``site_src/js/atlas.js`` recomputes the same classification in the browser; its data (axes,
class grid, rules, colours) travel in the page.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from gallery.analysis import atlas
from gallery.render import atlas as atlas_figures
from gallery.render.style import themed
from gallery.site import pages

TEMPLATE = "atlas.md.j2"
RESOLUTION = 256
PLANES = ("ab", "cd")


def rules() -> dict[str, float]:
    """The thresholds of :func:`gallery.analysis.atlas.classify`, for the JS twin and the prose."""
    return {
        "resonant_zeta": atlas.RESONANT_ZETA, "break_factor": atlas.BREAK_FACTOR,
        "lts_adaptation": atlas.LTS_ADAPTATION, "rs_adaptation": atlas.RS_ADAPTATION,
        "fs_min_rate_hz": atlas.FS_MIN_RATE_HZ, "runaway_fraction": atlas.RUNAWAY_FRACTION,
    }  # fmt: skip


def payload(result: atlas.Atlas) -> dict[str, Any]:
    """What the live map of one plane needs: axes, the class grid (one digit a point), rules."""
    x_name, x_range, y_name, y_range, _ = atlas.PLANE_AXES[result.plane]
    m = atlas.MODEL
    return {
        "plane": result.plane, "amp": result.amp, "resolution": int(result.x.size),
        "x": {"name": x_name, "lo": x_range[0], "hi": x_range[1]},
        "y": {"name": y_name, "lo": y_range[0], "hi": y_range[1]},
        "fixed": result.fixed, "classes": list(atlas.CLASSES),
        "grid": "".join(str(int(c)) for c in result.classes.ravel()),
        "labelled": {k: list(v) for k, v in atlas.LABELLED[result.plane].items()},
        "protocol_ms": atlas.PROTOCOL_MS, "rules": rules(),
        "model": {"k2": m.k2, "k1": m.k1, "k0": m.k0, "v_peak": m.v_peak},
        "colours": atlas_figures.CLASS_COLOURS,
    }  # fmt: skip


def _share(result: atlas.Atlas) -> dict[str, float]:
    counts = Counter(atlas.CLASSES[c] for c in result.classes.ravel())
    return {name: counts[name] / result.classes.size for name in atlas.CLASSES}


def context(results: dict[str, atlas.Atlas]) -> dict[str, Any]:
    """Everything ``atlas.md.j2`` quotes."""
    points = {plane: {name: dict(zip((r.x_name, r.y_name), xy, strict=True))
                      for name, xy in atlas.LABELLED[plane].items()}
              for plane, r in results.items()}  # fmt: skip
    return {
        "resolution": RESOLUTION, "protocol": atlas.PROTOCOL_MS, "amp": atlas.DEFAULT_AMP,
        "rules": rules(), "axes": atlas.PLANE_AXES, "points": points,
        "share": {plane: _share(r) for plane, r in results.items()},
        "neuron_steps": sum(r.neuron_steps for r in results.values()),
        "payloads": {plane: json.dumps(payload(r), sort_keys=True, separators=(",", ":"))
                     for plane, r in results.items()},
    }  # fmt: skip


def site_files() -> dict[str, bytes | pages.TemplatePage]:
    """The atlas page and its figures (both planes, light and dark), by docs-relative path."""
    results = {plane: atlas.plane_atlas(plane, RESOLUTION) for plane in PLANES}
    out: dict[str, bytes | pages.TemplatePage] = {
        "atlas.md": pages.TemplatePage(TEMPLATE, context(results))
    }
    for plane, result in results.items():
        out[f"figures/atlas/{plane}.svg"] = themed(
            lambda theme, r=result: atlas_figures.render(r, theme)
        )
    return out
