"""The controls of a preset's live widget: which, with what label, range and starting value.

Stage: site (imports the model's catalogue for the scheme names). The templates
(``preset.md.j2``, ``embed.html.j2``, ``explorer.md.j2``, through the macro in
``widget-controls.html.j2``) declare the controls in the page's HTML from these values, and
``widget-parts.js`` binds them: the browser reads each range from the input's ``min`` and
``max``, so the ranges are decided here only. Input is the ``preset`` part of the widget payload
(``export.payload``), which is what every page that shows a widget holds.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from gallery.model.catalogue import SCHEMES

MAX_STEPS_PER_REDRAW = 200_000
"""The most steps one redraw may take: keeps a redraw within a few frames."""

# Documented ranges of a, b, c, d by model form; the published value is always added.
_RANGES = {
    "2007": {"a": (0.0, 0.5), "b": (-5.0, 20.0), "c": (-80.0, -20.0), "d": (-50.0, 300.0)},
    "2003": {"a": (-0.1, 1.2), "b": (-1.2, 1.2), "c": (-80.0, -30.0), "d": (-25.0, 25.0)},
}
DT_RANGE = (0.001, 1.0)
"""The step range in ms: the dt slider's (widened to the published step) and the accuracy
page's comparison (``compare.js``, through ``js/constants.js``)."""


@dataclass(frozen=True, slots=True)
class Control:
    """One slider of the widget.

    Attributes
    ----------
    name : str
        The state key (``a``, ``b``, ``c``, ``d``, ``amp``, ``dt``), also the URL key.
    label : str
        The visible label.
    lo, hi : float
        The range; the published value lies inside it.
    value : float
        The published value (the widget's start unless the URL says otherwise).
    """

    name: str
    label: str
    lo: float
    hi: float
    value: float

    @property
    def attrs(self) -> dict[str, str]:
        """``min``, ``max``, ``step`` and ``value`` as HTML attribute text.

        Numbers in their shortest round-trip form; ``step`` is ``any`` so the published value
        stays exact (a grid would snap it) and the arrow keys move by 1/100 of the range.
        """
        return {
            "min": js_number(self.lo),
            "max": js_number(self.hi),
            "step": "any",
            "value": js_number(self.value),
        }


@dataclass(frozen=True, slots=True)
class WidgetControls:
    """Everything the page declares for one preset's widget: sliders, scheme menu, buttons.

    Attributes
    ----------
    slug, label : str
        The preset's slug (makes the element ids unique per widget) and its label.
    sliders : tuple of Control
        The six sliders of :func:`controls`.
    schemes : tuple of str
        The scheme menu's options, in catalogue order.
    scheme : str
        The published scheme (the option marked "(published)").
    """

    slug: str
    label: str
    sliders: tuple[Control, ...]
    schemes: tuple[str, ...]
    scheme: str

    def id(self, name: str) -> str:
        """The element id of control ``name`` (``ig-ctl-<slug>-<name>``)."""
        return f"ig-ctl-{self.slug}-{name}"


def js_number(x: float) -> str:
    """``x`` as JavaScript's ``String(x)`` writes it, for the values used here (``-80``)."""
    text = repr(float(x))
    return text[:-2] if text.endswith(".0") else text


def _amp_range(amps: list[float]) -> tuple[float, float]:
    big = max(abs(x) for x in amps)
    lo, hi = (min(0.0, 2 * min(amps)), 2 * big) if big > 0 else (-10.0, 10.0)
    return min(lo, min(amps)), max(hi, big)


def _dt_range(t_max: float, dt: float) -> tuple[float, float]:
    # no dt may ask for more than MAX_STEPS_PER_REDRAW steps, so no URL can freeze the tab
    lo = max(DT_RANGE[0], math.ceil(t_max / MAX_STEPS_PER_REDRAW * 1000) / 1000)
    return min(lo, dt), max(DT_RANGE[1], dt)


def controls(preset: Mapping[str, Any]) -> tuple[Control, ...]:
    """The six sliders of one preset's widget, in page order.

    Parameters
    ----------
    preset
        The ``preset`` part of the widget payload.

    Returns
    -------
    tuple of Control
        ``a``, ``b``, ``c``, ``d``, ``amp`` and ``dt``.
    """
    model, amps = preset["model"], list(preset["stimulus"]["amplitudes"])
    ranges = _RANGES["2007" if model["form"] == "2007" else "2003"]
    labels = {"a": "a", "b": "b", "c": "c (mV)", "d": "d"}
    rows = [
        Control(k, labels[k], min(lo, model[k]), max(hi, model[k]), model[k])
        for k, (lo, hi) in ranges.items()
    ]
    amp_lo, amp_hi = _amp_range(amps)
    label = preset["stimulus"]["amplitude_label"] or "I"
    rows.append(Control("amp", label, amp_lo, amp_hi, amps[-1]))
    dt_lo, dt_hi = _dt_range(preset["t_max_ms"], preset["dt_ms"])
    rows.append(Control("dt", "dt (ms)", dt_lo, dt_hi, preset["dt_ms"]))
    return tuple(rows)


def widget_controls(preset: Mapping[str, Any]) -> WidgetControls:
    """The controls one preset's widget declares in the page.

    Parameters
    ----------
    preset
        The ``preset`` part of the widget payload.

    Returns
    -------
    WidgetControls
        The sliders, the scheme menu's options and the published scheme.
    """
    return WidgetControls(
        slug=preset["slug"],
        label=preset["label"],
        sliders=controls(preset),
        schemes=tuple(SCHEMES),
        scheme=preset["scheme"],
    )
