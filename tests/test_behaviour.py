"""Each preset shows the behaviour that defines it; the dt table of protocols.md §7.2."""

import pytest

import gallery
from gallery.analysis.behaviour import CLASSIFIERS, classify

DTS = (0.5, 0.25, 0.2, 0.1, 0.05, 0.01, 0.001)
# protocols.md §7.2: does the statement hold, and how many spikes, at each dt of DTS.
TABLE = {
    "tonic-spiking": "y5 y5 y5 y5 y5 y5 y5",
    "phasic-spiking": "y1 y1 y1 y1 y1 y1 y1",
    "tonic-bursting": "y25 y28 y30 y29 y29 y29 y29",
    "phasic-bursting": "y3 y5 y6 y7 y7 y8 y8",
    "mixed-mode": "y6 y6 y6 y7 y7 y7 y7",
    "spike-frequency-adaptation": "y6 y6 y6 y6 y6 y6 y6",
    "class-1-excitable": "y10 y10 y10 y10 y10 y10 y10",
    "class-2-excitable": "y13 y14 y15 y16 y17 y17 y17",
    "spike-latency": "n0 n0 y1 y1 y1 y1 y1",
    "subthreshold-oscillations": "y1 y1 y1 y1 y1 y1 y1",
    "resonator": "n0 y1 y1 y1 y1 y1 y1",
    "integrator": "y1 y1 y1 y1 y1 y1 y1",
    "rebound-spike": "n0 n0 y1 y1 y1 y1 y1",
    "rebound-burst": "n0 n0 y7 y10 y12 y14 y14",
    "threshold-variability": "y1 y1 y1 y1 y1 y1 y1",
    "bistability": "n6 y5 n7 n7 n7 n7 n7",
    "depolarizing-after-potential": "n1 n1 y1 y1 n2 n5 n8",
    "accommodation": "y1 y1 y1 y1 y1 y1 y1",
    "inhibition-induced-spiking": "y3 y4 y4 y4 y4 y4 y4",
    "inhibition-induced-bursting": "y12 n203 n175 n1953 n3822 n16736 n125349",
}
CELLS = [
    (slug, dt, cell)
    for slug, row in TABLE.items()
    for dt, cell in zip(DTS, row.split(), strict=True)
]


@pytest.mark.parametrize("slug", gallery.load().slugs)
def test_defining_behaviour_at_the_published_dt(slug):
    verdict = classify(slug, gallery.simulate(gallery.preset(slug)))
    assert verdict.holds, verdict.reason


@pytest.mark.parametrize(("slug", "dt", "cell"), CELLS, ids=[f"{s}-dt{d}" for s, d, _ in CELLS])
def test_behaviour_across_time_steps_matches_the_reference_table(slug, dt, cell):
    runs = gallery.simulate(gallery.preset(slug), dt_ms=dt)
    verdict = classify(slug, runs)
    assert runs[0].n_spikes == int(cell[1:])
    assert verdict.holds == (cell[0] == "y"), verdict.reason


@pytest.mark.parametrize(
    ("classifier", "impostor"),
    [
        ("phasic-spiking", "tonic-spiking"),
        ("tonic-bursting", "tonic-spiking"),
        ("mixed-mode", "tonic-bursting"),
        ("class-1-excitable", "class-2-excitable"),
        ("class-2-excitable", "class-1-excitable"),
        ("integrator", "resonator"),
        ("fs-2003", "rs-2003"),
        ("ch-2003", "ib-2003"),
        ("fs-2007", "rs-2007"),
        ("tc-burst-2007", "tc-2007"),
        ("ib-2007", "rs-2007"),
    ],
)
def test_classifiers_reject_other_behaviours(classifier, impostor):
    assert not CLASSIFIERS[classifier](gallery.simulate(gallery.preset(impostor))).holds


def test_every_builtin_preset_has_a_classifier():
    assert set(CLASSIFIERS) == set(gallery.load().slugs)
