"""The theory pages' corrected claims (issue 16, "Wrong today"), each computed here on its own.

Every test derives its number with plain numpy (closed-form algebra, ``numpy.linalg``) or a
literal Python loop of the published update rule (protocols.md §1 for 2004, §6 for 2007),
without the package's simulators or phase-plane functions, and then checks that the page or
template says it, as the build renders it (every theory page is a template).
"""

import dataclasses
import functools
import math
import re
from pathlib import Path

import numpy as np
import pytest

import gallery
from gallery.analysis import spikes
from gallery.model.simulate import simulate
from gallery.site import pages
from gallery.site.sections import exercises, theory
from gallery.site.sections import network as network_page
from tests import network_reference
from tests.sections import rendered

ROOT = Path(__file__).resolve().parent.parent


@functools.cache
def _theory() -> dict[str, bytes]:
    return rendered(theory.theory_pages())


def _page(name: str) -> str:
    """A theory page as the build renders it, with the line breaks of its paragraphs joined."""
    return re.sub(r"\s*\n\s*", " ", _theory()[f"theory/{name}"].decode())


def _loop_2004(a, b, c, d, v, u, dt, t_max, current, k1=5.0, k0=140.0):
    """figure1.m: grid 0:dt:T with both ends; v from old (v, u), u from the new v, v > 30."""
    vs, us, spike_t = [], [], []
    for k in range(round(t_max / dt) + 1):
        t = k * dt
        v = v + dt * (0.04 * v * v + k1 * v + k0 - u + current(t))
        u = u + dt * a * (b * v - u)
        if v > 30:
            spike_t.append(t)
            v, u = c, u + d
        vs.append(v)
        us.append(u)
    return np.array(vs), np.array(us), np.array(spike_t)


def _steady(a, b, c, d, i_ext, v, u, dt=0.25):
    """Spike times of a 1-s constant-current run (published rule) [ms]."""
    return _loop_2004(a, b, c, d, v, u, dt, 1000.0, lambda t: i_ext)[2]


def _repetitive(times) -> bool:
    return int(np.count_nonzero(times > 200.0)) >= 2  # the site's rule: 2 spikes after 200 ms


def _onset(params, v0, u0, low, high):
    """Smallest step current (bisection to 1e-4) that fires repetitively from (v0, u0)."""
    while high - low > 1e-4:
        mid = 0.5 * (low + high)
        low, high = (low, mid) if _repetitive(_steady(*params, mid, v0, u0)) else (mid, high)
    return high


def _roots(b, i_ext=0.0, k1=5.0, k0=140.0):
    return np.sort(np.roots([0.04, k1 - b, k0 + i_ext]).real)


def _jacobian(a, b, v):
    return np.array([[0.08 * v + 5.0, -1.0], [a * b, -a]])


# --- 1. spike latency: rest and saddle exist after the pulse; the state lingers by the saddle


def test_spike_latency_lingers_near_the_saddle_not_a_ghost():
    pulse = lambda t: 7.04 if 10.0 < t < 13.0 else 0.0  # noqa: E731
    v, u, fired = _loop_2004(0.02, 0.2, -65, 6, -70.0, -14.0, 0.2, 100.0, pulse)
    t = np.arange(v.size) * 0.2
    assert fired.tolist() == [pytest.approx(26.6)]
    rest, saddle = _roots(0.2)  # after the pulse I = 0: both fixed points exist, no ghost
    assert (rest, saddle) == (pytest.approx(-70.0), pytest.approx(-50.0))
    late = (t >= 13.0) & (t <= 22.0)
    assert np.all(np.abs(v[late] - (-54)) < 1.2)
    assert np.all(np.abs(u[late] - (-13.6)) < 0.3)
    summary = gallery.preset("spike-latency").summary
    assert "ghost" not in summary
    assert "vanished" not in summary
    assert "saddle" in summary
    assert "rest and the saddle both exist" in summary


# --- 2. spike latency at a finer step: the pulse grows with the step; separate the two


def _latency(dt, width):
    pulse = lambda t: 7.04 if 10.0 < t < 10.0 + width else 0.0  # noqa: E731
    return _loop_2004(0.02, 0.2, -65, 6, -70.0, -14.0, dt, 100.0, pulse)[2]


def test_numerics_exercise_separates_pulse_charge_from_step():
    paper = _latency(0.2, 3.0)
    fine = _latency(0.01, 3.0)
    short = _latency(0.01, 2.8 + 0.01)  # the paper's 2.8 ms of grid points at dt = 0.01
    grid = np.arange(round(100 / 0.01) + 1) * 0.01
    assert np.count_nonzero((grid > 10) & (grid < 13)) * 0.01 == pytest.approx(2.99)
    assert paper.tolist() == [pytest.approx(26.6)]
    assert fine[0] == pytest.approx(16.7, abs=0.01)
    assert short.size == 0  # same pulse, fine step: no spike, so the coarse step makes it fire
    text = rendered(exercises.site_files())["exercises/numerics.md"].decode()
    assert "The pulse lasts 2.8 ms at \\(\\Delta t = 0.2\\) but 2.99 ms at 0.01" in text
    cut = "Cut the pulse back to 2.8 ms at \\(\\Delta t = 0.01\\) and the cell does not fire at all"
    assert cut in text
    assert "Most of the long latency in the figure comes from the coarse step" not in text


# --- 3. reset page: a u below the parabola's bottom does not decide the rebound spike


def test_rebound_spike_is_not_decided_by_the_parabola_bottom():
    pulse = lambda t: -15.0 if 20.0 < t < 25.0 else 0.0  # noqa: E731
    bottom = 140 - 5.0**2 / (4 * 0.04)  # the parabola's minimum u at I = 0
    assert bottom == pytest.approx(-16.25)
    after = {}
    for dt in (0.2, 0.25):
        v, u, fired = _loop_2004(0.03, 0.25, -60, 4, -64.0, -16.0, dt, 200.0, pulse)
        k = round(25.0 / dt)
        after[dt] = (u[k], fired)
    assert after[0.2][1].tolist() == [pytest.approx(68.0)]
    assert after[0.25][1].size == 0
    for u_end, _ in after.values():
        assert u_end < -16.25
        assert round(u_end, 1) == -16.6
    text = _page("reset.md")
    assert "no fixed point can stop the voltage" not in text
    assert (
        "\\(u \\approx -16.6\\) at \\(\\tau = 0.25\\) ms, both below the bottom of the parabola"
        in text
    )
    assert "yet only the 0.2 ms run fires" in text
    assert "saddle's stable manifold" in text


# --- 4. excitability exercise Q3: the onset rate is not the Hopf oscillation


def test_class_2_onset_rate_is_not_the_hopf_frequency():
    a, b = 0.2, 0.26
    v_h = (a - 5.0) / 0.08  # trace zero
    hopf_hz = 1000 * math.sqrt(np.linalg.det(_jacobian(a, b, v_h))) / (2 * math.pi)
    eig = np.linalg.eigvals(_jacobian(a, b, v_h))
    assert abs(eig.real).max() < 1e-12
    assert hopf_hz == pytest.approx(17.43, abs=0.01)
    ramp = lambda t: -0.5 + 0.015 * (t - 30) if t > 30 else -0.5  # noqa: E731
    fired = _loop_2004(a, b, -65, 0, -64.0, -64.0 * b, 0.25, 300.0, ramp)[2]
    ramp_hz = 1000 / (fired[1] - fired[0])
    assert ramp_hz > 2.5 * hopf_hz
    text = rendered(exercises.site_files())["exercises/excitability.md"].decode()
    assert f"rest rotates at only {hopf_hz:.3g} Hz" in text
    assert "set by the frequency of the oscillation around rest" not in text


# --- 5. class 2 from the I = 0 rest state fires below the Hopf current: hysteresis


def test_class_2_step_from_rest_fires_below_the_hopf_current():
    params = (0.2, 0.26, -65, 0)
    rest = _roots(0.26)[0]
    onset = _onset(params, rest, 0.26 * rest, 0.2, 0.45)
    assert onset == pytest.approx(0.333, abs=5e-4)
    times = _steady(*params, 0.34, rest, 0.26 * rest)
    rate = 1000 / np.diff(times[times > 200]).mean()
    assert 28 < rate < 33  # "about 30 Hz"
    at_own_rest = _roots(0.26, 0.39)[0]  # sitting at rest under I = 0.39 < I_H = 0.40
    assert _steady(*params, 0.39, at_own_rest, 0.26 * at_own_rest).size == 0
    text = _page("excitability.md")
    assert f"fires earlier, from \\(I \\approx {onset:.3f}\\), already at about 30 Hz" in text
    assert "silent up to \\(I = 0.40\\); about" not in text


# --- 6. tonic spiking: a Hopf row with a class-1-like onset


def test_tonic_spiking_starts_at_a_low_rate_near_the_fold():
    params = (0.02, 0.2, -65, 6)
    onset = _onset(params, -70.0, -14.0, 3.0, 4.2)
    assert onset == pytest.approx(3.78, abs=0.01)
    times = _steady(*params, 3.78, -70.0, -14.0)
    rate = 1000 / np.diff(times[times > 200]).mean()
    assert 4.0 < rate < 6.5  # "about 5 Hz"
    hopf = (5 - 0.2) ** 2 / 0.16 - 140 - (0.2 - 0.02) ** 2 / 0.16
    assert 4 - hopf == pytest.approx(0.2025)
    text = _page("excitability.md")
    assert "at \\(I \\approx 3.78\\) at only about 5 Hz: a class-1-like onset" in text


# --- 7. which fixed point is the saddle depends on the sign of a


def test_for_negative_a_the_lower_fixed_point_is_the_saddle():
    a, b = -0.026, -1.0  # inhibition-induced bursting
    low, high = _roots(b, 80.0)
    eig_low = np.sort(np.linalg.eigvals(_jacobian(a, b, low)).real)
    eig_high = np.linalg.eigvals(_jacobian(a, b, high))
    assert eig_low[0] < 0 < eig_low[1]  # saddle
    assert np.all(eig_high.real < 0)
    assert np.all(eig_high.imag != 0)
    text = _page("phase-plane.md")
    assert "always a saddle" not in text
    assert "**always" not in text
    assert f"saddle at \\(v^* = {low:.2f}\\) mV (eigenvalues \\({eig_low[0]:.2f}\\) and" in text
    assert f"\\(+{eig_low[1]:.3f}\\)) and a stable focus above it at \\({high:.2f}\\) mV" in text
    assert "for \\(a > 0\\) the lower fixed point" in _page("excitability.md")


# --- 8. rest and threshold meet where the parabola's slope is b


def test_rest_and_threshold_meet_where_the_slope_is_b():
    for b in (0.0, 0.2):
        fold_i = (5 - b) ** 2 / 0.16 - 140
        low, high = _roots(b, fold_i)  # a double root, up to rounding
        assert high - low < 1e-4
        assert 0.08 * (low + high) / 2 + 5 == pytest.approx(b, abs=1e-5)
    assert pytest.approx(-60.0) == (0.2 - 5) / 0.08
    assert -5 / 0.08 == -62.5
    text = _page("model.md")
    assert "whose bottom is where rest and threshold meet" not in text
    assert (
        "at \\(v = -60\\) mV for \\(b = 0.2\\), and at the bottom (\\(-62.5\\) mV) only for" in text
    )


# --- 9. RTN 2007: rest sits on the b switch; a node just above it


def test_rtn_rest_on_the_switch_is_a_node_above_it():
    c_m, k, vr, vt, a = 40.0, 0.25, -65.0, -45.0, 0.015
    kinds = {}
    for b in (10.0, 2.0):
        jac = np.array([[k * (2 * vr - vr - vt) / c_m, -1 / c_m], [a * b, -a]])
        eig = np.linalg.eigvals(jac)
        kinds[b] = "focus" if np.any(eig.imag != 0) else "node"
        assert np.all(eig.real < 0)
    assert kinds == {10.0: "focus", 2.0: "node"}
    preset = gallery.preset("rtn-2007")
    (row, *_) = pages.rest_analysis(preset, simulate(preset)).rows
    assert row.point.kind == "stable focus"
    assert row.above.kind == "stable node"
    template = (ROOT / "site_src" / "templates" / "preset-rest.md.j2").read_text()
    assert "switch of \\(b\\), so it is a corner of two linear flows" in template
    assert (
        pages.rest_analysis(gallery.preset("rs-2007"), simulate(gallery.preset("rs-2007")))
        .rows[0]
        .above
        is None
    )


# --- Also: the slow eigenvector at rest runs along the v-nullcline


def test_slow_eigenvector_runs_along_the_v_nullcline():
    values, vectors = np.linalg.eig(_jacobian(0.02, 0.2, -70.0))
    slow, fast = np.argmax(values), np.argmin(values)
    slope_slow = vectors[1, slow] / vectors[0, slow]
    slope_fast = vectors[1, fast] / vectors[0, fast]
    nullcline_slope = 0.08 * -70 + 5
    assert slope_slow == pytest.approx(-0.57, abs=0.005)
    assert nullcline_slope == pytest.approx(-0.6)
    assert abs(slope_fast) < 0.01
    text = _page("phase-plane.md")
    assert f"The slow one, \\((1, {slope_slow:.2f})\\)" in text
    assert f"The fast direction, \\((1, {slope_fast:.3f})\\)" in text
    assert "mostly \\(u\\)" not in text


# --- Also: the 2004 form as a 2007 form


def test_2004_form_maps_onto_2007_with_roots_and_a_current_offset():
    vr, vt = np.sort(np.roots([0.04, 5, 140]).real)
    assert (round(vr, 2), round(vt, 2)) == (-82.66, -42.34)
    rng = np.random.default_rng(1)
    a, b = 0.02, 0.2
    for v, u, i in rng.uniform([-90, -20, -5], [30, 10, 20], (20, 3)):
        w = u - b * vr
        assert 0.04 * v * v + 5 * v + 140 - u + i == pytest.approx(
            0.04 * (v - vr) * (v - vt) - w + (i - b * vr)
        )
        assert a * (b * v - u) == pytest.approx(a * (b * (v - vr) - w))
    text = _page("model.md")
    assert f"\\(v_r = {vr:.2f}\\) and \\(v_t = {vt:.2f}\\) mV" in text
    assert (
        f"\\(I_{{2007}} = I_{{2004}} - b\\,v_r\\) ({-0.2 * vr:.2f} more for \\(b = 0.2\\))" in text
    )


# --- Also: TC burst 2007's counts and its delay after release


def _loop_2007_tc(i_after, t_pre=120.0, t_run=720.0, dt=0.25):
    """izhi2007.m, TC burst mode: forward Euler from old values, b = 15 below -65 mV."""
    c_m, k, vr, vt, a, d = 200.0, 1.6, -60.0, -50.0, 0.01, 10.0
    n = round((t_pre + t_run) / dt)
    v, u, fired = vr, 0.0, []
    for step in range(n):
        i = -1200.0 if step * dt < t_pre else i_after
        b = 15.0 if v <= -65 else 0.0
        v_new = v + dt * (k * (v - vr) * (v - vt) - u + i) / c_m
        u_new = u + dt * a * (b * (v - vr) - u)
        if v_new > 35 + 0.1 * u_new:
            fired.append((step + 1) * dt)
            v_new, u_new = -60 - 0.1 * u_new, u_new + d
        v, u = v_new, u_new
    return np.array(fired)


def test_tc_burst_2007_behaviour_states_burst_sizes_and_delay():
    preset = gallery.preset("tc-burst-2007")
    runs = simulate(preset)
    totals, first_burst, delays = [], [], []
    for run in runs:
        fired = run.spike_times_ms
        totals.append(fired.size)
        gaps = np.flatnonzero(np.diff(fired) >= 10.0)
        first_burst.append(int(gaps[0]) + 1)
        delays.append(fired[0] - 120.0)
    assert totals == [6, 11, 18]
    assert first_burst == [2, 3, 4]
    assert min(delays) > 24
    assert max(delays) < 34
    own = _loop_2007_tc(runs[0].amplitude)
    assert own.size == 6
    assert own[0] - 120.0 == pytest.approx(max(delays), abs=0.25)
    text = preset.behaviour
    assert "25 to 34 ms later, with a rebound burst of 2, 3 or 4 spikes" in text
    assert "(6, 11, 18 spikes in the whole run)" in text


# --- Also: FS 2007 at 400 pA is one train, not 3 bursts


def test_fs_2007_fast_train_is_not_counted_as_bursts():
    preset = gallery.preset("fs-2007")
    run = simulate(preset)[-1]
    assert run.amplitude == 400.0
    intervals = np.diff(run.spike_times_ms)
    pauses = intervals[intervals >= 10.0]
    assert pauses.tolist() == [10.0, 10.25]
    assert pauses.max() < 2 * intervals[intervals < 10.0].max()  # not clearly longer
    assert pages.run_stats(run).bursts == 1
    assert pages.burst_count(np.array([0, 3, 6, 40, 43, 46.0])) == 2  # a real pause still splits


# --- Also: the sparse network's per-spike spread


def test_sparse_network_spread_is_about_six_times():
    rng = np.random.default_rng(2)
    dense = 0.5 * rng.random(200_000)
    hit = rng.random(200_000) < 100 / 1000
    sparse = np.where(hit, 0.5 * (1000 / 100) * rng.random(200_000), 0.0)
    ratio = sparse.std() / dense.std()
    assert ratio == pytest.approx(6.08, abs=0.1)
    assert network_page.network.per_spike_spread_ratio(1000, 100) == pytest.approx(ratio, rel=0.02)


@pytest.fixture(scope="module")
def network_text():
    return rendered(network_page.site_files())["network.md"].decode()


def test_network_page_quotes_spread_harmonic_and_no_inhibition(network_text):
    text = re.sub(r"\s*\n\s*", " ", network_text)
    ratio = network_page.network.per_spike_spread_ratio(1000, 100)
    assert f"standard deviation {ratio:.1f} times that of the dense network" in text
    assert "three times the spread" not in text
    assert "first harmonic" not in text
    assert "second harmonic (twice its frequency)" in text
    spikes_t, _ = network_reference.run(800, 0, 0, 1000, 0)  # the page's run, ported anew
    assert f"fire at {spikes_t.size / 800:.1f} Hz instead of" in text
    assert "their synapses and noise are drawn anew" in text


# --- Also: fi_curve with an integer v0


def test_fi_curve_with_an_integer_v0_matches_the_float_one():
    base = gallery.preset("tonic-spiking")
    as_int = dataclasses.replace(base, v0=-70, u0=-14)
    assert isinstance(as_int.v0, float)
    assert isinstance(as_int.u0, float)
    currents = [5.0, 10.0, 14.0]
    expected = [
        1000 * np.count_nonzero(_steady(0.02, 0.2, -65, 6, i, -70.0, -14.0) > 200) / 800
        for i in currents
    ]
    got = spikes.fi_curve(as_int, currents).rates_hz
    assert got.tolist() == pytest.approx(expected)
    assert spikes.fi_curve(base, currents).rates_hz.tolist() == pytest.approx(expected)


# --- the model page's schemes and its warning about the published step


def test_model_page_states_the_published_steps_and_starts():
    text = _page("model.md")
    dts_2004 = sorted({p.dt_ms for p in gallery.load().presets if p.scheme == "published-2004"})
    assert f"use this scheme with \\(\\tau\\) = {dts_2004[0]:g} to {dts_2004[-1]:g} ms" in text
    book = [p for p in gallery.load().presets if p.scheme == "book-2007"]
    assert {p.dt_ms for p in book} == {0.25}
    assert "\\(\\tau = 0.25\\) ms, \\(v\\) starts at \\(v_r\\), \\(u\\) at 0" in text
    for p in book:  # v starts at v_r, u at 0, the current is on from t = 0
        assert (p.v0, p.u0) == (p.model.vr, 0.0), p.slug
        assert all(w.start is None or w.start.evaluate(t_end=p.t_max_ms) <= 0
                   for w in p.stimulus.windows), p.slug  # fmt: skip


def test_model_page_warning_names_the_steps_where_each_pattern_holds():
    """Each panel's behaviour, classified at every step of the sweep, as the warning says."""
    from gallery.analysis.accuracy import SWEEP_DTS
    from gallery.analysis.behaviour import classify

    def holds(slug):
        preset = gallery.preset(slug)
        return [dt for dt in SWEEP_DTS if classify(slug, simulate(preset, dt_ms=dt)).holds]

    text = _page("model.md")
    assert holds("bistability") == [0.25]
    assert "switches off only at \\(\\tau = 0.25\\) ms" in text
    assert holds("inhibition-induced-bursting") == [0.5]
    assert "stays bounded only at \\(\\tau = 0.5\\) ms" in text
    assert sorted(holds("depolarizing-after-potential")) == [0.1, 0.2]
    assert "behaves as printed only at 0.1 or 0.2 ms" in text
    assert holds("resonator") == [dt for dt in SWEEP_DTS if dt <= 0.25]
    assert "the [resonator](../presets/resonator.md) needs \\(\\tau \\le 0.25\\) ms" in text
    for slug in ("spike-latency", "rebound-spike", "rebound-burst"):
        assert holds(slug) == [dt for dt in SWEEP_DTS if dt <= 0.2], slug
    assert "need \\(\\tau \\le 0.2\\) ms" in text
