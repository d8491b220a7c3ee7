"""The command line, run as a real process: output formats, exit status, no tracebacks."""

import json
import subprocess
import sys

import pytest

from tests.test_catalogue import GOOD


def cli(*args, check=True):
    # the timeout only bounds a hang: a busy machine may take many times the usual seconds
    result = subprocess.run(
        [sys.executable, "-m", "gallery", *args], capture_output=True, text=True, timeout=600
    )
    assert "Traceback" not in result.stderr
    if check:
        assert result.returncode == 0, result.stderr
    return result


def test_list_prints_every_preset():
    lines = cli("list").stdout.splitlines()
    assert lines[0].split() == ["slug", "family", "label", "scheme", "dt_ms"]
    assert len(lines) == 1 + 37
    assert lines[1].split()[0] == "tonic-spiking"
    assert lines[1].split()[-2:] == ["published-2004", "0.25"]


def test_simulate_json_has_the_documented_shape():
    data = json.loads(cli("simulate", "rs-2007").stdout)
    assert set(data) == {"slug", "scheme", "dt_ms", "runs"}
    assert data["scheme"] == "book-2007"
    assert [len(run["spike_times_ms"]) for run in data["runs"]] == [2, 3, 5, 7]
    run = data["runs"][0]
    assert {"label", "amplitude", "spike_times_ms", "t_ms", "v", "u", "i_ext"} <= set(run)
    assert len(run["t_ms"]) == len(run["v"]) == len(run["u"]) == len(run["i_ext"]) == 2080


def test_simulate_overrides_and_no_trace():
    data = json.loads(cli("simulate", "bistability", "--dt-ms", "0.1", "--no-trace").stdout)
    assert data["dt_ms"] == 0.1
    assert len(data["runs"][0]["spike_times_ms"]) == 7
    assert "v" not in data["runs"][0]
    scheme = json.loads(cli("simulate", "tonic-spiking", "--scheme", "euler", "--no-trace").stdout)
    assert scheme["scheme"] == "euler"


def test_simulate_csv():
    lines = cli("simulate", "tonic-spiking", "--format", "csv").stdout.splitlines()
    assert lines[0] == "run,amplitude,t_ms,v,u,i_ext,spike"
    assert len(lines) == 1 + 401
    assert sum(int(line.rsplit(",", 1)[1]) for line in lines[1:]) == 5
    spikes = cli("simulate", "tonic-spiking", "--format", "csv", "--no-trace").stdout
    assert spikes.splitlines()[1:] == [f"0,14.0,{t}" for t in (13.0, 17.0, 31.5, 59.25, 86.75)]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("simulate", "tonic-spikng"), "did you mean tonic-spiking"),
        (("simulate", "tonic-spiking", "--dt-ms", "-0.1"), "must be a finite number > 0"),
        (("simulate", "tonic-spiking", "--dt-ms", "nan"), "must be a finite number > 0"),
        (("simulate", "tonic-spiking", "--dt-ms", "1e-7"), "over the limit"),
        (("simulate", "tonic-spiking", "--t-max-ms", "1e12"), "over the limit"),
        (("simulate", "tonic-spiking", "--scheme", "rk45"), "invalid choice"),
    ],
)
def test_bad_requests_exit_2_with_a_clear_message(args, message):
    result = cli(*args, check=False)
    assert result.returncode == 2
    assert message in result.stderr


def test_presets_flag_on_every_command(tmp_path):
    extra = tmp_path / "mine.toml"
    extra.write_text(GOOD)
    assert "my-cell" in cli("list", "--presets", str(extra)).stdout
    data = json.loads(cli("simulate", "my-cell", "--presets", str(extra), "--no-trace").stdout)
    assert data["slug"] == "my-cell"


def test_simulate_warns_about_a_numerical_runaway(tmp_path):
    extra = tmp_path / "mine.toml"
    extra.write_text(GOOD.replace("d = 6", "d = -20"))  # every reset lands above threshold
    result = cli("simulate", "my-cell", "--presets", str(extra), "--no-trace")
    assert result.stderr == (
        "warning: my-cell (amplitude = 10) is a numerical runaway: it fires in 308 of its 401 "
        "steps. Try a smaller dt or |d|.\n"
    )
    quiet = cli("simulate", "tonic-spiking", "--no-trace")
    assert quiet.stderr == ""


def test_bad_presets_file_exits_2_with_one_line_per_problem(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text(GOOD.replace("dt_ms = 0.25", "dt_ms = -1").replace("a = 0.02", "a = nan"))
    result = cli("list", "--presets", str(bad), check=False)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 2
    assert all(line.startswith(f"error: {bad}: preset #1 'my-cell': key '") for line in lines)


def test_atlas_json_has_the_documented_shape():
    data = json.loads(cli("atlas", "--plane", "ab", "--resolution", "6").stdout)
    assert set(data) == {"plane", "amp", "protocol_ms", "a", "b", "classes", "neuron_steps",
                         "sim_wall_s"}  # fmt: skip
    assert (data["plane"], data["amp"], len(data["a"]), len(data["b"])) == ("ab", 10.0, 6, 6)
    assert len(data["classes"]) == 6
    assert all(len(row) == 6 for row in data["classes"])
    assert data["neuron_steps"] == 36 * 2400
    assert data["sim_wall_s"] > 0
    text = cli("atlas", "--plane", "cd", "--resolution", "3", "--amp", "5", "--format", "text")
    assert "R=RS" in text.stdout
    assert "amp 5" in text.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--plane", "xy"), "invalid choice"),
        (("--plane", "ab", "--resolution", "1"), "must be a whole number in 2 .. 1024"),
        (("--plane", "ab", "--resolution", "1025"), "must be a whole number in 2 .. 1024"),
        (("--plane", "ab", "--resolution", "many"), "is not a whole number"),
        (("--plane", "cd", "--amp", "nan"), "must be a finite number"),
        ((), "--plane"),
    ],
)
def test_atlas_bad_flags_exit_2(args, message):
    result = cli("atlas", *args, check=False)
    assert result.returncode == 2
    assert message in result.stderr
    assert [line for line in result.stderr.splitlines() if "error:" in line] != []
