"""Widget payloads against their JSON Schema; deterministic JSON and CSV."""

import json
from importlib import resources

import jsonschema
import pytest

import gallery
from gallery.render.export import (
    download_to_dict,
    dumps,
    payload,
    runs_to_csv,
    simulation_to_dict,
)

SCHEMA_FILE = resources.files("gallery.render") / "schema" / "payload.schema.json"
SCHEMA = json.loads(SCHEMA_FILE.read_text())


@pytest.mark.parametrize("slug", gallery.load().slugs)
def test_payload_matches_the_schema(slug):
    preset = gallery.preset(slug)
    data = json.loads(dumps(payload(preset, gallery.simulate(preset))))
    jsonschema.validate(data, SCHEMA)
    assert data["preset"]["slug"] == slug
    assert len(data["runs"]) == len(preset.amplitudes)


def test_schema_rejects_a_broken_payload():
    preset = gallery.preset("tonic-spiking")
    data = json.loads(dumps(payload(preset, gallery.simulate(preset))))
    data["preset"]["model"]["a"] = "fast"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, SCHEMA)
    del data["runs"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, SCHEMA)


def test_payload_carries_expressions_for_the_browser():
    data = payload(gallery.preset("resonator"), gallery.simulate(gallery.preset("resonator")))
    window = data["preset"]["stimulus"]["windows"][1]
    assert window["start"] == ["+", ["/", "t_end", 10.0], 20.0]
    assert data["preset"]["model"]["u_max"] is None  # no cap: infinity is not JSON


def test_output_is_deterministic_and_nan_free():
    preset = gallery.with_parameters(gallery.preset("tonic-spiking"), k2=1e306)
    runs = gallery.simulate(preset)
    text = dumps(simulation_to_dict(preset, runs, trace=True))
    assert text == dumps(simulation_to_dict(preset, gallery.simulate(preset), trace=True))
    assert "NaN" not in text
    assert json.loads(text)["runs"][0]["v"][-1] is None
    assert text.endswith("}\n")


def test_csv_round_trips_the_trace():
    runs = gallery.simulate(gallery.preset("rs-2007"))
    rows = runs_to_csv(runs, trace=True).splitlines()
    assert len(rows) == 1 + sum(run.t_ms.size for run in runs)
    last = rows[-1].split(",")
    assert float(last[3]) == runs[-1].v[-1]


def test_the_json_download_is_the_preset_and_its_spikes_without_the_traces():
    preset = gallery.preset("tonic-bursting")
    runs = gallery.simulate(preset)
    data = json.loads(dumps(download_to_dict(preset, runs)))
    assert data["preset"]["model"] == json.loads(dumps(payload(preset, runs)))["preset"]["model"]
    assert [r["spike_times_ms"] for r in data["runs"]] == [
        [float(t) for t in run.spike_times_ms] for run in runs
    ]
    assert not {"t_ms", "v", "u", "i_ext"} & set().union(*data["runs"])
    with_traces = dumps(simulation_to_dict(preset, runs, trace=True))
    assert len(dumps(download_to_dict(preset, runs))) * 10 < len(with_traces)
