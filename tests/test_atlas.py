"""The atlas classification: the 2003 paper's labelled points, checked twice.

Once through the package (population kernel, features, rules) and once with an independent
NumPy simulation of the documented protocol whose spike trains are classified here from
the rules as the module docstring states them, with the rest state from ``np.roots`` and
``np.linalg.eigvals``.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

import gallery
from gallery.analysis import atlas, phase_plane
from gallery.analysis.atlas import CLASSES, LABELLED, PLANE_AXES, PROTOCOL_MS

POINTS = [
    (plane, name, {PLANE_AXES[plane][0]: x, PLANE_AXES[plane][2]: y, **PLANE_AXES[plane][4]})
    for plane, points in LABELLED.items()
    for name, (x, y) in points.items()
]


def numpy_trains(cells: list[dict], amp: float) -> list[np.ndarray]:
    """Spike times [ms] of the documented protocol, simulated with NumPy (published rule)."""
    a, b, c, d = (np.array([cell[k] for cell in cells]) for k in "abcd")
    # the lower root of 0.04 v^2 + (5 - b) v + 140 = 0, written out (np.roots rounds
    # differently, and the resonator's count depends on the last bit of its start)
    v = (-(5.0 - b) - np.sqrt((5.0 - b) ** 2 - 4 * 0.04 * 140.0)) / (2 * 0.04)
    u = b * v
    dt = PROTOCOL_MS["dt"]
    trains = [[] for _ in cells]
    for k in range(round(PROTOCOL_MS["duration"] / dt)):
        i = amp if k * dt >= PROTOCOL_MS["onset"] else 0.0
        v = v + dt * (0.04 * (v * v) + 5.0 * v + 140.0 - u + i)
        u = u + dt * a * (b * v - u)
        for j in np.flatnonzero(v > 30.0):
            trains[j].append(k * dt)
        u = np.where(v > 30.0, u + d, u)
        v = np.where(v > 30.0, c, v)
    return [np.array(t) for t in trains]


def resonant(cell: dict) -> bool:
    """A stable focus at rest with damping ratio < 1/sqrt(2), from the Jacobian's eigenvalues."""
    a, b = cell["a"], cell["b"]
    v = min(np.roots([0.04, 5.0 - b, 140.0]).real)
    lam = np.linalg.eigvals(np.array([[0.08 * v + 5.0, -1.0], [a * b, -a]]))[0]
    return abs(lam.imag) > 0 and lam.real < 0 and -lam.real / abs(lam) < 1 / math.sqrt(2)


def classify_train(times: np.ndarray, cell: dict) -> str:
    """The module's rules, applied to one spike train by this test's own code."""
    gap, late_from = PROTOCOL_MS["gap"], PROTOCOL_MS["late"]
    if resonant(cell):
        return "RZ"
    late = times[times >= late_from]
    if late.size == 0:
        return "silent"
    late_isis = np.array([t - times[np.searchsorted(times, t) - 1] for t in late[1:]])
    if late_isis.size and late_isis.max() >= 3 * late_isis.min() and late_isis.min() < gap:
        return "CH"
    isis = np.diff(times)
    in_burst = np.cumprod(isis < gap).sum()  # intervals before the first long one
    if in_burst >= 1 and in_burst < isis.size and isis[in_burst] >= 3 * isis[:in_burst].max():
        return "IB"
    adaptation = np.mean(np.diff(late)) / isis[0]
    rate = 1000 * late.size / (PROTOCOL_MS["duration"] - late_from)
    if adaptation >= 3:
        return "LTS"
    if rate >= 80:
        return "FS"
    return "RS" if adaptation >= 1.5 else "tonic-other"


@pytest.mark.parametrize(("plane", "name", "cell"), POINTS, ids=[p[1] for p in POINTS])
def test_labelled_point_has_its_class(plane, name, cell):
    points = atlas.run_points(*([cell[k]] for k in "abcd"))
    assert CLASSES[points.classes[0]] == name


def test_labelled_points_agree_with_an_independent_numpy_computation():
    cells = [cell for _, _, cell in POINTS]
    trains = numpy_trains(cells, atlas.DEFAULT_AMP)
    assert [classify_train(t, cell) for t, cell in zip(trains, cells, strict=True)] == [
        name for _, name, _ in POINTS
    ]
    # and the package's kernel saw the same spikes
    points = atlas.run_points(*([cell[k] for cell in cells] for k in "abcd"))
    assert points.features["spikes"].tolist() == [t.size for t in trains]


def test_rest_facts_match_the_phase_plane_module():
    for _, _, cell in POINTS:
        model = gallery.with_parameters(gallery.preset("rs-2003"), **cell).model
        rest = phase_plane.rest_state(model, 0.0)
        facts = atlas.rest_facts(np.array([cell["a"]]), np.array([cell["b"]]))
        assert facts.v[0] == pytest.approx(rest.v, abs=1e-9)
        assert bool(facts.focus[0]) == ("focus" in rest.kind)
        assert bool(facts.resonant[0]) == resonant(cell)


def test_tc_sits_at_the_lts_point_with_a_smaller_d():
    tc, lts = gallery.preset("tc-2003").model, gallery.preset("lts-2003").model
    assert (tc.a, tc.b, tc.c) == (lts.a, lts.b, lts.c) == (0.02, 0.25, -65.0)
    assert (lts.d, tc.d) == (2.0, 0.05)
    assert LABELLED["ab"]["LTS"] == (tc.a, tc.b)


def test_plane_grid_shape_and_axes():
    result = atlas.plane_atlas("cd", 5)
    assert result.classes.shape == (5, 5)
    assert result.x.tolist() == np.linspace(-75.0, -40.0, 5).tolist()
    assert result.neuron_steps == 25 * round(PROTOCOL_MS["duration"] / PROTOCOL_MS["dt"])
    assert {CLASSES[c] for c in result.classes.ravel()} <= set(CLASSES)
    with pytest.raises(ValueError, match="unknown plane"):
        atlas.plane_atlas("xy", 4)
    with pytest.raises(ValueError, match="2 .. 1024"):
        atlas.plane_atlas("ab", 1)


def test_page_states_the_ranges_tc_and_what_the_resonator_rule_means():
    """The page's planes span PLANE_AXES; TC's numbers are the preset's; the ζ rule is not
    sold as the condition for a resonant peak: every focus of the plane has one (own algebra)."""
    import re

    import gallery
    from gallery.site import pages
    from gallery.site.sections import atlas as atlas_page
    from tests.sections import rendered

    results = {plane: atlas.plane_atlas(plane, 8) for plane in atlas_page.PLANES}
    page = rendered({"atlas.md": pages.TemplatePage(atlas_page.TEMPLATE,
                                                    atlas_page.context(results))})  # fmt: skip
    text = re.sub(r"\s+", " ", page["atlas.md"].decode())
    assert "the map spans $a$ from 0 to 0.12 and $b$ from 0.15 to 0.3" in text
    assert "the map spans $c$ from −75 to −40 mV and $d$ from 0 to 10" in text
    tc = gallery.preset("tc-2003").model
    assert (tc.a, tc.b, tc.c, tc.d) == (0.02, 0.25, -65.0, 0.05)
    assert "TC, (0.02, 0.25, −65, 0.05), is in neither plane" in text
    assert "lowered from 2 to 0.05" in text
    assert "so that its response to a current has a resonant peak" not in text
    # every stable focus of the (a, b) plane (c, d do not enter the linearisation) peaks
    peaks, foci = 0, 0
    w = np.linspace(1e-4, 2.0, 4001)
    for a in np.linspace(0.0, 0.12, 25)[1:]:
        for b in np.linspace(0.15, 0.3, 31):
            disc = (5 - b) ** 2 - 4 * 0.04 * 140
            if disc < 0:
                continue
            v = (-(5 - b) - np.sqrt(disc)) / 0.08
            trace, det = 0.08 * v + 5 - a, a * b - a * (0.08 * v + 5)
            if not (det > 0 and trace < 0 and trace**2 < 4 * det):
                continue
            foci += 1
            s = 1j * w
            gain = np.abs((s + a) / (s * s - trace * s + det))  # v's response to a current
            peaks += int(gain.max() > np.abs(a / det) * (1 + 1e-9))
    assert foci > 100
    assert peaks == foci
    assert "every focus, whatever its $\\zeta$, answers a sinusoidal current with a peak" in text
