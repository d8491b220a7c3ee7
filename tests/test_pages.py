"""The downloadable script of a preset page runs as written, from any folder."""

import subprocess
import sys

import gallery
from gallery.site import pages


def test_the_downloadable_script_runs_and_writes_the_csv(tmp_path):
    preset = gallery.preset("tonic-spiking")
    script = tmp_path / "reproduce.py"
    script.write_text(pages.script(preset))
    done = subprocess.run(
        [sys.executable, str(script)], cwd=tmp_path, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    (run,) = gallery.simulate(preset)
    assert str(run.spike_times_ms.tolist()) in done.stdout
    rows = (tmp_path / "tonic-spiking.csv").read_text().splitlines()
    assert rows[0] == "run,amplitude,t_ms,v,u,i_ext,spike"
    assert len(rows) == run.t_ms.size + 1
