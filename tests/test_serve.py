"""build.py --serve: serves the site, rebuilds on a change and tells open pages to reload."""

from __future__ import annotations

import os
import threading
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

from gallery.pipeline import BuildConfig, run
from gallery.pipeline.serve import reload_script, serve

ROOT = Path(__file__).resolve().parents[1]
HANG_S = 600  # every wait is on a condition; this only bounds a hang on a busy machine
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
    with urllib.request.urlopen(url, timeout=HANG_S) as response:
        return response.read().decode()


def wait_until(condition: Callable[[], bool], what: str) -> None:
    """Poll ``condition`` until it holds; fail only if it never does within ``HANG_S``."""
    deadline = time.monotonic() + HANG_S
    while not condition():
        assert time.monotonic() < deadline, f"still waiting after {HANG_S} s for {what}"
        time.sleep(0.1)


def test_serve_rebuilds_on_change_and_injects_reload_only_when_serving(tmp_path):
    cells = tmp_path / "cells.toml"
    cells.write_text(CELL.format(label="First label"))
    config = BuildConfig(
        root=ROOT, out_dir=tmp_path / "out", jobs=1, only=("course-cell",),
        presets_files=(cells,),
    )  # fmt: skip
    run(config)
    built = (tmp_path / "out" / "site" / "presets" / "course-cell" / "index.html").read_text()
    assert "__build_state" not in built  # the published site has no reload script
    assert b"__build_state" in reload_script(ROOT, "x")

    stop = threading.Event()
    urls: list[str] = []
    thread = threading.Thread(
        target=serve, args=(config, "127.0.0.1", 0),
        kwargs={"stop": stop, "started": urls.append, "poll_s": 0.2}, daemon=True,
    )  # fmt: skip
    thread.start()
    try:
        # serve announces its URL only after its first snapshot of the watched files, so a
        # change made from here on is seen
        wait_until(lambda: bool(urls), "the server to announce its URL")
        base = urls[0]
        page = fetch(base + "presets/course-cell/")
        assert "First label" in page
        assert "__build_state" in page  # served pages wait for rebuilds
        assert "__build_state" not in fetch(base + "embed/course-cell.html")  # CSP pages untouched
        first_id = fetch(base + "__build_id")

        before = cells.stat().st_mtime
        cells.write_text(CELL.format(label="Second label"))
        os.utime(cells, (before + 5, before + 5))  # a new mtime even on a coarse file system
        # the page is read only once the build id moved: the swap is over by then
        wait_until(
            lambda: (
                fetch(base + "__build_id") != first_id
                and "Second label" in fetch(base + "presets/course-cell/")
            ),
            "the rebuilt page",
        )
    finally:
        stop.set()
        thread.join(timeout=HANG_S)
    assert not thread.is_alive()


def test_serve_takes_its_first_snapshot_before_it_announces_its_url(tmp_path, monkeypatch):
    from gallery.pipeline import serve as serving

    order: list[str] = []
    take_snapshot = serving.snapshot

    def snapshot(files):
        order.append("snapshot")
        return take_snapshot(files)

    monkeypatch.setattr(serving, "snapshot", snapshot)
    monkeypatch.setattr(serving._Rebuilder, "__call__", lambda self, report: order.append("build"))
    stop = threading.Event()
    config = BuildConfig(root=ROOT, out_dir=tmp_path / "out", jobs=1)

    def started(url: str) -> None:
        order.append("started")
        stop.set()

    serve(config, "127.0.0.1", 0, stop=stop, started=started, poll_s=0.05)
    assert order[:3] == ["snapshot", "build", "started"]
