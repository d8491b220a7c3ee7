"""Protocols on the grid: the points each pulse covers at the paper's dt (protocols.md §2.2)."""

import numpy as np
import pytest

import gallery
from gallery.model.expr import parse
from gallery.model.grid import published_grid
from gallery.model.schemes import SCHEMES
from gallery.model.stimulus import Stimulus, Window, current, window_mask

# slug -> one (first time, last time, number of points) per window, in window order.
COVERAGE = {
    "tonic-spiking": [(10.25, 100, 360)],
    "phasic-spiking": [(20.25, 200, 720)],
    "tonic-bursting": [(22.25, 220, 792)],
    "phasic-bursting": [(20.2, 200, 900)],
    "mixed-mode": [(16.25, 160, 576)],
    "spike-frequency-adaptation": [(8.75, 85, 306)],
    "class-1-excitable": [(30.25, 300, 1080)],
    "class-2-excitable": [(30.25, 300, 1080)],
    "spike-latency": [(10.2, 12.8, 14)],
    "subthreshold-oscillations": [(20.25, 24.75, 19)],
    "resonator": [
        (40.25, 43.75, 15), (60.25, 63.75, 15), (280.25, 283.75, 15), (320.25, 323.75, 15)
    ],
    "integrator": [(9.25, 11.0, 8), (14.25, 16.0, 8), (70.25, 71.75, 7), (80.25, 81.75, 7)],
    "rebound-spike": [(20.2, 24.8, 24)],
    "rebound-burst": [(20.2, 24.8, 24)],
    "threshold-variability": [(10.25, 14.75, 19), (80.25, 84.75, 19), (70.25, 74.75, 19)],
    "bistability": [(37.75, 42.25, 19), (216.25, 220.75, 19)],
    "depolarizing-after-potential": [(9.1, 10.9, 19)],
    "accommodation": [(0, 199.5, 400), (300, 312, 25)],
    "inhibition-induced-spiking": [(50, 250, 401)],
    "inhibition-induced-bursting": [(50, 250, 401)],
}  # fmt: skip


@pytest.mark.parametrize("slug", COVERAGE)
def test_each_window_covers_the_published_grid_points(slug):
    preset = gallery.preset(slug)
    t = published_grid(preset.dt_ms, preset.t_max_ms)
    taken = np.zeros(t.shape, dtype=bool)
    found = []
    for window in preset.stimulus.windows:
        hit = window_mask(window, t) & ~taken
        taken |= hit
        found.append((float(t[hit][0]), float(t[hit][-1]), int(hit.sum())))
    expected = COVERAGE[slug]
    assert len(found) == len(expected)
    for (first, last, count), (e_first, e_last, e_count) in zip(found, expected, strict=True):
        assert count == e_count
        assert first == pytest.approx(e_first, abs=1e-9)
        assert last == pytest.approx(e_last, abs=1e-9)


@pytest.mark.parametrize(
    ("slug", "checks"),
    [
        ("class-1-excitable", {30.0: 0.0, 30.25: 0.01875, 300.0: 20.25}),
        ("class-2-excitable", {0.0: -0.5, 30.0: -0.5, 30.25: -0.49625, 300.0: 3.55}),
        ("accommodation", {199.5: 7.98, 200.0: 0.0, 300.5: 0.16, 312.0: 3.84, 312.5: 0.0}),
        ("bistability", {0.0: 0.24, 37.5: 0.24, 37.75: 1.24}),
        ("inhibition-induced-spiking", {49.5: 80, 50.0: 75, 250.0: 75, 250.5: 80}),
        ("rz-2003", {0.0: -2, 10.0: -2, 10.25: -0.5, 60.25: 10, 65.0: -0.5}),
        ("tc-burst-2003", {45.0: -25, 45.25: 0}),
    ],
)
def test_current_values_at_protocol_edges(slug, checks):
    preset = gallery.preset(slug)
    t = published_grid(preset.dt_ms, preset.t_max_ms)
    i_ext = current(preset.stimulus, t, preset.amplitudes[0])
    for time, value in checks.items():
        assert i_ext[np.isclose(t, time)][0] == pytest.approx(value, abs=1e-12)


def test_book_pre_step_covers_120_ms_of_samples():
    run = gallery.simulate(gallery.preset("tc-burst-2007"))[0]
    assert np.count_nonzero(run.i_ext == -1200) == 480  # n0 = 120 / tau in izhi2007.m
    assert run.t_ms.size == 480 + 2600


def test_thresholds_follow_the_last_grid_time():
    # tspan(end)/10 with dt = 0.3: the grid ends at 99.9, so the step starts after 9.99.
    stim = gallery.preset("tonic-spiking").stimulus
    t = published_grid(0.3, 100)
    assert t[-1] == pytest.approx(99.9)
    i_ext = current(stim, t, 14)
    assert t[np.argmax(i_ext > 0)] == pytest.approx(10.2)


def test_first_matching_window_wins():
    stim = Stimulus(
        amplitudes=(1.0,),
        baseline=parse(0),
        windows=(
            Window(start=parse(2), end=parse(4), bounds="[]", value=parse(5)),
            Window(start=parse(0), end=None, value=parse("amp*t")),
        ),
    )
    t = np.arange(7.0)
    np.testing.assert_array_equal(current(stim, t, 1.0), [0, 1, 5, 5, 5, 5, 6])


@pytest.mark.parametrize(("bounds", "expected"), [("()", 1), ("[)", 2), ("(]", 2), ("[]", 3)])
def test_interval_ends(bounds, expected):
    window = Window(start=parse(1), end=parse(3), bounds=bounds, value=parse(1))
    assert window_mask(window, np.arange(5.0)).sum() == expected


def _masked_current(stimulus, t, amp):
    """The protocol rule written with masks over the whole grid (the slow, obvious way)."""
    i_ext = np.full(t.shape, np.nan)
    unset = np.ones(t.shape, dtype=bool)
    for window in stimulus.windows:
        hit = window_mask(window, t) & unset
        i_ext[hit] = window.value.evaluate(t=t[hit], t_end=t[-1], amp=amp)
        unset &= ~hit
    i_ext[unset] = stimulus.baseline.evaluate(t=t[unset], t_end=t[-1], amp=amp)
    return i_ext


@pytest.mark.parametrize("dt_scale", [1.0, 0.37, 2.5])
def test_current_equals_the_mask_rule_for_every_preset(dt_scale):
    for preset in gallery.load().presets:
        for scheme in ("published-2004", "book-2007"):
            grid = SCHEMES[scheme].grid
            t = grid.times(preset.dt_ms * dt_scale, preset.t_max_ms)
            for amp in preset.amplitudes:
                got = current(preset.stimulus, t, amp)
                np.testing.assert_array_equal(got, _masked_current(preset.stimulus, t, amp))


def test_overlapping_windows_split_the_free_ranges():
    stim = Stimulus(
        amplitudes=(1.0,),
        baseline=parse(-1),
        windows=(
            Window(start=parse(3), end=parse(5), bounds="[]", value=parse(7)),
            Window(start=parse(1), end=parse(8), bounds="[)", value=parse("t")),
            Window(start=None, end=parse(0), bounds="(]", value=parse(9)),
        ),
    )
    t = np.arange(10.0)
    np.testing.assert_array_equal(current(stim, t, 1.0), [9, 1, 2, 7, 7, 7, 6, 7, -1, -1])
    np.testing.assert_array_equal(current(stim, t, 1.0), _masked_current(stim, t, 1.0))
