"""The house style: colour themes, the rcParams of every figure, and figures to bytes.

Stage: render (imports matplotlib and the model's catalogue only). No pyplot: every figure is a
:class:`matplotlib.figure.Figure` built by a pure function inside :func:`draw` and turned into
bytes by :func:`to_bytes`, which fixes everything that could vary between runs (SVG hash salt,
dates, software tags), so the same inputs give byte-identical files.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import matplotlib as mpl
import numpy as np
from matplotlib import colormaps
from matplotlib.colors import ListedColormap, to_rgb
from matplotlib.figure import Figure
from PIL import Image

from gallery.model.catalogue import Model
from gallery.render.svg_compact import compact_svg
from gallery.render.svg_theme import themed_svg

STYLE = Path(__file__).with_name("izhikevich.mplstyle")
FORMATS = ("svg", "png")


@dataclass(frozen=True, slots=True)
class Theme:
    """Colours of one palette (Okabe–Ito hues, which stay distinct for colour-blind readers)."""

    name: str
    background: str
    foreground: str
    muted: str
    faint: str
    v: str
    u: str
    i_ext: str
    accent: str
    reset: str
    runs: tuple[str, ...]
    time_map: tuple[float, float]  # the part of the colour map used for time


THEMES = {
    "light": Theme(
        name="light", background="#ffffff", foreground="#1f2328", muted="#57606a",
        faint="#c8ced6", v="#0072B2", u="#D55E00", i_ext="#009E73", accent="#CC79A7",
        reset="#009E73", runs=("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9"),
        time_map=(0.0, 0.82),
    ),
    "dark": Theme(
        name="dark", background="#1e2129", foreground="#e3e6eb", muted="#a4acb9",
        faint="#3f4552", v="#56B4E9", u="#E69F00", i_ext="#3fcf9f", accent="#e38fc0",
        reset="#3fcf9f", runs=("#56B4E9", "#E69F00", "#3fcf9f", "#e38fc0", "#F0E442", "#a1c9f4"),
        time_map=(0.25, 1.0),
    ),
}  # fmt: skip


def theme(name: str) -> Theme:
    """The palette called ``name``; a clear error for any other name."""
    try:
        return THEMES[name]
    except KeyError:
        raise ValueError(f"unknown theme {name!r} (known: {', '.join(THEMES)})") from None


def time_colormap(th: Theme) -> ListedColormap:
    """Viridis, trimmed so that neither end vanishes into the background."""
    return ListedColormap(colormaps["viridis"](np.linspace(*th.time_map, 256)), name="time")


def mix(background: str, colour: str, amount: float) -> tuple[float, float, float]:
    """``colour`` blended over ``background``: a lighter shade of the same hue."""
    b, c = np.array(to_rgb(background)), np.array(to_rgb(colour))
    return tuple(float(x) for x in b + amount * (c - b))


def style(th: Theme) -> dict:
    """The house style file with the theme's colours: the rcParams every figure is drawn in."""
    rc = mpl.rc_params_from_file(str(STYLE), use_default_template=True)
    rc.update(
        {
            "text.color": th.foreground,
            "axes.labelcolor": th.foreground,
            "axes.edgecolor": th.muted,
            "axes.titlecolor": th.foreground,
            "xtick.color": th.muted,
            "ytick.color": th.muted,
            "xtick.labelcolor": th.foreground,
            "ytick.labelcolor": th.foreground,
            "figure.facecolor": th.background,
            "axes.facecolor": th.background,
            "savefig.facecolor": th.background,
            "legend.labelcolor": th.foreground,
        }
    )
    return dict(rc)


def new_figure(th: Theme, size: tuple[float, float], *, constrained: bool = True) -> Figure:
    """A blank figure (call inside ``mpl.rc_context(style(th))``, as :func:`draw` does).

    The per-preset figures, drawn 37 times a build, pass ``constrained=False`` and place their
    axes in inches: the constrained-layout solver costs as much as the drawing itself.
    """
    fig = Figure(figsize=size, layout="constrained" if constrained else None)
    fig._ig_rc = style(th)  # to_bytes saves in the same style
    return fig


def draw(th: Theme, builder, *args, **kwargs) -> Figure:
    """Run a figure builder inside the theme's style (rcParams are read while drawing)."""
    with mpl.rc_context(style(th)):
        return builder(*args, th, **kwargs)


# SVG text is text (selectable, searchable, a third of the bytes of glyph paths) in the
# reader's own sans-serif; layout was measured with DejaVu Sans, which is wider than the
# system fonts, so labels never outgrow the room they were given
SVG_FONT_MPL = b"font-family: 'DejaVu Sans'; "
SVG_STYLE_MPL = b"*{stroke-linejoin: round; stroke-linecap: butt}"
SVG_STYLE = SVG_STYLE_MPL + (
    b"text{font-family: system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, "
    b"'DejaVu Sans', sans-serif}"
)


def svg_text_in_system_fonts(svg: bytes) -> bytes:
    """Matplotlib's SVG with every text's DejaVu Sans replaced by one rule for the system fonts."""
    if SVG_STYLE_MPL not in svg:
        raise ValueError("matplotlib's SVG no longer has its style rule: update SVG_STYLE_MPL")
    return svg.replace(SVG_FONT_MPL, b"").replace(SVG_STYLE_MPL, SVG_STYLE, 1)


def to_bytes(fig: Figure, fmt: str = "svg") -> bytes:
    """The figure as SVG or PNG bytes, byte-identical for identical figures."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown figure format {fmt!r} (known: {', '.join(FORMATS)})")
    out = io.BytesIO()
    # no date or software tag (byte-identical files); an SVG carries no RDF block at all: 560
    # bytes of every file that no reader draws
    metadata = (
        {"Date": None, "Creator": None, "Format": None, "Type": None}
        if fmt == "svg"
        else {"Software": None}
    )
    # the PNG is re-encoded in a palette (small_png): matplotlib's own deflate would be wasted
    extra = {} if fmt == "svg" else {"pil_kwargs": {"compress_level": 0}}
    with mpl.rc_context(getattr(fig, "_ig_rc", {})):
        fig.savefig(out, format=fmt, metadata=metadata, **extra)
    if fmt == "svg":
        return compact_svg(svg_text_in_system_fonts(out.getvalue()))
    return small_png(out.getvalue())


PNG_COLOURS = 32  # line art in a few hues on a plain ground: 32 shades keep its edges smooth


def small_png(png: bytes) -> bytes:
    """``png`` in a palette of ``PNG_COLOURS`` (no dithering): a third of the bytes, same look."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    palette = image.quantize(PNG_COLOURS, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    out = io.BytesIO()
    palette.save(out, format="png", optimize=True)
    return out.getvalue()


def themed(render: Callable[[str], bytes]) -> bytes:
    """One SVG for both palettes from ``render(theme_name)`` (see :mod:`svg_theme`)."""
    return themed_svg(render("light"), render("dark"))


def units(model: Model) -> tuple[str, str]:
    """Units of u and I in the model's form, for axis labels."""
    return model.form.unit, model.form.unit
