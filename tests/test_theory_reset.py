"""The reset page's reset-map and fast–slow sections, each claim computed here on its own.

Plain numpy and a literal loop of the published 2004 rule (figure1.m: v from the old (v, u),
u from the new v, spike if v > 30), sharing no code with the package's simulators, reset map
or fast-slow analysis; then the rendered page must quote the same numbers.
"""

import re

import numpy as np
import pytest

from gallery.site.sections import theory
from tests.sections import rendered

# published (a, b, c, d, I, v0, u0, dt, T, onset) of the fast-slow table's presets
LADDER = {
    "rs-2003": (0.02, 0.2, -65, 8, 14, -63.0, -12.6, 0.25, 150, 15),
    "tonic-spiking": (0.02, 0.2, -65, 6, 14, -70.0, -14.0, 0.25, 100, 10),
    "ib-2003": (0.02, 0.2, -55, 4, 11, -70.0, -14.0, 0.25, 150, 15),
    "mixed-mode": (0.02, 0.2, -55, 4, 10, -70.0, -14.0, 0.25, 160, 16),
    "ch-2003": (0.02, 0.2, -50, 2, 10, -70.0, -14.0, 0.25, 150, 15),
    "tonic-bursting": (0.02, 0.2, -50, 2, 15, -70.0, -14.0, 0.25, 220, 22),
}


def _spikes(a, b, c, d, i_ext, v, u, dt, t_max, onset):
    return _resets(a, b, c, d, i_ext, v, u, dt, t_max, onset)[0]


def _next_u(a, b, c, d, i_ext, u, dt=0.25, horizon=500.0):
    """u right after the first spike from (c, u) at a constant current (NaN if none)."""
    v = c
    for _ in range(round(horizon / dt)):
        v = v + dt * (0.04 * v * v + 5 * v + 140 - u + i_ext)
        u = u + dt * a * (b * v - u)
        if v > 30:
            return u + d
    return np.nan


def _sizes(times):
    return [g.size for g in np.split(times, np.flatnonzero(np.diff(times) >= 10.0) + 1)]


@pytest.fixture(scope="module")
def text():
    page = rendered(theory.theory_pages())["theory/reset.md"].decode()
    return re.sub(r"\s*\n\s*", " ", page)


def test_bursting_presets_are_those_whose_bistable_range_is_wider_than_d(text):
    for slug, (a, b, c, d, i_ext, *rest) in LADDER.items():
        v_fold = -5 / (2 * 0.04)
        u_fold = 0.04 * v_fold**2 + 5 * v_fold + 140 + i_ext
        height = 0.04 * c * c + 5 * c + 140 + i_ext  # N_I(c)
        width = max(height - u_fold, 0.0) if c > v_fold else 0.0
        assert width == pytest.approx(0.04 * (c - v_fold) ** 2 if c > v_fold else 0.0)
        sizes = _sizes(_spikes(a, b, c, d, i_ext, *rest))
        keeps = any(s >= 2 for s in sizes[1:])
        assert keeps == (width > d), slug
        span = f"{u_fold:g} to {height:g}".replace("-", "−") if width else "none"
        row = f"| {c:g} | {d:g} | {i_ext:g} | {span} | {width:.3g} | {', '.join(map(str, sizes))} |"
        assert row.replace("-", "−") in text, row


def test_tonic_spiking_map_has_an_attracting_fixed_point(text):
    a, b, c, d, i_ext = 0.02, 0.2, -65, 6, 14
    g = lambda u: _next_u(a, b, c, d, i_ext, u) - u  # noqa: E731
    lo, hi = 0.0, 4.0
    assert g(lo) > 0 > g(hi)
    while hi - lo > 1e-3:
        mid = 0.5 * (lo + hi)
        lo, hi = (mid, hi) if g(mid) > 0 else (lo, mid)
    fixed = 0.5 * (lo + hi)
    slope = _next_u(a, b, c, d, i_ext, fixed + 0.5) - _next_u(a, b, c, d, i_ext, fixed - 0.5)
    assert abs(slope) < 1  # attracting
    # the map jitters by a few hundredths (spikes sit on the 0.25-ms grid), so the page's
    # grid-interpolated crossing and this bisection agree to 0.1
    quoted = re.search(r"\\\(u\^\* = (−?[0-9.]+)\\\) with slope (−?[0-9.]+)", text)
    assert quoted is not None
    assert float(quoted[1].replace("−", "-")) == pytest.approx(fixed, abs=0.1)
    assert abs(float(quoted[2].replace("−", "-"))) < 1


def test_tonic_bursting_map_climbs_then_drops_without_a_fixed_point(text):
    a, b, c, d, i_ext = 0.02, 0.2, -50, 2, 15
    grid = np.linspace(-8.0, 4.5, 26)  # inside the burst's climb
    after = np.array([_next_u(a, b, c, d, i_ext, u) for u in grid])
    assert np.all(after > grid)  # above the diagonal: no fixed point there
    assert 1.5 < np.mean(after - grid) < d
    top = _next_u(a, b, c, d, i_ext, 6.0)  # above the drop: after the pause, near the fold
    assert top < 0
    height = 0.04 * c * c + 5 * c + 140 + i_ext
    assert height == pytest.approx(5.0)
    assert "The map meets the diagonal only in that drop" in text
    assert f"\\(\\dot u = a(bc - u) = {a * (b * c - height):.2g}\\)" in text


def _tc_2003(hold_to=45.0, dt=0.25, t_max=150.0):
    """izhi2003.m's TC burst-mode cell, held at I = -25 up to 3/10 of the run, then released."""
    a, b, c, d = 0.02, 0.25, -65.0, 0.05
    v = -87.0
    u = b * v
    u0, out, u_release = u, [], None
    for k in range(round(t_max / dt) + 1):
        t = k * dt
        i = -25.0 if 0 < t <= hold_to else 0.0
        if u_release is None and t > hold_to:
            u_release = u
        v = v + dt * (0.04 * v * v + 5 * v + 140 - u + i)
        u = u + dt * a * (b * v - u)
        if v > 30:
            out.append(t)
            v, u = c, u + d
    return u0, u_release, np.array(out)


def test_tc_burst_2003_is_four_plus_one_under_the_ten_ms_rule(text):
    u0, u_release, times = _tc_2003()
    sizes = _sizes(times)
    assert sizes == [4, 1]  # not "a burst of 5": the fifth spike comes >= 10 ms after the fourth
    assert "splits as 4 + 1" in text
    assert "burst of 5" not in text
    # u starts at b v0 = -21.75 and has risen to about -21.4 at release
    assert u0 == pytest.approx(-21.75)
    assert "starts at −21.7" in text
    assert f"{u_release:.3g}".replace("-", "−") in text


def _rebound(dt, t_max=200.0):
    """figure1.m panel R (rebound spike): a -15 pulse from 20 to 25 ms."""
    a, b, c, d = 0.03, 0.25, -60.0, 4.0
    v = -64.0
    u = b * v
    out, u_after = [], None
    for k in range(round(t_max / dt) + 1):
        t = k * dt
        pulse = 20 < t < 25
        if u_after is None and t >= 25:
            u_after = u
        v = v + dt * (0.04 * v * v + 5 * v + 140 - u + (-15.0 if pulse else 0.0))
        u = u + dt * a * (b * v - u)
        if v > 30:
            out.append(t)
            v, u = c, u + d
    return u_after, out


def test_rebound_below_the_parabola_bottom_fires_only_at_the_small_step(text):
    u_fine, spikes_fine = _rebound(0.2)
    u_coarse, spikes_coarse = _rebound(0.25)
    bottom = 0.04 * 62.5**2 - 5 * 62.5 + 140  # u at the v-nullcline's minimum, v = -62.5
    assert u_coarse < -16.25
    assert u_fine < -16.25
    assert len(spikes_fine) == 1
    assert not spikes_coarse
    assert bottom == pytest.approx(-16.25)
    assert "only the 0.2 ms run fires" in text


def _resets(a, b, c, d, i_ext, v, u, dt, t_max, onset):
    """(spike times, u right after each reset) of the published loop."""
    times, resets = [], []
    for k in range(round(t_max / dt) + 1):
        t = k * dt
        i = i_ext if t > onset else 0.0
        v = v + dt * (0.04 * v * v + 5 * v + 140 - u + i)
        u = u + dt * a * (b * v - u)
        if v > 30:
            v, u = c, u + d
            times.append(t)
            resets.append(u)
    return np.array(times), np.array(resets)


def _numbers(cell):
    return [float(x) for x in cell.replace("\u2212", "-").replace(", …", "").split(", ")]


@pytest.mark.parametrize("slug", ["tonic-spiking", "tonic-bursting", "mixed-mode"])
def test_landing_table_row_is_the_published_run(text, slug):
    """Resets, the first one above N_I(c) = u on the v-nullcline at v = c, and the bursts."""
    a, b, c, d, i_ext, v0, u0, dt, t_max, onset = LADDER[slug]
    times, resets = _resets(a, b, c, d, i_ext, v0, u0, dt, t_max, onset)
    height = 0.04 * c * c + 5 * c + 140 + i_ext
    first_above = int(np.flatnonzero(resets > height)[0]) + 1
    row = next(line for line in text.split("| [") if f"(../presets/{slug}.md)" in line)
    cells = [cell.strip() for cell in row.split("|")]
    np.testing.assert_allclose(_numbers(cells[5]), resets[:5], rtol=5e-3)  # 3 digits shown
    np.testing.assert_allclose(_numbers(cells[7]), np.diff(times)[:5], rtol=1e-9)
    assert cells[6] == str(first_above)
    assert cells[8] == ", ".join(str(n) for n in _sizes(times))


@pytest.mark.parametrize(("a", "period"), [(0.05, "56.5"), (0.1, "41")])
def test_ringing_period_is_that_of_the_focus_at_rest(text, a, period):
    """b = 0.26, I = 0: rest at -62.5 mV where the parabola is flat, eigenvalues -a/2 ± iω."""
    b = 0.26
    v = np.roots([0.04, 5 - b, 140]).real.min()  # the lower root, rest (a > 0: upper is the saddle)
    jacobian = np.array([[0.08 * v + 5, -1.0], [a * b, -a]])
    omega = abs(np.linalg.eigvals(jacobian)[0].imag)
    assert f"{2 * np.pi / omega:.3g}" == period
    assert f"| {a:g} | {2 / a:g} ms | {period} ms |" in text


def test_tonic_bursting_period_is_close_to_one_over_a(text):
    a, b, c, d, i_ext, v0, u0, dt, t_max, onset = LADDER["tonic-bursting"]
    times = _spikes(a, b, c, d, i_ext, v0, u0, dt, t_max, onset)
    groups = np.split(times, np.flatnonzero(np.diff(times) >= 10.0) + 1)
    period = np.diff([g[0] for g in groups[1:]]).mean()
    assert f"repeat about every {period:.3g} ms, close to \\(1/a = {1 / a:g}\\) ms" in text


def test_b_0_2_rest_is_a_node_where_the_parabola_slopes_down(text):
    a, b = 0.02, 0.2
    v = np.roots([0.04, 5 - b, 140]).real.min()
    p = 0.08 * v + 5
    eigenvalues = np.linalg.eigvals(np.array([[p, -1.0], [a * b, -a]]))
    assert np.all(eigenvalues.imag == 0)  # a node
    assert np.all(eigenvalues.real < 0)  # stable
    volts = f"{v:.4g}".replace("-", "\u2212")  # prose minus; inside math the ASCII one
    assert f"is at {volts} mV where \\(p = {p:.3g}\\)" in text
    assert "a node, no ringing (at \\(a = 0.02\\): a stable node)" in text


def test_fast_slow_legend_does_not_give_one_panel_s_reset_for_both():
    """The two panels have different c; a shared legend naming one c was wrong for the other."""
    from gallery.render import lesson_figures
    from gallery.render.style import theme

    figure = lesson_figures.fast_slow_figure(theme("light"))
    labels = [t.get_text() for legend in figure.legends for t in legend.get_texts()]
    labels += [
        t.get_text() for ax in figure.axes if ax.get_legend() for t in ax.get_legend().get_texts()
    ]
    titles = [ax.get_title() for ax in figure.axes]
    assert any("reset v = c" in label for label in labels)
    assert not any(re.search(r"c = \S*\d", label) for label in labels)
    assert len({title for title in titles if "c =" in title}) == 2


def test_reset_maps_up_close_a_staircase_and_a_jump(text):
    """Finely sampled, the tonic map crosses the diagonal more than once near u* (spike times
    sit on the 0.25-ms grid) and the bursting map's drop is a jump: the page says both."""
    a, b, c, d, i_ext = 0.02, 0.2, -65, 6, 14
    fine = np.linspace(1.8, 2.1, 301)
    g = np.array([_next_u(a, b, c, d, i_ext, u) - u for u in fine])
    assert np.count_nonzero(np.diff(np.sign(g)) != 0) >= 2
    a, b, c, d, i_ext = 0.02, 0.2, -50, 2, 15
    fine = np.linspace(5.0, 5.6, 601)  # steps of 0.001 across the drop
    after = np.array([_next_u(a, b, c, d, i_ext, u) for u in fine])
    assert np.max(-np.diff(after)) > 3.0  # one step of 0.001 in u drops u+ by more than 3
    assert "crosses the diagonal more than once near \\(u^*\\)" in text
    assert "The map meets the diagonal only in that drop, which is a jump" in text
