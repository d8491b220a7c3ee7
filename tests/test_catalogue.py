"""The catalogue: the published presets, and one clear message per kind of bad input."""

import textwrap

import pytest

import gallery
from gallery.model.catalogue import SCHEMES, CatalogueError, UnknownPresetError, builtin, load

SLUGS_2004 = [
    "tonic-spiking",
    "phasic-spiking",
    "tonic-bursting",
    "phasic-bursting",
    "mixed-mode",
    "spike-frequency-adaptation",
    "class-1-excitable",
    "class-2-excitable",
    "spike-latency",
    "subthreshold-oscillations",
    "resonator",
    "integrator",
    "rebound-spike",
    "rebound-burst",
    "threshold-variability",
    "bistability",
    "depolarizing-after-potential",
    "accommodation",
    "inhibition-induced-spiking",
    "inhibition-induced-bursting",
]
SLUGS_2003 = [
    "rs-2003",
    "ib-2003",
    "ch-2003",
    "fs-2003",
    "lts-2003",
    "tc-2003",
    "tc-burst-2003",
    "rz-2003",
]
SLUGS_2007 = [
    "rs-2007",
    "ib-2007",
    "ch-2007",
    "lts-2007",
    "fs-2007",
    "tc-2007",
    "tc-burst-2007",
    "rtn-2007",
    "rtn-burst-2007",
]

GOOD = """
[[preset]]
slug = "my-cell"
label = "My cell"
family = "Course"
summary = "A test cell."
behaviour = "Fires."
scheme = "published-2004"
dt_ms = 0.25
t_max_ms = 100
v0 = -70
a = 0.02
b = 0.2
c = -65
d = 6
v_peak = 30
[preset.source]
paper = "Ours"
figure = "none"
panel = "-"
[preset.stimulus]
amplitudes = [10]
baseline = 0
[[preset.stimulus.window]]
start = 10
value = "amp"
"""


def _write(tmp_path, text, name="extra.toml"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text))
    return path


def _problems(tmp_path, text):
    with pytest.raises(CatalogueError) as caught:
        load([_write(tmp_path, text)])
    return caught.value.problems


def test_catalogue_holds_exactly_the_published_presets_in_order():
    assert builtin().slugs == tuple(SLUGS_2004 + SLUGS_2003 + SLUGS_2007)
    assert builtin().families() == ("2004 figure", "2003 classes", "2007 book types")


@pytest.mark.parametrize("preset", builtin().presets, ids=lambda p: p.slug)
def test_every_preset_cites_its_source(preset):
    assert preset.source.paper.startswith("Izhikevich EM (")
    assert preset.source.doi.startswith("10.")
    assert preset.source.figure
    assert preset.source.panel
    assert preset.summary
    assert preset.behaviour
    assert preset.scheme in SCHEMES


def test_panel_letters_follow_the_figure():
    panels = [gallery.preset(slug).source.panel for slug in SLUGS_2004]
    assert panels == list("ABCDEFGHIJKLMNOPQRST")


def test_equation_variants_are_parameters():
    assert (
        gallery.preset("class-1-excitable").model.k1,
        gallery.preset("integrator").model.k0,
    ) == (
        4.1,
        108.0,
    )
    accommodation = gallery.preset("accommodation")
    assert (accommodation.model.u_decay, accommodation.model.u_v_offset, accommodation.u0) == (
        0.0,
        -65.0,
        -16.0,
    )
    assert gallery.preset("tonic-spiking").u0 == 0.2 * -70


def test_a_good_extra_file_adds_a_preset(tmp_path):
    catalogue = load([_write(tmp_path, GOOD)])
    assert catalogue.slugs[-1] == "my-cell"
    assert gallery.simulate(catalogue.get("my-cell"))[0].n_spikes > 0


def test_unknown_slug_names_the_nearest():
    with pytest.raises(UnknownPresetError, match="did you mean tonic-spiking"):
        gallery.preset("tonic-spikng")


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (("a = 0.02", "a = 0.02\nfoo = 1"), "key 'foo': unknown key"),
        (("v_peak = 30", "v_peek = 30"), "key 'v_peek': unknown key (did you mean 'v_peak'?)"),
        (("d = 6\n", ""), "key 'd': missing required key"),
        (('label = "My cell"', "label = 3"), "key 'label': expected a string, got int 3"),
        (("b = 0.2", 'b = "0.2"'), "key 'b': expected a number, got str"),
        (("c = -65", "c = nan"), "key 'c': nan is not a finite number"),
        (("c = -65", "c = inf"), "key 'c': inf is not a finite number"),
        (("dt_ms = 0.25", "dt_ms = 0"), "key 'dt_ms': must be > 0, got 0"),
        (("dt_ms = 0.25", "dt_ms = -0.1"), "key 'dt_ms': must be > 0, got -0.1"),
        (("t_max_ms = 100", "t_max_ms = 1e7"), "over the limit 10,000,000"),
        (('scheme = "published-2004"', 'scheme = "rk45"'), "key 'scheme': unknown scheme 'rk45'"),
        (('slug = "my-cell"', 'slug = "My Cell"'), "key 'slug': must be kebab-case"),
        (('value = "amp"', 'value = "__import__(1)"'), "stimulus.window[0].value"),
        (('value = "amp"', 'value = "amp*x"'), "unknown name 'x'"),
        (("start = 10", "start = 10\nbounds = '<>'"), "stimulus.window[0].bounds"),
        (("amplitudes = [10]", "amplitudes = []"), "stimulus.amplitudes"),
        (("c = -65", "c = 40"), "key 'c': the reset c = 40 is not below the spike cut-off"),
        (("v0 = -70", "v0 = -70\nC = 100"), "the 2007 form needs C, k, vr and vt together"),
        (('paper = "Ours"', ""), "key 'source.paper': missing required key"),
    ],
)
def test_each_problem_is_named_with_file_preset_and_key(tmp_path, edit, expected):
    old, new = edit
    assert old in GOOD
    problems = _problems(tmp_path, GOOD.replace(old, new, 1))
    assert any(expected in p for p in problems), problems
    assert all(p.startswith(str(tmp_path / "extra.toml")) for p in problems)
    assert all("preset #1" in p for p in problems if "TOML" not in p)


def test_every_problem_is_reported_at_once(tmp_path):
    text = GOOD.replace("dt_ms = 0.25", "dt_ms = -1").replace("a = 0.02", "a = 'x'")
    problems = _problems(tmp_path, text.replace("d = 6\n", ""))
    assert len(problems) == 3


def test_malformed_toml(tmp_path):
    (problem,) = _problems(tmp_path, "[[preset]\nslug = ")
    assert "not valid TOML" in problem


def test_file_without_presets(tmp_path):
    assert "no [[preset]] tables" in _problems(tmp_path, "title = 'x'\n")[-1]


def test_duplicate_slugs_within_a_file_and_against_the_builtins(tmp_path):
    problems = _problems(tmp_path, GOOD + GOOD)
    assert any("duplicate slug, already defined in" in p for p in problems)
    builtin_clash = GOOD.replace('slug = "my-cell"', 'slug = "tonic-spiking"')
    problems = _problems(tmp_path, builtin_clash)
    assert any("'tonic-spiking'" in p and "presets/01-figure-2004.toml" in p for p in problems)


def test_a_bad_file_leaves_the_builtin_catalogue_untouched(tmp_path):
    before = builtin()
    with pytest.raises(CatalogueError):
        load([_write(tmp_path, GOOD.replace("a = 0.02", "a = nan"))])
    assert builtin() is before
    assert load().slugs == before.slugs


def test_missing_file(tmp_path):
    with pytest.raises(CatalogueError, match="cannot read"):
        load([tmp_path / "nope.toml"])
