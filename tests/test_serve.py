"""build.py --serve: serves the site, rebuilds on a change and tells open pages to reload."""

from __future__ import annotations

import threading
import time
import urllib.request
from pathlib import Path

from gallery.pipeline.phases import BuildConfig, run
from gallery.pipeline.serve import RELOAD_SCRIPT, serve

ROOT = Path(__file__).resolve().parents[1]
CELL = """
[[preset]]
slug = "course-cell"
label = "{label}"
family = "Course examples"
summary = "A tonic spiker for the live-reload test."
behaviour = "Fires repeatedly during the step."
scheme = "published-2004"
dt_ms = 0.25
t_max_ms = 50
v0 = -70
a = 0.02
b = 0.2
c = -65
d = 6
v_peak = 30
[preset.source]
paper = "Test"
figure = "Fig. 1"
panel = "X"
[preset.stimulus]
amplitudes = [14]
baseline = 0
[[preset.stimulus.window]]
start = 5
value = "amp"
"""


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode()


def test_serve_rebuilds_on_change_and_injects_reload_only_when_serving(tmp_path):
    cells = tmp_path / "cells.toml"
    cells.write_text(CELL.format(label="First label"))
    config = BuildConfig(
        root=ROOT, out_dir=tmp_path / "out", jobs=1, only=("course-cell",),
        presets_files=(cells,),
    )  # fmt: skip
    run(config)
    built = (tmp_path / "out" / "site" / "presets" / "course-cell" / "index.html").read_text()
    assert RELOAD_SCRIPT.decode() not in built  # the published site has no reload script

    stop = threading.Event()
    urls: list[str] = []
    thread = threading.Thread(
        target=serve, args=(config, "127.0.0.1", 0),
        kwargs={"stop": stop, "started": urls.append, "poll_s": 0.2}, daemon=True,
    )  # fmt: skip
    thread.start()
    try:
        deadline = time.monotonic() + 10
        while not urls and time.monotonic() < deadline:
            time.sleep(0.05)
        base = urls[0]
        page = fetch(base + "presets/course-cell/")
        assert "First label" in page
        assert "__build_id" in page  # served pages poll for rebuilds
        assert "__build_id" not in fetch(base + "embed/course-cell.html")  # CSP pages untouched
        first_id = fetch(base + "__build_id")

        time.sleep(1.1)  # a new modification time on every file system
        cells.write_text(CELL.format(label="Second label"))
        deadline = time.monotonic() + 120
        while fetch(base + "__build_id") == first_id and time.monotonic() < deadline:
            time.sleep(0.2)
        assert fetch(base + "__build_id") != first_id
        assert "Second label" in fetch(base + "presets/course-cell/")
    finally:
        stop.set()
        thread.join(timeout=10)
    assert not thread.is_alive()
