"""Edit-to-visible time under ``build.py --serve``: a Markdown edit and a preset's text edit.

Usage: ``python benchmarks/bench_serve.py [--rounds 5] [--out DIR]``. Serves a two-preset site
from a scratch copy of ``site_src`` (so the edits never touch the checkout), opens the edited
page in Debian's Chromium and times each save until its new text is on screen (the page has
reloaded itself); prints every round and the median. The first run computes the site sections
(minutes on a small machine); ``--out`` keeps the cache for the next run.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from gallery.pipeline import BuildConfig, run  # noqa: E402
from gallery.pipeline.serve import serve  # noqa: E402
from tests.browsers import CHROMIUM, FLAGS  # noqa: E402

PRESET = (ROOT / "examples" / "course" / "my-cells.toml").read_text()
SUMMARY = "so it fires in bursts."


def scratch_root(folder: Path) -> Path:
    """A root whose ``site_src`` and ``mkdocs.yml`` are copies; the rest links to the checkout."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(folder / "site_src", ignore_errors=True)
    shutil.copytree(ROOT / "site_src", folder / "site_src")
    shutil.copy(ROOT / "mkdocs.yml", folder / "mkdocs.yml")
    for name in ("scripts", "node_modules", "package.json", "package-lock.json"):
        if not (folder / name).exists():
            (folder / name).symlink_to(ROOT / name)
    return folder


def timed_edit(page, path: Path, text: str, shown: str) -> float:
    """Seconds from saving ``text`` into ``path`` until ``shown`` is on screen in ``page``."""
    start = time.perf_counter()
    path.write_text(text)
    page.get_by_text(shown).first.wait_for()
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--out", default=str(Path(tempfile.gettempdir()) / "bench-serve"))
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    work = Path(args.out)
    root = scratch_root(work / "root")
    cells = work / "cells.toml"
    cells.write_text(PRESET)
    config = BuildConfig(
        root=root, out_dir=work / "out", jobs=2, only=("tonic-spiking", "course-burster"),
        presets_files=(cells,),
    )  # fmt: skip
    run(config)  # as `build.py --serve` did before serving built the site itself
    stop, urls = threading.Event(), []
    thread = threading.Thread(
        target=serve, args=(config, "127.0.0.1", 0),
        kwargs={"stop": stop, "started": urls.append}, daemon=True,
    )  # fmt: skip
    thread.start()
    while not urls:
        time.sleep(0.1)
    page_md = root / "site_src" / "docs" / "references.md"
    results: dict[str, list[float]] = {"Markdown edit": [], "preset text edit": []}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        page = browser.new_page()
        page.set_default_timeout(120_000)
        for i in range(args.rounds):
            page.goto(urls[0] + "references/")
            shown = f"Edited while serving, round {i}."
            text = page_md.read_text() + f"\n{shown}\n"
            results["Markdown edit"].append(timed_edit(page, page_md, text, shown))
            page.goto(urls[0] + "presets/course-burster/")
            shown = f"bursts, edit {i}."
            text = PRESET.replace(SUMMARY, shown)
            results["preset text edit"].append(timed_edit(page, cells, text, shown))
        browser.close()
    stop.set()
    thread.join()
    for name, times in results.items():
        rounds = ", ".join(f"{t:.2f}" for t in times)
        print(f"{name}: median {statistics.median(times):.2f} s (rounds: {rounds} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
