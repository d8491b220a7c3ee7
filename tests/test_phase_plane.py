"""Phase-plane analysis: closed forms checked against numerics and simulations."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest

import gallery
from gallery.analysis import phase_plane
from gallery.model.catalogue import Model, builtin
from gallery.model.expr import parse
from gallery.model.simulate import simulate
from gallery.model.stimulus import Stimulus

ALL = builtin().slugs
RS_2004 = Model(form="2004", a=0.02, b=0.2, c=-65.0, d=6.0, v_peak=30.0)


def constant(preset, i_ext: float, *, t_max_ms: float, v0: float, u0: float, dt_ms: float):
    """The preset's neuron under one constant current from (v0, u0)."""
    stimulus = Stimulus(amplitudes=(i_ext,), baseline=parse("amp"), windows=())
    held = dataclasses.replace(
        preset, stimulus=stimulus, t_max_ms=t_max_ms, v0=v0, u0=u0, dt_ms=dt_ms
    )
    return simulate(held)[0]


def currents_of(preset) -> list[float]:
    run = simulate(preset)[0]
    return sorted({0.0, float(run.i_ext[0]), *np.unique(run.i_ext)[:: max(1, run.i_ext.size // 7)]})


@pytest.mark.parametrize("slug", ALL)
def test_fixed_points_lie_on_both_nullclines(slug):
    model = gallery.preset(slug).model
    for i_ext in currents_of(gallery.preset(slug)):
        for fp in phase_plane.fixed_points(model, i_ext):
            u_on_v = float(phase_plane.nullcline_v(model, fp.v, i_ext))
            assert fp.u == pytest.approx(u_on_v, abs=1e-9)
            vertical = phase_plane.vertical_u_nullcline(model)
            if vertical is None:
                u_null = float(phase_plane.nullcline_u(model, fp.v))
                assert abs(fp.u - u_null) <= 1e-9 * max(1.0, abs(fp.u))
            else:
                assert fp.v == vertical
            dv, du = phase_plane.derivatives(model, fp.v, fp.u, i_ext)
            assert abs(dv) < 1e-8
            assert abs(du) < 1e-8


def test_saddle_node_of_the_2004_form_in_closed_form():
    # 0.04 v^2 + (5 - b) v + 140 + I = 0 has a double root when I = (5 - b)^2 / 0.16 - 140
    assert phase_plane.equilibrium_voltages(RS_2004, 4.0) == [pytest.approx(-60.0)]
    assert phase_plane.fixed_points(RS_2004, 0.0)[0].v == pytest.approx(-70.0)
    assert phase_plane.fixed_points(RS_2004, 0.0)[1].kind == "saddle"
    assert phase_plane.fixed_points(RS_2004, 4.1) == ()
    loss = phase_plane.rest_loss(RS_2004)
    # b > a: the trace vanishes first, at F'(v) = a, i.e. v = (a - 5) / 0.08
    assert loss.kind == "Andronov-Hopf"
    assert loss.v == pytest.approx((0.02 - 5.0) / 0.08)
    integrator = dataclasses.replace(RS_2004, a=0.5, b=0.2)
    assert phase_plane.rest_loss(integrator).kind == "saddle-node"
    assert phase_plane.rest_loss(integrator).current == pytest.approx(4.0)


@pytest.mark.parametrize("slug", ALL)
def test_jacobian_matches_finite_differences(slug):
    model = gallery.preset(slug).model
    for v in (-75.3, -58.1, -41.7):
        u, i_ext, h = 3.3, 1.5, 1e-6
        jac = phase_plane.jacobian(model, v)
        dv_p, du_p = phase_plane.derivatives(model, v + h, u, i_ext)
        dv_m, du_m = phase_plane.derivatives(model, v - h, u, i_ext)
        dv_up, du_up = phase_plane.derivatives(model, v, u + h, i_ext)
        dv_um, du_um = phase_plane.derivatives(model, v, u - h, i_ext)
        numeric = np.array(
            [[(dv_p - dv_m) / (2 * h), (dv_up - dv_um) / (2 * h)],
             [(du_p - du_m) / (2 * h), (du_up - du_um) / (2 * h)]]
        )  # fmt: skip
        assert np.allclose(jac, numeric, rtol=1e-5, atol=1e-7)


@pytest.mark.parametrize(
    ("trace", "det", "kind"),
    [(-1.0, 0.1, "stable node"), (-0.1, 1.0, "stable focus"), (0.1, 1.0, "unstable focus"),
     (1.0, 0.1, "unstable node"), (0.5, -1.0, "saddle"), (0.5, 0.0, "saddle-node"),
     (0.0, 1.0, "centre")],
)  # fmt: skip
def test_classification_from_trace_and_determinant(trace, det, kind):
    assert phase_plane.classify(trace, det) == kind


def rest_cases():
    for slug in ALL:
        model = gallery.preset(slug).model
        rest = phase_plane.rest_state(model, 0.0)
        if rest is not None and rest.kind in ("stable node", "stable focus"):
            yield slug


@pytest.mark.parametrize("slug", list(rest_cases()))
def test_rest_state_is_the_long_run_steady_state(slug):
    preset = gallery.preset(slug)
    rest = phase_plane.rest_state(preset.model, 0.0)
    run = constant(preset, 0.0, t_max_ms=4000.0, v0=rest.v + 0.3, u0=rest.u, dt_ms=0.05)
    assert run.n_spikes == 0
    assert run.v[-1] == pytest.approx(rest.v, abs=1e-6)
    assert run.u[-1] == pytest.approx(rest.u, abs=1e-6)


@pytest.mark.parametrize("slug", list(rest_cases()))
def test_focus_rings_and_node_does_not(slug):
    preset = gallery.preset(slug)
    rest = phase_plane.rest_state(preset.model, 0.0)
    run = constant(preset, 0.0, t_max_ms=1500.0, v0=rest.v + 0.2, u0=rest.u, dt_ms=0.05)
    offset = run.v - rest.v
    offset = offset[np.abs(offset) > 1e-9 * max(1.0, abs(rest.v))]
    crossings = int(np.count_nonzero(np.diff(np.sign(offset)) != 0))
    if rest.kind == "stable focus":
        assert crossings >= 2, f"{slug}: a focus should ring, v crossed v* {crossings} times"
    else:
        assert crossings <= 1, f"{slug}: a node should not ring, v crossed v* {crossings} times"


def test_panel_r_has_a_vertical_u_nullcline_and_no_rheobase():
    model = gallery.preset("accommodation").model
    assert phase_plane.vertical_u_nullcline(model) == -65.0
    assert np.isnan(phase_plane.nullcline_u(model, [-60.0])).all()
    assert phase_plane.rest_loss(model).kind == "none"
    assert len(phase_plane.fixed_points(model, 50.0)) == 1


def test_fs_2007_cubic_nullcline_is_flat_below_vb():
    model = gallery.preset("fs-2007").model
    assert phase_plane.nullcline_u(model, [-70.0, -56.0]) == pytest.approx([0.0, 0.0])
    v = model.vb + 10.0
    assert float(phase_plane.nullcline_u(model, v)) == pytest.approx(model.b * 10.0**3)
    loss = phase_plane.rest_loss(model)
    assert math.isfinite(loss.current)
    assert phase_plane.rest_state(model, loss.current - 1e-3) is not None
    assert phase_plane.rest_state(model, loss.current + 1e-3) is None


def test_tc_switched_b_uses_the_branch_of_the_fixed_point():
    model = gallery.preset("tc-2007").model
    deep = phase_plane.fixed_points(model, -300.0)
    assert deep
    assert deep[0].v <= model.b_switch_v
    assert deep[0].u == pytest.approx(model.b_hyper * (deep[0].v - model.u_v_offset))


def test_reset_jump_and_lines():
    lts = gallery.preset("lts-2007").model
    v, u = phase_plane.reset_jump(lts, 100.0)
    assert v == pytest.approx(lts.c + lts.c_u * 100.0)
    assert u == min(100.0 + lts.d, lts.u_max)
    assert float(phase_plane.threshold_u_line(lts, 0.0)) == lts.v_peak


@pytest.mark.parametrize(
    "slug",
    ["class-1-excitable", "depolarizing-after-potential", "rs-2007", "ch-2007", "tc-2007"],
)
def test_saddle_node_current_predicts_repetitive_firing(slug):
    from gallery.analysis.spikes import rheobase_simulated

    preset = gallery.preset(slug)
    loss = phase_plane.rest_loss(preset.model)
    assert loss.kind == "saddle-node"
    step = 0.002 * max(1.0, abs(loss.current))
    simulated = rheobase_simulated(
        preset, loss.current - 50 * step, loss.current + 50 * step, step,
        t_max_ms=10_000.0, transient_ms=1_000.0,
    )  # fmt: skip
    # the smallest current that fires repetitively lies within one bisection step above it
    assert loss.current <= simulated <= loss.current + step


def test_hopf_cells_lose_rest_where_the_trace_vanishes():
    for slug in ("resonator", "class-2-excitable", "rs-2003"):
        model = gallery.preset(slug).model
        loss = phase_plane.rest_loss(model)
        assert loss.kind == "Andronov-Hopf"
        below = phase_plane.rest_state(model, loss.current - 1e-6)
        assert below is not None
        assert below.kind == "stable focus"
        above = phase_plane.fixed_points(model, loss.current + 1e-6)[0]
        assert above.kind == "unstable focus"


def test_inhibition_induced_rest_is_lost_as_the_current_falls():
    # a = -0.02, b = -1: the trace F'(v) - a vanishes at v = (a - 5) / 0.08 = -62.75, where
    # u = b v = 62.75 and I = u - F(v) = 78.9975 (below the baseline of 80)
    model = gallery.preset("inhibition-induced-spiking").model
    loss = phase_plane.rest_loss_falling(model, 80.0)
    assert loss.kind == "Andronov-Hopf"
    assert loss.v == pytest.approx((model.a - 5.0) / 0.08, abs=1e-6)
    v = (model.a - 5.0) / 0.08
    assert loss.current == pytest.approx(model.b * v - (0.04 * v * v + 5 * v + 140), abs=1e-6)
    assert phase_plane.rest_state(model, 79.5) is not None
    assert phase_plane.rest_state(model, 78.5) is None
    with pytest.raises(ValueError, match="no resting state"):
        phase_plane.rest_loss_falling(model, 90.0)
    rs = gallery.preset("tonic-spiking").model
    assert phase_plane.rest_loss_falling(rs, 0.0).kind == "none"  # hyperpolarising keeps rest
