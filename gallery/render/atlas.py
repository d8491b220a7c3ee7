"""The atlas figure: one parameter plane coloured by class, the paper's labelled points marked.

Stage: render (imports ``analysis.atlas`` and the house style). The class colours are
Okabe–Ito hues, the same in both themes except the two that stand for "nothing" (silent and
runaway), which follow the background; :data:`CLASS_COLOURS` is also handed to the page's
map so that the live map and the static one agree.
"""

from __future__ import annotations

import numpy as np
from matplotlib.colors import ListedColormap
from matplotlib.patches import Patch

from gallery.analysis.atlas import CLASSES, LABELLED, Atlas
from gallery.render import style
from gallery.render.style import Theme, new_figure, to_bytes

_HUES = {
    "RS": "#0072B2", "IB": "#E69F00", "CH": "#D55E00", "FS": "#009E73", "LTS": "#CC79A7",
    "RZ": "#56B4E9", "tonic-other": "#F0E442",
}  # fmt: skip
CLASS_COLOURS = {
    "light": {**_HUES, "silent": "#e4e7eb", "runaway": "#1f2328"},
    "dark": {**_HUES, "silent": "#2c313c", "runaway": "#f5f5f5"},
}
"""Theme -> class name -> colour, for every class of :data:`CLASSES`."""

_LABELS = {"a": "a (recovery rate)", "b": "b (sensitivity of u)", "c": "c (reset v) [mV]",
           "d": "d (reset jump of u)"}  # fmt: skip


def atlas_axes(ax, result: Atlas, th: Theme) -> None:
    """The class map of one plane, with the labelled points and a legend of the classes seen."""
    colours = CLASS_COLOURS[th.name]
    cmap = ListedColormap([colours[name] for name in CLASSES])
    dx = (result.x[1] - result.x[0]) / 2
    dy = (result.y[1] - result.y[0]) / 2
    extent = (result.x[0] - dx, result.x[-1] + dx, result.y[0] - dy, result.y[-1] + dy)
    ax.imshow(result.classes, origin="lower", extent=extent, aspect="auto", cmap=cmap,
              vmin=-0.5, vmax=len(CLASSES) - 0.5, interpolation="nearest",
              rasterized=True)  # fmt: skip
    for name, (x, y) in LABELLED[result.plane].items():
        ax.plot([x], [y], marker="o", ms=7, mfc="none", mec=th.background, mew=2.6)
        ax.plot([x], [y], marker="o", ms=7, mfc="none", mec=th.foreground, mew=1.2)
        ax.annotate(name, (x, y), xytext=(6, 5), textcoords="offset points", fontweight="bold",
                    color=th.foreground,
                    bbox={"boxstyle": "round,pad=0.15", "fc": th.background, "ec": "none",
                          "alpha": 0.8})  # fmt: skip
    ax.set_xlabel(_LABELS[result.x_name])
    ax.set_ylabel(_LABELS[result.y_name])
    seen = [CLASSES[i] for i in np.unique(result.classes)]
    handles = [Patch(fc=colours[name], ec=th.muted, lw=0.5, label=name) for name in seen]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)


def atlas_figure(result: Atlas, th: Theme):
    """One plane's map as a figure."""
    fig = new_figure(th, (5.6, 3.9))
    atlas_axes(fig.add_subplot(), result, th)
    return fig


def render(result: Atlas, theme: str, fmt: str = "svg") -> bytes:
    """The map of ``result`` in ``theme``, as SVG or PNG bytes."""
    return to_bytes(style.draw(style.theme(theme), atlas_figure, result), fmt)
