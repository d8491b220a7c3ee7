"""The excitability page's claims, each computed independently with plain numpy loops.

Only the presets' constants come from the package; the runs are the published Euler scheme
written out here (figure1.m: v first, then u from the new v, both with step tau; reset when v > 30).
"""

import math
from pathlib import Path

import numpy as np
import pytest

from gallery.analysis import theory_excitability as te
from gallery.model.catalogue import builtin

TAU = 0.25


def constants(slug):
    m = builtin().get(slug).model
    return m.a, m.b, m.c, m.d, m.k1, m.k0


def rest_at_zero(slug):
    """The lower fixed point at I = 0 (plain quadratic formula)."""
    a, b, c, d, k1, k0 = constants(slug)
    v = (-(k1 - b) - math.sqrt((k1 - b) ** 2 - 4 * 0.04 * k0)) / (2 * 0.04)
    return v, b * v


def run(slug, current, v, u, t_ms=2000.0, tau=TAU):
    """Spike times [ms] of a constant-current step (Euler, figure1.m's order)."""
    a, b, c, d, k1, k0 = constants(slug)
    spikes = []
    for n in range(int(t_ms / tau)):
        v = v + tau * (0.04 * v * v + k1 * v + k0 - u + current)
        u = u + tau * a * (b * v - u)
        if v > 30:
            spikes.append(n * tau)
            v, u = c, u + d
    return np.array(spikes)


def steady_hz(spikes):
    return 1000.0 / float(np.diff(spikes)[-1]) if spikes.size > 2 else 0.0


@pytest.fixture(scope="module")
def page():
    return te.page()


def test_class2_hopf_frequency_is_not_the_onset_rate(page):
    """Claim 4: omega at the Hopf point ~17.4 Hz, the onset on a step ~35 Hz (large orbit)."""
    a, b = constants(te.CLASS_2)[:2]
    hopf_hz = math.sqrt(a * (b - a)) * 1000 / (2 * math.pi)
    assert hopf_hz == pytest.approx(17.4, abs=0.1)
    v, u = rest_at_zero(te.CLASS_2)
    hz = steady_hz(run(te.CLASS_2, 0.34, v, u))
    assert 25 < hz < 45
    assert hz > 1.5 * hopf_hz
    assert page.class2.from_zero.hz == pytest.approx(hz, rel=0.15)


def test_class2_ramp_onset_is_faster_still(page):
    """Claim 4: on the published ramp the first rate is ~48 Hz, far above omega at Hopf."""
    assert 40 < page.ramp_class2.first_hz < 55


def test_class2_step_from_zero_rest_fires_from_one_third(page):
    """Claim 5: from the I = 0 rest a step fires from I ~ 0.333, below the Hopf current."""
    v, u = rest_at_zero(te.CLASS_2)
    assert run(te.CLASS_2, 0.33, v, u).size <= 2
    assert run(te.CLASS_2, 0.34, v, u).size > 10
    assert page.class2.onset_from_zero == pytest.approx(0.333, abs=0.005)
    assert page.class2.onset_from_zero < page.class2.loss.current


def test_tonic_onset_is_slow_near_bogdanov_takens(page):
    """Claim 6: tonic spiking starts at ~5 Hz near I = 3.78 although b > a."""
    a, b = constants(te.TONIC)[:2]
    assert b > a
    preset = builtin().get(te.TONIC)
    spikes = run(te.TONIC, 3.80, preset.v0, preset.u0, t_ms=4000.0)
    assert spikes.size > 3
    assert steady_hz(spikes) < 10
    assert run(te.TONIC, 3.70, preset.v0, preset.u0, t_ms=4000.0).size <= 2
    assert page.tonic.onset == pytest.approx(3.78, abs=0.02)
    assert page.tonic.onset_hz == pytest.approx(5, abs=2)


@pytest.mark.parametrize("slug", te.NEGATIVE_A)
def test_lower_fixed_point_is_the_saddle_when_a_is_negative(slug, page):
    """Claim 7: for a < 0 the lower fixed point is the saddle (T at I = 80: -86.18)."""
    m = builtin().get(slug).model
    assert m.a < 0
    current = 80.0
    roots = np.sort(np.roots([0.04, m.k1 - m.b, m.k0 + current]).real)
    kinds = []
    for v in roots:
        jac = np.array([[0.08 * v + m.k1, -1.0], [m.a * m.b, -m.a]])
        kinds.append("saddle" if np.linalg.det(jac) < 0 else "other")
    assert kinds == ["saddle", "other"]
    assert roots[0] == pytest.approx(-86.18, abs=0.01)
    fact = next(n for n in page.negative_a if n.slug == slug)
    assert fact.i_ext == current
    assert fact.points[0].v == pytest.approx(roots[0], abs=1e-6)
    lam = np.linalg.eigvals(np.array([[0.08 * roots[0] + m.k1, -1.0], [m.a * m.b, -m.a]]))
    got = sorted(e.real for e in fact.points[0].eigenvalues)
    assert got == pytest.approx(sorted(lam.real), abs=1e-9)


def test_upper_fixed_point_is_the_saddle_when_a_is_positive():
    """The page's a > 0 statement: at I = 0 the class 2 preset's upper fixed point is a saddle."""
    a, b, c, d, k1, k0 = constants(te.CLASS_2)
    roots = np.sort(np.roots([0.04, k1 - b, k0]).real)
    det = [np.linalg.det(np.array([[0.08 * v + k1, -1.0], [a * b, -a]])) for v in roots]
    assert det[0] > 0 > det[1]


def test_page_prose_has_no_hand_typed_table_numbers():
    """The rest-loss table, the 2007 tip and the pulse gaps are template values."""
    text = Path("site_src/templates/theory-excitability.md.j2").read_text(encoding="utf-8")
    for typed in ("3.7975", "0.4225", "51.4 pA", "160.2", "347.7", "350.2", "5 ms apart",
                  "40 ms fires", "about 41 ms", "−61.875"):  # fmt: skip
        assert typed not in text


def test_atlas_cell_is_all_on_the_hopf_side_at_the_papers_setting():
    """The map's b starts above its largest a, so b > a everywhere: the page says so, and the
    cell's preset fixes c, d and I at the paper's FS, LTS and RZ values (c = -65, d = 2, I = 10)."""
    import re

    import gallery
    from gallery.analysis.atlas import DEFAULT_AMP, PLANE_AXES
    from gallery.site.sections import theory
    from tests.sections import rendered

    _, (a_lo, a_hi), _, (b_lo, b_hi), fixed = PLANE_AXES["ab"]
    assert b_lo > a_hi
    fs = gallery.preset("fs-2003")
    assert (fs.model.c, fs.model.d, fs.amplitudes) == (fixed["c"], fixed["d"], (DEFAULT_AMP,))
    assert (fs.model.c, fs.model.d, DEFAULT_AMP) == (-65.0, 2.0, 10.0)
    page = rendered(theory.theory_pages())["theory/excitability.md"].decode()
    text = re.sub(r"\s+", " ", page)
    assert (
        f"spans \\(a\\) from {a_lo:g} to {a_hi:g} and \\(b\\) from {b_lo:g} to {b_hi:g}, all above"
        in text
    )
    assert 'preset = "fs-2003"' in page
    assert "read it off the axes" not in text
