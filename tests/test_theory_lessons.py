"""The model and phase-plane lessons' claims, each computed here on its own (plain numpy or a
literal loop), then found in the page as the build renders it.

The numbers of the two pages are template values (gallery/analysis/theory_facts.py); these
tests do not call it: they derive each number again and read the page's text.
"""

import functools
import math
import re

import numpy as np
import pytest

from gallery.site.sections import theory
from tests.sections import rendered


@functools.cache
def _text(name: str) -> str:
    page = rendered(theory.theory_pages())[f"theory/{name}.md"].decode()
    return re.sub(r"\s*\n\s*", " ", page)


def _minus(x: str) -> str:
    return x.replace("-", "−")


# --- the model page: the normal form, the theta neuron, the cut-off


def test_the_shifted_quadratic_is_the_normal_form():
    v = np.linspace(-120, 40, 33)
    assert np.allclose(0.04 * v * v + 5 * v + 140, 0.04 * (v + 62.5) ** 2 - 16.25)
    text = _text("model")
    assert "\\(w = v - (-62.5)\\) mV" in text
    assert "\\(0.04v^2 + 5v + 140 = 0.04\\,w^2 - 16.25\\)" in text
    assert "\\dot w = 0.04\\,w^2 + \\bigl(I - u - 16.25\\bigr)" in text
    assert "\\(\\eta = 0.04\\,(I - u - 16.25)\\)" in text


def test_the_theta_neuron_is_the_quadratic_neuron_and_fires_with_period_pi_over_root_eta():
    eta = 0.15
    for x in np.linspace(-5, 5, 11):  # theta = 2 atan x: chain rule against the page's equation
        theta = 2 * math.atan(x)
        assert 2 * (x * x + eta) / (1 + x * x) == pytest.approx(
            (1 - math.cos(theta)) + (1 + math.cos(theta)) * eta
        )
    theta, t, dt = -math.pi, 0.0, 1e-3  # one turn of the circle, by RK4

    def g(th):
        return (1 - math.cos(th)) + (1 + math.cos(th)) * eta

    while theta < math.pi:
        k1 = g(theta)
        k2 = g(theta + 0.5 * dt * k1)
        k3 = g(theta + 0.5 * dt * k2)
        k4 = g(theta + dt * k3)
        theta += dt * (k1 + 2 * k2 + 2 * k3 + k4) / 6
        t += dt
    assert t == pytest.approx(math.pi / math.sqrt(eta), abs=2e-3)
    assert "= \\pi / \\sqrt{\\eta}\\)" in _text("model")


def _tonic(v_peak, dt=0.25, t_max=100.0):
    """figure1.m's panel A (a = 0.02, b = 0.2, c = -65, d = 6), step of 14 after t_max/10.

    Returns the spike times and, for each spike, the drive I - u - 16.25 of the step that
    crossed the cut-off.
    """
    v, u, fired, drives = -70.0, -14.0, [], []
    for k in range(round(t_max / dt) + 1):
        t = k * dt
        i_ext = 14.0 if t > t_max / 10 else 0.0
        drive = i_ext - u - 16.25
        v = v + dt * (0.04 * v * v + 5 * v + 140 - u + i_ext)
        u = u + dt * 0.02 * (0.2 * v - u)
        if v > v_peak:
            fired.append(t)
            drives.append(drive)
            v, u = -65.0, u + 6.0
    return np.array(fired), np.array(drives)


def test_the_cut_off_moves_the_published_intervals_by_whole_steps_or_not_at_all():
    text = _text("model")
    isis = {}
    for v_peak in (25, 30, 35, 40):
        fired, drives = _tonic(float(v_peak))
        isis[v_peak] = fired[-1] - fired[-2]
        assert np.all(drives > 0)  # "eta > 0, as it is during a spike"
        escape = 1 / (0.04 * (v_peak + 62.5))
        row = f"| {v_peak} | {escape:.3g} | {isis[v_peak]:.4g} |"
        assert row in text, row
    steps = np.diff([isis[v] for v in (25, 30, 35, 40)]) / 0.25
    assert np.allclose(steps, np.round(steps))
    assert set(np.round(steps)) == {0.0, 1.0}  # some move, some do not
    assert "\\(1/x_p\\), 0.27 ms for \\(v_{\\text{peak}} = 30\\) mV" in text


def _fine_isi(v_peak, dt=0.005, t_max=100.0):
    """RK4 of the same cell, the crossing located by linear interpolation inside the step."""

    def f(v, u, i_ext):
        return 0.04 * v * v + 5 * v + 140 - u + i_ext, 0.02 * (0.2 * v - u)

    v, u, fired = -70.0, -14.0, []
    for k in range(round(t_max / dt)):
        t = k * dt
        i_ext = 14.0 if t > t_max / 10 else 0.0
        a = f(v, u, i_ext)
        b = f(v + 0.5 * dt * a[0], u + 0.5 * dt * a[1], i_ext)
        c = f(v + 0.5 * dt * b[0], u + 0.5 * dt * b[1], i_ext)
        d = f(v + dt * c[0], u + dt * c[1], i_ext)
        v_new = v + dt * (a[0] + 2 * b[0] + 2 * c[0] + d[0]) / 6
        u_new = u + dt * (a[1] + 2 * b[1] + 2 * c[1] + d[1]) / 6
        if v_new >= v_peak:
            fired.append(t + dt * (v_peak - v) / (v_new - v))
            v_new, u_new = -65.0, u_new + 6.0
        v, u = v_new, u_new
    return fired[-1] - fired[-2]


def test_the_converged_interval_hardly_moves_with_the_cut_off():
    text = _text("model")
    growth = _fine_isi(40.0) - _fine_isi(30.0)
    assert 0.02 < growth < 0.07  # a few hundredths of a ms in an interval of about 27 ms
    quoted = re.search(r"the converged interval grows by only ([0-9.]+) ms", text)
    assert quoted
    assert float(quoted.group(1)) == pytest.approx(growth, abs=0.01)


# --- the phase-plane page: fixed points, stability, the bifurcations, the threshold


def _roots(b, i_ext):
    return np.sort(np.roots([0.04, 5 - b, 140 + i_ext]).real)


def _jac(a, b, v):
    return np.array([[0.08 * v + 5, -1.0], [a * b, -a]])


def test_the_fixed_point_table():
    text = _text("phase-plane")
    assert "lowest point at \\(v = -62.5\\) mV, \\(u = I - 16.25\\)" in text
    rows = {0: "| 0 | 0.64 | −70 | −50 |", 2: "| 2 | 0.32 | −67.07 | −52.93 |",
            4: "| 4 | 0 | −60 | −60 |", 6: "| 6 | −0.32 | none | none |"}  # fmt: skip
    for i_ext, cells in rows.items():
        disc = (5 - 0.2) ** 2 - 0.16 * (140 + i_ext)
        assert f"{disc:.2g}".replace("-", "−") in cells.split("|")[2]
        if disc > -1e-12:
            low, high = _roots(0.2, i_ext) if disc > 1e-12 else (-60.0, -60.0)
            assert cells.split("|")[3].strip() == _minus(f"{low:.4g}")
            assert cells.split("|")[4].strip() == _minus(f"{high:.4g}")
        assert cells in text


def test_rest_is_a_stable_node_and_the_resonator_a_focus():
    text = _text("phase-plane")
    jac = _jac(0.02, 0.2, -70.0)
    eig = np.sort(np.linalg.eigvals(jac).real)
    assert np.trace(jac) == pytest.approx(-0.62)
    assert np.linalg.det(jac) == pytest.approx(0.016)
    assert np.trace(jac) ** 2 > 4 * np.linalg.det(jac)  # node
    assert "\\(\\operatorname{tr} J = -0.62\\) and \\(\\det J = 0.016\\)" in text
    assert "\\((\\operatorname{tr} J)^2 = 0.384 > 0.064\\): a stable node" in text
    assert f"eigenvalues about \\({eig[1]:.2g}\\) and \\({eig[0]:.3g}\\) per ms" in text
    rest = _roots(0.26, 0.0)[0]
    assert rest == pytest.approx(-62.5)
    z = np.linalg.eigvals(_jac(0.1, 0.26, rest))
    omega = abs(z[0].imag)
    assert z[0].real == pytest.approx(-0.05)
    assert round(omega, 3) == 0.153
    assert f"\\(2\\pi/{omega:.3g} \\approx {round(2 * math.pi / omega)}\\) ms" in text
    assert round(2 * math.pi / omega) == 41


def test_the_hopf_comes_before_the_fold_when_b_exceeds_a():
    text = _text("phase-plane")
    a, b = 0.02, 0.2
    fold = (5 - b) ** 2 / 0.16 - 140

    def unstable(i_ext):
        return np.linalg.eigvals(_jac(a, b, _roots(b, i_ext)[0])).real.max() > 0

    low, high = 0.0, fold - 1e-9  # rest exists on the whole interval
    assert not unstable(low)
    assert unstable(high)
    while high - low > 1e-9:
        mid = (low + high) / 2
        low, high = (low, mid) if unstable(mid) else (mid, high)
    assert b > a
    assert high < fold
    assert round(high, 2) == 3.80
    assert round(_roots(b, high)[0], 2) == -62.25
    assert "unstable focus at \\(I \\approx 3.80\\) (\\(v^* = -62.25\\) mV)" in text
    assert "disappears at \\(I = 4\\)" in text
    assert "unstable focus at I = 3.80, before it merges with the saddle at I = 4" in text
    for b_other, quoted in ((0.25, "1.016"), (0.26, "0.4225")):
        assert f"{(5 - b_other) ** 2 / 0.16 - 140:.4g}" == quoted
        assert quoted in text


def _fires(v, u, dt=0.02, t_max=600.0):
    """Plain RK4 of tonic spiking's plane at I = 0, no reset: True if v passes 30 mV."""

    def f(v, u):
        return 0.04 * v * v + 5 * v + 140 - u, 0.02 * (0.2 * v - u)

    for _ in range(round(t_max / dt)):
        a = f(v, u)
        b = f(v + 0.5 * dt * a[0], u + 0.5 * dt * a[1])
        c = f(v + 0.5 * dt * b[0], u + 0.5 * dt * b[1])
        d = f(v + dt * c[0], u + dt * c[1])
        v += dt * (a[0] + 2 * b[0] + 2 * c[0] + d[0]) / 6
        u += dt * (a[1] + 2 * b[1] + 2 * c[1] + d[1]) / 6
        if v > 30:
            return True
        if abs(v + 70) < 0.05 and abs(u + 14) < 0.05:
            return False
    raise AssertionError(f"undecided from ({v}, {u})")


def test_a_kick_from_rest_fires_past_the_manifold_not_the_saddle():
    text = _text("phase-plane")
    low, high = -60.0, -50.0  # a kick to -60 returns, one to the saddle's voltage fires
    assert not _fires(low, -14.0)
    assert _fires(high - 1e-6, -14.0 + 1e-6)
    while high - low > 0.005:
        mid = (low + high) / 2
        low, high = (low, mid) if _fires(mid, -14.0) else (mid, high)
    quoted = re.search(r"fires if it carries \\\(v\\\) past \\\((-[0-9.]+)\\\) mV", text)
    assert quoted
    assert float(quoted.group(1)) == pytest.approx((low + high) / 2, abs=0.02)
    slope = np.linalg.eig(_jac(0.02, 0.2, -50.0))
    stable = np.argmin(slope[0])
    assert f"\\((1, {slope[1][1, stable] / slope[1][0, stable]:.3g})\\)" in text


# --- the model page's tables: the catalogue's own TOML, read here with tomllib


def _toml_presets() -> dict[str, dict]:
    import tomllib
    from pathlib import Path

    folder = Path(__file__).resolve().parents[1] / "gallery" / "presets"
    out = {}
    for path in sorted(folder.glob("*.toml")):
        for preset in tomllib.loads(path.read_text(encoding="utf-8"))["preset"]:
            out[preset["slug"]] = preset
    return out


def _g(x) -> str:
    return f"{x:g}".replace("-", "−")


def test_the_class_tables_hold_the_catalogues_values():
    page = rendered(theory.theory_pages())["theory/model.md"].decode()
    lines: dict[str, str] = {}  # the first row naming each preset: the class tables
    for ln in page.splitlines():
        if ln.strip().startswith("| [") and "(../presets/" in ln:
            lines.setdefault(ln.split("(../presets/")[1].split(".md)")[0], ln)
    raw = _toml_presets()
    for slug in ("rs-2003", "ib-2003", "ch-2003", "fs-2003", "lts-2003", "tc-2003", "rz-2003"):
        cells = [c.strip() for c in lines[slug].split("|")[2:6]]
        assert cells == [_g(raw[slug][k]) for k in "abcd"], slug
    for slug in ("rs-2007", "ib-2007", "ch-2007", "rtn-2007", "lts-2007"):
        p = raw[slug]
        cells = [c.strip() for c in lines[slug].split("|")[2:11]]
        assert cells[:4] == [_g(p[k]) for k in ("C", "k", "vr", "vt")], slug
        assert cells[5] == _g(p["a"])
        assert cells[8] == _g(p["d"])
    assert "\\(40 - 0.1u\\)" in lines["lts-2007"]  # v_peak + v_peak_u * u
    assert "\\(-53 + 0.04u\\)" in lines["lts-2007"]
    assert "| 10 / 2 |" in lines["rtn-2007"]  # b below the switch / above it
    assert "cubic, below" in lines["fs-2007"]
    d_2003 = [raw[s]["d"] for s in ("rs-2003", "ib-2003", "ch-2003", "fs-2003", "lts-2003",
                                    "tc-2003", "rz-2003")]  # fmt: skip
    assert f"| {_g(min(d_2003))}–{_g(max(d_2003))} (2004);" in page
    assert min(d_2003) == 0.05  # TC's tiny d: the range is not 2–8


def test_only_two_presets_have_a_negative_a():
    negative = sorted(slug for slug, p in _toml_presets().items() if p["a"] < 0)
    assert negative == ["inhibition-induced-bursting", "inhibition-induced-spiking"]
    assert f"for \\(a > 0\\) (every preset but {len(negative)}) the" in _text("phase-plane")
