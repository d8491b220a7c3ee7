"""Figures: deterministic bytes, and content checked through the artists."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest
from matplotlib.collections import LineCollection

import gallery
from gallery.analysis import phase_plane
from gallery.analysis.trajectory import featured_run, trajectory
from gallery.model import simulate as simulate_module
from gallery.model.simulate import simulate
from gallery.render import figures, poster, style, theory


def by_gid(fig, gid):
    return [a for ax in fig.axes for a in ax.get_children() if a.get_gid() == gid]


@pytest.mark.parametrize("kind", ["trace", "phase", "thumb"])
@pytest.mark.parametrize("fmt", ["svg", "png"])
def test_same_inputs_give_identical_bytes(kind, fmt):
    preset = gallery.preset("tonic-bursting")
    first = figures.render(preset, kind, theme="dark", fmt=fmt)
    assert first == figures.render(preset, kind, theme="dark", fmt=fmt)
    assert first != figures.render(preset, kind, theme="light", fmt=fmt)


def _refuse_to_simulate(monkeypatch, *modules):
    def refuse(*args, **kwargs):
        raise AssertionError("simulated although the runs were given")

    for module in (simulate_module, *modules):
        monkeypatch.setattr(module, "simulate", refuse)


@pytest.mark.parametrize("kind", ["trace", "phase", "thumb"])
def test_given_runs_are_drawn_without_simulating_again(monkeypatch, kind):
    preset = gallery.preset("rs-2007")  # several runs: the trace has a row per run
    runs = simulate(preset)
    expected = figures.render(preset, kind, theme="dark", fmt="png")
    _refuse_to_simulate(monkeypatch, figures)
    with pytest.raises(AssertionError, match="simulated"):
        figures.render(preset, kind)  # the patch is where render looks
    assert figures.render(preset, kind, theme="dark", fmt="png", runs=runs) == expected


def test_the_poster_draws_given_runs_without_simulating_again(monkeypatch):
    panels = (gallery.preset("tonic-spiking"), gallery.preset("phasic-bursting"))
    runs = [simulate(preset)[0] for preset in panels]
    expected = poster.render_poster(panels)
    _refuse_to_simulate(monkeypatch, poster)
    with pytest.raises(AssertionError, match="simulated"):
        poster.render_poster(panels)
    assert poster.render_poster(panels, runs=runs) == expected


def test_svg_carries_no_date():
    svg = figures.render(gallery.preset("tonic-spiking"), "trace").decode()
    assert "<dc:date>" not in svg
    assert svg.lstrip().startswith("<?xml")


@pytest.mark.parametrize("kind", ["trace", "phase"])
def test_svg_text_is_text_in_the_readers_system_font(kind):
    import xml.etree.ElementTree as ET

    svg = figures.render(gallery.preset("tonic-spiking"), kind)
    root = ET.fromstring(svg)
    ns = "{http://www.w3.org/2000/svg}"
    texts = ["".join(t.itertext()) for t in root.iter(f"{ns}text")]
    assert "v (mV)" in texts  # the axis label, as characters, not glyph outlines
    assert b'id="DejaVuSans-' not in svg  # no glyph paths
    assert b"DejaVu Sans';" not in svg  # one style rule names the fonts, not each text
    (rule,) = [s.text for s in root.iter(f"{ns}style")]
    assert "text{font-family: system-ui," in rule
    assert rule.endswith("sans-serif}")


def test_a_changed_matplotlib_svg_is_an_error_not_a_wrong_font():
    with pytest.raises(ValueError, match="SVG_STYLE_MPL"):
        style.svg_text_in_system_fonts(b"<svg><text>x</text></svg>")


@pytest.mark.parametrize(
    "slug", ["tonic-spiking", "tonic-bursting", "rs-2007", "lts-2007", "tc-2007", "fs-2007",
             "resonator", "accommodation", "inhibition-induced-bursting"],
)  # fmt: skip
def test_one_reset_jump_per_spike(slug):
    preset = gallery.preset(slug)
    runs = simulate(preset)
    run = featured_run(runs)
    fig = figures.figure(preset, "phase", "light", runs)
    jumps = by_gid(fig, "reset-jumps")
    if run.n_spikes == 0:
        assert jumps == []
        return
    (collection,) = jumps
    assert isinstance(collection, LineCollection)
    segments = collection.get_segments()
    assert len(segments) == run.n_spikes
    model = preset.model
    for (v_from, u_from), (v_to, u_to) in segments:
        # from the cut-off to the reset point: (v_peak, u) -> (c + c_u u, min(u + d, u_max))
        assert v_from == pytest.approx(float(phase_plane.threshold_u_line(model, u_from)), abs=1e-9)
        expected = phase_plane.reset_jump(model, u_from)
        assert (v_to, u_to) == pytest.approx(expected, abs=1e-9)


def test_fixed_point_markers_match_the_analysis():
    preset = gallery.preset("tonic-spiking")
    fig = figures.figure(preset, "phase", "light")
    (stable,) = by_gid(fig, "fixed-points-stable")
    (unstable,) = by_gid(fig, "fixed-points-unstable")
    # I = 0: rest (-70, -14) stable node, saddle (-50, -10); I = 14 has none
    assert list(zip(stable.get_xdata(), stable.get_ydata(), strict=True)) == [
        pytest.approx((-70.0, -14.0))
    ]
    assert list(zip(unstable.get_xdata(), unstable.get_ydata(), strict=True)) == [
        pytest.approx((-50.0, -10.0))
    ]
    assert stable.get_markerfacecolor() != unstable.get_markerfacecolor()


def test_both_v_nullclines_and_the_lines_are_drawn():
    preset = gallery.preset("tonic-spiking")
    fig = figures.figure(preset, "phase", "light")
    for gid in ("v-nullcline-rest", "v-nullcline-stimulus", "u-nullcline", "threshold",
                "reset-line", "trajectory", "flow"):  # fmt: skip
        assert by_gid(fig, gid), gid
    (stim,) = by_gid(fig, "v-nullcline-stimulus")
    v, u = stim.get_data()
    assert np.allclose(u, phase_plane.nullcline_v(preset.model, v, 14.0))
    (threshold,) = by_gid(fig, "threshold")
    assert set(threshold.get_xdata()) == {30.0}


def test_trajectory_covers_the_whole_run_in_time_order():
    preset = gallery.preset("tonic-spiking")
    run = simulate(preset)[0]
    path = trajectory(run, preset.model)
    assert len(path.pieces) == run.n_spikes + 1
    times = np.concatenate([piece[0] for piece in path.pieces])
    assert np.all(np.diff(times) >= 0)
    assert times[0] == run.t_ms[0]
    assert times[-1] == run.t_ms[-1]


def test_trace_has_one_voltage_row_per_run_with_spikes_to_the_cut_off():
    preset = gallery.preset("rs-2007")
    runs = simulate(preset)
    fig = figures.figure(preset, "trace", "light", runs)
    for index, run in enumerate(runs):
        (line,) = by_gid(fig, f"v-{index}")
        assert np.array_equal(line.get_ydata(), run.v, equal_nan=True)
        if run.n_spikes:
            assert np.nanmax(line.get_ydata()) == pytest.approx(preset.model.v_peak)
    labels = [ax.get_xlabel() for ax in fig.axes]
    assert "time (ms)" in labels
    assert any("pA" in ax.get_ylabel() for ax in fig.axes)


def test_a_runaway_is_labelled_on_the_trace():
    preset = gallery.with_parameters(gallery.preset("tonic-spiking"), d=-20.0)
    fig = figures.figure(preset, "trace", "light", simulate(preset))
    (label,) = by_gid(fig, "runaway-0")
    assert "runaway" in label.get_text()
    fine = gallery.preset("tonic-spiking")
    assert by_gid(figures.figure(fine, "trace", "light", simulate(fine)), "runaway-0") == []


def test_thumbnail_is_240_by_60_pixels():
    png = figures.render(gallery.preset("tonic-spiking"), "thumb", fmt="png")
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    assert (width, height) == (240, 60)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [({"kind": "bode"}, "unknown figure kind"), ({"theme": "sepia"}, "unknown theme"),
     ({"fmt": "pdf"}, "unknown figure format")],
)  # fmt: skip
def test_bad_requests_name_the_problem(kwargs, message):
    args = {"kind": "trace", "theme": "light", "fmt": "svg"} | kwargs
    kind = args.pop("kind")
    with pytest.raises(ValueError, match=message):
        figures.render(gallery.preset("tonic-spiking"), kind, **args)


def test_cli_writes_one_figure(tmp_path):
    out = tmp_path / "phase.png"
    done = subprocess.run(
        [sys.executable, "-m", "gallery", "figure", "resonator", "--kind", "phase",
         "--theme", "dark", "--out", str(out)],
        capture_output=True, text=True,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert out.read_bytes().startswith(b"\x89PNG")
    bad = subprocess.run(
        [sys.executable, "-m", "gallery", "figure", "resonator", "--out", str(tmp_path / "x.pdf")],
        capture_output=True, text=True,
    )  # fmt: skip
    assert bad.returncode == 2
    assert ".svg or .png" in bad.stderr


def test_theory_figures_are_deterministic_and_named():
    first = theory.render_theory("nullclines", theme_name="dark")
    assert first == theory.render_theory("nullclines", theme_name="dark")
    assert first != theory.render_theory("nullclines")
    with pytest.raises(ValueError, match="unknown theory figure"):
        theory.render_theory("bode")


def test_teaching_nullclines_mark_the_fixed_points_of_each_current():
    fig = style.draw(style.theme("light"), theory.nullclines_figure)
    stable = by_gid(fig, "fixed-point-stable")
    expected = sum(
        fp.stable
        for i_ext in theory.TEACHING_CURRENTS
        for fp in phase_plane.fixed_points(theory.TEACHING_MODEL, i_ext)
    )
    assert len(stable) == expected > 0
