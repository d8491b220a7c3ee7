"""model.js, the browser twin of the kernels, gives the same spike times as Python."""

import json
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

import gallery
from gallery.analysis.phase_plane import fixed_points
from gallery.render.export import payload
from gallery.site.browser_constants import constants_js

RUNNER = Path(__file__).parent / "js" / "run_model.js"
JS = Path(__file__).resolve().parents[1] / "site_src" / "js"
SCRIPTS = ("model.js", "model-reference.js", "phase-math.js")
VARIANTS = [
    ("tonic-spiking", {"c": -50.0, "d": 2.0}),
    ("tonic-spiking", {"a": 0.05, "b": 0.25}),
    ("class-1-excitable", {"d": 2.0}),
    ("accommodation", {"a": 0.03}),
    ("fs-2007", {"a": 0.1}),
    ("tc-burst-2007", {"d": 20.0}),
    ("lts-2007", {"c": -55.0}),
]


def _node():
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is needed for the JS parity test (it ships with this machine kind)")
    return node


@pytest.fixture(scope="module")
def scripts(tmp_path_factory):
    """The generated constants.js, then the model's scripts, in page order."""
    constants = tmp_path_factory.mktemp("js") / "constants.js"
    constants.write_bytes(constants_js())
    return [str(constants), *(str(JS / name) for name in SCRIPTS)]


def _run_js(cases, scripts):
    message = json.dumps({"scripts": scripts, "cases": cases})
    result = subprocess.run(
        [_node(), str(RUNNER)], input=message, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def _cases():
    cases, expected = [], []
    for slug in gallery.load().slugs:
        preset = gallery.preset(slug)
        data = payload(preset, gallery.simulate(preset))["preset"]
        schemes = [preset.scheme] + (["euler"] if preset.scheme == "published-2004" else [])
        for scheme in schemes:
            for run in gallery.simulate(preset, scheme=scheme):
                cases.append({"preset": data, "options": {"amp": run.amplitude, "scheme": scheme}})
                expected.append((f"{slug}/{scheme}/{run.amplitude}", run))
    for slug, changes in VARIANTS:
        preset = gallery.with_parameters(gallery.preset(slug), **changes)
        data = payload(preset, gallery.simulate(preset))["preset"]
        for run in gallery.simulate(preset):
            cases.append({"preset": data, "options": {"amp": run.amplitude}})
            expected.append((f"{slug}+{changes}/{run.amplitude}", run))
    return cases, expected


def test_model_js_matches_the_python_kernels_spike_for_spike(scripts):
    cases, expected = _cases()
    results = _run_js(cases, scripts)
    mismatches = []
    for (name, run), got in zip(expected, results, strict=True):
        if got["spikes"] != run.spike_times_ms.tolist() or got["n"] != run.t_ms.size:
            mismatches.append(f"{name}: js {got['spikes'][:5]} python {run.spike_times_ms[:5]}")
    assert mismatches == []
    assert len(cases) > 70


def test_model_js_other_dt_and_overrides_via_options(scripts):
    preset = gallery.preset("bistability")
    data = payload(preset, gallery.simulate(preset))["preset"]
    got = _run_js([{"preset": data, "options": {"dt": 0.1, "a": 0.1}}], scripts)[0]
    np.testing.assert_array_equal(
        got["spikes"], gallery.simulate(preset, dt_ms=0.1)[0].spike_times_ms
    )


def test_model_js_reports_divergence(scripts):
    preset = gallery.with_parameters(gallery.preset("tonic-spiking"), k2=1e306)
    data = payload(gallery.preset("tonic-spiking"), gallery.simulate(preset))["preset"]
    data["model"]["k2"] = 1e306
    got = _run_js([{"preset": data, "options": {}}], scripts)[0]
    assert got["diverged"] == gallery.simulate(preset)[0].diverged_at_ms
    assert got["vLast"] is None  # NaN serialises as null


@pytest.mark.parametrize(
    ("slug", "dt"), [("tonic-spiking", 0.25), ("tonic-bursting", 0.1), ("rs-2007", 0.25),
                     ("lts-2007", 0.5), ("resonator", 0.25), ("fs-2007", 0.25)],
)  # fmt: skip
def test_model_js_reference_scheme_matches_python(slug, dt, scripts):
    preset = gallery.preset(slug)
    runs = gallery.simulate(preset, scheme="reference", dt_ms=dt)
    data = payload(preset, gallery.simulate(preset))["preset"]
    cases = [
        {"preset": data, "options": {"amp": run.amplitude, "scheme": "reference", "dt": dt}}
        for run in runs
    ]
    for run, got in zip(runs, _run_js(cases, scripts), strict=True):
        assert got["n"] == run.t_ms.size
        assert len(got["spikes"]) == run.n_spikes
        np.testing.assert_allclose(got["spikes"], run.spike_times_ms, rtol=0, atol=1e-9)


NETWORK_2003 = ("tonic-spiking", "phasic-spiking", "tonic-bursting", "mixed-mode", "resonator")


@pytest.mark.parametrize("slug", NETWORK_2003)
def test_model_js_network_2003_step_matches_python(slug, scripts):
    preset = gallery.preset(slug)
    runs = gallery.simulate(preset, scheme="network-2003")
    data = payload(preset, gallery.simulate(preset))["preset"]
    cases = [
        {"preset": data, "options": {"amp": run.amplitude, "scheme": "network-2003"}}
        for run in runs
    ]
    for run, got in zip(runs, _run_js(cases, scripts), strict=True):
        assert got["n"] == run.t_ms.size
        assert got["spikes"] == run.spike_times_ms.tolist()
    assert sum(run.n_spikes for run in runs) > 0


def _currents(preset):
    amps = [float(a) for a in preset.amplitudes]
    return sorted({0.0, *amps, 0.5 * max(amps), -abs(max(amps, key=abs)) / 2})


def test_phase_math_fixed_points_match_the_closed_forms(scripts):
    """The widget's bracketing search finds the equilibria of phase_plane.fixed_points."""
    cases, expected = [], []
    for slug in gallery.load().slugs:
        preset = gallery.preset(slug)
        data = payload(preset, gallery.simulate(preset))["preset"]
        state = {"a": preset.model.a, "b": preset.model.b}
        for current in _currents(preset):
            points = [fp for fp in fixed_points(preset.model, current) if -150 < fp.v < 100]
            if any(fp.kind in ("saddle-node", "centre") for fp in points):
                continue  # degenerate: the bracketing search may see one root or none
            cases.append({"preset": data, "state": state, "current": current})
            expected.append((f"{slug} at I = {current}", points))
    mismatches = []
    for (name, points), got in zip(expected, _run_js(cases, scripts), strict=True):
        want = [(fp.kind, fp.v, fp.u) for fp in points]
        have = [(p["kind"], p["v"], p["u"]) for p in got]
        if [k for k, _, _ in want] != [k for k, _, _ in have] or not np.allclose(
            [x[1:] for x in want], [x[1:] for x in have], rtol=1e-6, atol=1e-6
        ):
            mismatches.append(f"{name}: python {want} js {have}")
    assert mismatches == []
    assert len(cases) > 150
