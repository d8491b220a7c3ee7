"""sPyNNaker's Izhikevich update in s16.15: the package against an independent integer
implementation written here with exact rationals, and the JS twin (fixed-point.js) against
the package, bit for bit; the float64 twin the same way."""

import json
import math
import shutil
import subprocess
from dataclasses import replace
from fractions import Fraction
from pathlib import Path

import pytest

import gallery
from gallery.analysis import arithmetic
from gallery.analysis.cell_state import published_state
from gallery.model import fixed_point as fp
from gallery.render.export import preset_to_dict
from gallery.site.browser_constants import constants_js

ROOT = Path(__file__).resolve().parents[1]
RUNNER = ROOT / "tests" / "js" / "run_fixed_point.js"
JS = ROOT / "site_src" / "js"
ULP = Fraction(1, 2**15)


# --- an independent s16.15: values as Fractions, every product floored to a multiple of ULP,
# every result wrapped into [-2^16, 2^16). Shares nothing with gallery.model.fixed_point.


def q(x: Fraction) -> Fraction:
    span = Fraction(2**16)
    x = (x + span) % (2 * span) - span
    assert (x / ULP).denominator == 1
    return x


def times(x: Fraction, y: Fraction) -> Fraction:
    return q(math.floor(x * y / ULP) * ULP)


def nearest(x: float) -> Fraction:
    # ties upward, from the exact binary value of the double
    return q(math.floor(Fraction(x) / ULP + Fraction(1, 2)) * ULP)


def reference_run(cell: fp.Cell, currents, dt):
    k = Fraction(1311, 2**15)  # sPyNNaker's MAGIC_MULTIPLIER 0.040008544921875, exactly
    tq = Fraction(60620, 2**15)  # 1.85k truncated
    half = Fraction(1, 2)
    a, b, c, d = (nearest(x) for x in (cell.a, cell.b, cell.c, cell.d))
    peak, reset_h = nearest(cell.v_peak), nearest(dt)
    v, u, h = nearest(cell.v0), nearest(cell.u0), reset_h
    raw, spikes = [], []
    for n, i in enumerate(currents):
        pre = q(q(140 + nearest(i)) - u)
        alpha = q(pre + times(q(5 + times(k, v)), v))
        eta = q(v + times(times(h, alpha), half))
        beta = times(times(times(h, q(times(b, v) - u)), a), half)
        v_new = q(v + times(h, q(q(pre - beta) + times(q(5 + times(k, eta)), eta))))
        u = q(u + times(times(a, h), q(q(-u - beta) + times(b, eta))))
        v, h = v_new, reset_h
        if v >= peak:
            spikes.append(n)
            raw.append(int(peak / ULP))
            v, u, h = c, q(u + d), times(reset_h, tq)
        else:
            raw.append(int(v / ULP))
    return raw, spikes


CASES = [("tonic-spiking", {}), ("phasic-spiking", {}), ("tonic-bursting", {"dt": 1.0}),
         ("rs-2003", {"dt": 0.5}), ("mixed-mode", {}), ("spike-latency", {"dt": 0.1})]  # fmt: skip


def _cell_state(slug, changes):
    preset = gallery.preset(slug)
    return preset, replace(published_state(preset), **changes)


@pytest.mark.parametrize(("slug", "changes"), CASES)
def test_the_fixed_point_run_is_the_exact_rational_one(slug, changes):
    preset, state = _cell_state(slug, changes)
    result = arithmetic.compare(preset, state)
    currents = [float(x) for x in gallery.model.stimulus.current(
        preset.stimulus, result.t, state.amp)]  # fmt: skip
    cell = fp.Cell(a=state.a, b=state.b, c=state.c, d=state.d, v_peak=preset.model.v_peak,
                   v0=preset.v0, u0=preset.u0)  # fmt: skip
    raw, spikes = reference_run(cell, currents, state.dt)
    assert list(result.fixed.raw_v) == raw
    assert list(result.fixed.spike_steps) == spikes


def test_the_constants_and_the_rounding_are_the_documented_ones():
    assert Fraction(fp.K_RAW, 2**15) == Fraction("0.040008544921875")
    assert math.floor(0.04 * 2**15) == fp.K_RAW - 1  # 0.04 itself truncates one ULP lower
    assert math.floor(Fraction("1.85") * 2**15) == fp.TQ_RAW
    assert fp.mul(-1, 1) == -1  # -2^-30 rounds down to -2^-15, not up to 0
    assert fp.mul(3, 2**14) == 1  # 1.5 ULP halves to 1 ULP (towards -infinity)
    assert fp.to_fixed(0.5 / 2**15) == 1
    assert fp.to_fixed(-0.5 / 2**15) == 0
    assert fp.add(2**31 - 1, 1) == -(2**31)  # accum wraps; it does not saturate


def test_the_arithmetic_changes_the_spike_train_somewhere_but_not_everywhere():
    parted = [arithmetic.parting(arithmetic.compare(*_cell_state(s, c))) for s, c in CASES]
    assert any(p is not None for p in parted)
    assert any(p is None for p in parted)


def test_the_view_refuses_the_presets_spinnaker_cannot_run():
    assert arithmetic.usable(gallery.preset("tonic-spiking")) is None
    assert "another form" in arithmetic.usable(gallery.preset("rs-2007"))
    assert "another form" in arithmetic.usable(gallery.preset("class-1-excitable"))


@pytest.fixture(scope="module")
def scripts(tmp_path_factory):
    constants = tmp_path_factory.mktemp("js") / "constants.js"
    constants.write_bytes(constants_js())
    return [str(constants), str(JS / "model.js"), str(JS / "fixed-point.js")]


def _node(cases, scripts):
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is needed for the JS parity test (it ships with this machine kind)")
    message = json.dumps({"scripts": scripts, "cases": cases})
    done = subprocess.run([node, str(RUNNER)], input=message, capture_output=True, text=True,
                          timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_fixed_point_js_gives_the_same_integers_and_spikes(scripts):
    cases, want = [], []
    for slug, changes in CASES:
        preset, state = _cell_state(slug, changes)
        cases.append({"preset": preset_to_dict(preset), "state": state.as_dict()})
        want.append(arithmetic.compare(preset, state))
    for w, got in zip(want, _node(cases, scripts), strict=True):
        assert got["fixed"]["rawV"] == list(w.fixed.raw_v)
        assert got["fixed"]["spikeSteps"] == list(w.fixed.spike_steps)
        assert got["float"]["v"] == list(w.float64.v)  # float64: the same bits too
        assert got["float"]["spikeSteps"] == list(w.float64.spike_steps)


def test_fixed_point_js_products_round_like_python(scripts):
    pairs = [(-1, 1), (3, 2**14), (2**31 - 1, 2**31 - 1), (-(2**31), -(2**31)), (-12345, 67891)]
    got = _node([{"fn": "mul", "x": x, "y": y} for x, y in pairs]
                + [{"fn": "toFixed", "x": x} for x in (-65.0, 0.02, -0.5 / 2**15, 1e5)],
                scripts)  # fmt: skip
    assert got == [fp.mul(x, y) for x, y in pairs] + [
        fp.to_fixed(x) for x in (-65.0, 0.02, -0.5 / 2**15, 1e5)]  # fmt: skip
