"""Preset pages: the downloadable script runs as written; the rest-state section's values."""

import subprocess
import sys
from pathlib import Path

import gallery
from gallery.site import pages

ENV = pages.environment(Path(__file__).resolve().parents[1] / "site_src" / "templates")


def test_the_downloadable_script_runs_and_writes_the_csv(tmp_path):
    preset = gallery.preset("tonic-spiking")
    script = tmp_path / "reproduce.py"
    script.write_text(pages.script(ENV, preset))
    done = subprocess.run(
        [sys.executable, str(script)], cwd=tmp_path, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    (run,) = gallery.simulate(preset)
    assert str(run.spike_times_ms.tolist()) in done.stdout
    rows = (tmp_path / "tonic-spiking.csv").read_text().splitlines()
    assert rows[0] == "run,amplitude,t_ms,v,u,i_ext,spike"
    assert len(rows) == run.t_ms.size + 1


def test_the_rest_state_section_quotes_the_fixed_points_and_the_rheobase():
    preset = gallery.preset("class-1-excitable")
    runs = gallery.simulate(preset)
    rest = pages.rest_analysis(preset, runs)
    assert rest.loss.kind == "saddle-node"
    assert not rest.loss.falling
    text = ENV.get_template("preset-rest.md.j2").module.rest_state(rest.rows, rest.loss)
    assert f"**I = {pages.format_number(rest.loss.current, 5)}**" in text
    assert "saddle-node bifurcation" in text
    rows = text.splitlines()[2 : 2 + len(rest.rows)]
    for row, line in zip(rest.rows, rows, strict=True):
        assert line.startswith(f"| {pages.format_number(row.current)} ({row.name}) |")
        if row.point is None:
            assert "none: v escapes to a spike" in line
        else:
            assert f"| {pages.format_number(row.point.v, 5)} |" in line
            assert f"| {row.point.kind} |" in line
    assert [r.point.kind for r in rest.rows if r.point] == ["stable node", "saddle"]
