"""The gallery card's thumbnail: a 240 × 60 px sparkline of v(t), transparent.

Stage: render (imports the analysis stage's ``trajectory`` for the featured run).
"""

from __future__ import annotations

from collections.abc import Sequence

from matplotlib.figure import Figure

from gallery.analysis.trajectory import featured_run
from gallery.model.catalogue import Preset
from gallery.model.simulate import Run
from gallery.render.style import Theme

# no house style here: a sparkline has no text, and a transparent background suits both themes
THUMB_RC = {"svg.hashsalt": "izhikevich-gallery", "svg.fonttype": "path",
            "savefig.transparent": True, "path.simplify_threshold": 0.3}  # fmt: skip


def thumb_figure(preset: Preset, runs: Sequence[Run], th: Theme) -> Figure:
    """A 240 × 60 px sparkline of v(t) for the gallery grid."""
    run = featured_run(runs)
    fig = Figure(figsize=(2.4, 0.6), dpi=100)
    fig.patch.set_alpha(0.0)
    ax = fig.add_axes((0.0, 0.04, 1.0, 0.92))
    ax.plot(run.t_ms, run.v, color=th.v, lw=0.8)
    ax.set_xlim(run.t_ms[0], run.t_ms[-1])
    ax.set_axis_off()
    fig._ig_rc = dict(THUMB_RC)
    return fig
