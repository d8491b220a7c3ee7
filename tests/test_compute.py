"""The build's compute phase: each preset simulated once, the network page's runs made once."""

from pathlib import Path

import gallery
from gallery.model import simulate as model_simulate
from gallery.network import experiments
from gallery.pipeline import compute
from gallery.pipeline.config import BuildConfig

ROOT = Path(__file__).resolve().parents[1]


def test_a_preset_is_simulated_once_for_all_its_figures_and_pages(monkeypatch):
    calls = []
    real = compute.simulate

    def counting(preset, **kwargs):
        calls.append(preset.slug)
        return real(preset, **kwargs)

    monkeypatch.setattr(compute, "simulate", counting)
    monkeypatch.setattr(model_simulate, "simulate", counting)
    monkeypatch.setattr(gallery, "simulate", counting)
    artifacts = compute.compute_preset(gallery.preset("tonic-bursting"), (None, None), "k", ROOT)
    assert calls == ["tonic-bursting"]
    figures = sorted(p for p in artifacts.files if p.startswith("figures/"))
    # one themed SVG each for trace, phase plane and thumbnail, and the trace's PNG download
    assert figures == [f"figures/tonic-bursting/{name}" for name in
                       ("phase.svg", "thumb.svg", "trace.png", "trace.svg")]  # fmt: skip


def test_the_network_runs_are_made_once_and_handed_to_both_pages(monkeypatch, tmp_path):
    made = []
    real = experiments.page_runs

    def counting():
        made.append(1)
        return real()

    monkeypatch.setattr(experiments, "page_runs", counting)
    config = BuildConfig(root=ROOT, out_dir=tmp_path, jobs=1)
    shared = compute._with_shared_inputs(compute.jobs_for(config, [], "code"))
    assert made == [1]
    handed = {job[0].name: job[2] for job in shared if isinstance(job[0], compute.Section)}
    assert handed["_network"] == handed["_exercises"]
    (runs,) = handed["_network"]
    assert isinstance(runs, experiments.NetworkRuns)
    assert handed["_accuracy"] == ()


def test_cached_sections_do_not_make_the_network_runs(monkeypatch, tmp_path):
    def refuse():
        raise AssertionError("the network runs were made")

    monkeypatch.setattr(experiments, "page_runs", refuse)
    config = BuildConfig(root=ROOT, out_dir=tmp_path, jobs=1)
    only = [job for job in compute.jobs_for(config, [], "c") if job[0].name == "_accuracy"]
    assert compute._with_shared_inputs(only) == only
