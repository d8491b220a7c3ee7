"""Claims outside the theory pages — the home page's cards, the preset pages' burst footnote,
the live-cells lesson's captions — each computed here with a loop of the published rule
(protocols.md §1), not the package's simulator."""

import re
from pathlib import Path

import numpy as np

import gallery
from gallery.site import pages
from tests.test_theory_claims import _loop_2004

ROOT = Path(__file__).resolve().parent.parent
ENV = pages.environment(ROOT / "site_src" / "templates")


def _groups(times, gap=10.0):
    """Spikes split where an interval is ``gap`` ms or more: the sizes of the groups."""
    breaks = np.flatnonzero(np.diff(times) >= gap) + 1
    return [len(g) for g in np.split(np.asarray(times), breaks)] if len(times) else []


def _published(slug, **changed):
    """Spike times of ``slug``'s published run (a step from t_end/10 on), with changes."""
    preset = gallery.preset(slug)
    m = preset.model
    p = {"a": m.a, "b": m.b, "c": m.c, "d": m.d} | changed
    amp, t_max = preset.amplitudes[0], preset.t_max_ms
    step = lambda t: amp if t > t_max / 10 else 0.0  # noqa: E731
    return _loop_2004(p["a"], p["b"], p["c"], p["d"], preset.v0, preset.u0, preset.dt_ms,
                      t_max, step)[2]  # fmt: skip


def test_home_card_turns_tonic_spiking_into_bursts():
    presets = gallery.load().presets
    home = re.sub(r"\s+", " ", pages.render_home(ENV, presets, poster=True))
    spiking = gallery.preset("tonic-spiking").model
    bursting = gallery.preset("tonic-bursting").model
    assert (spiking.c, spiking.d, bursting.c, bursting.d) == (-65.0, 6.0, -50.0, 2.0)
    assert "from −65 to −50 and lower \\(d\\) from 6 to 2: spikes now come in bursts" in home
    assert set(_groups(_published("tonic-spiking"))[1:]) == {1}  # after an onset doublet
    assert min(_groups(_published("tonic-bursting"))) >= 2


def test_preset_footnote_states_the_burst_rule_of_burst_count():
    template = (ROOT / "site_src" / "templates" / "preset.md.j2").read_text()
    assert "less than {{ burst_gap_ms|num }} ms apart" in template
    assert ENV.globals["burst_gap_ms"] == 10.0
    assert ENV.globals["burst_pause_factor"] == 2.0
    # a pause of 12 ms between groups whose inner intervals are 7 ms: under twice 7, one group
    assert pages.burst_count(np.array([0.0, 7.0, 14.0, 26.0, 33.0])) == 1
    assert pages.burst_count(np.array([0.0, 5.0, 10.0, 40.0, 45.0])) == 2


def test_live_cells_caption_lowering_c_leaves_single_spikes_after_the_first_burst():
    text = (ROOT / "site_src" / "docs" / "lessons" / "live-cells.md").read_text()
    assert "Lower c towards -60 and, after the first burst, the bursts shrink to single" in text
    sizes = _groups(_published("tonic-bursting", c=-60.0))
    assert sizes[0] >= 2
    assert set(sizes[1:]) == {1}


def _rest_words(slug):
    preset = gallery.preset(slug)
    rest = pages.rest_analysis(preset, gallery.simulate(preset))
    macros = ENV.get_template("preset-rest.md.j2").module
    return re.sub(r"\s+", " ", str(macros.rest_state(rest.rows, rest.loss, rest.rising)))


def test_rebound_pages_name_the_hopf_point_not_a_vertical_nullcline():
    """a = 0.03, b = 0.25: the u-nullcline u = b v is not vertical; rest turns unstable where
    the trace 0.08 v + 5 - a vanishes, before the fold (own algebra)."""
    for slug in ("rebound-spike", "rebound-burst"):
        m = gallery.preset(slug).model
        v_hopf = (m.a - 5) / 0.08
        i_hopf = m.b * v_hopf - (0.04 * v_hopf**2 + 5 * v_hopf + 140)
        i_fold = (5 - m.b) ** 2 / 0.16 - 140
        assert i_hopf < i_fold
        words = _rest_words(slug)
        assert "vertical" not in words
        assert "No falling current removes the rest state" in words
        assert (
            f"Andronov–Hopf bifurcation) at **I = {i_hopf:.5g}**, v = {v_hopf:.5g}"
            in words.replace("−", "-")
        )
    # accommodation: u' = a b (v + 65) has the vertical u-nullcline v = -65, and no loss
    assert "the u-nullcline is vertical" in _rest_words("accommodation")
    assert gallery.preset("accommodation").model.u_decay == 0.0
