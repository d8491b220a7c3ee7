"""Benchmark the built site's pages with Lighthouse (mobile profile) and print their weight.

Serves a built site (``--site``, default build/site) on 127.0.0.1 and runs Lighthouse 12.2.3
(pinned in benchmarks/lighthouse/package.json, installed there with ``npm ci`` on first use;
13 needs Node 22) in Debian's Chromium on the preset, home, explorer and network pages. Prints,
per page, the four category scores, total blocking time, largest contentful paint, cumulative
layout shift, and the bytes and requests of the first load. Targets (issue 19): performance
>= 90, accessibility 100, best practices and SEO 100, TBT <= 200 ms, CLS <= 0.05; a preset
page <= 500 KB in <= 20 requests.

    .venv/bin/python benchmarks/bench_pages.py [--site build/site] [--slug SLUG] [--runs 3]

Lighthouse's simulated throttling scales by the CPU it measures, so on a shared machine one run
says little: ``--runs N`` runs each page N times and prints every run and then their medians.

The server sends text files gzip-compressed, as GitHub Pages does (its simulated phone network
is 1.6 Mbit/s: compression decides the first paint); ``--plain`` serves them as they are, as
the measurements in issue 19 did. The KB column is before compression either way.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # for tests.browsers

from tests.browsers import CHROMIUM, serve  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
LIGHTHOUSE_DIR = ROOT / "benchmarks" / "lighthouse"
LIGHTHOUSE = LIGHTHOUSE_DIR / "node_modules" / "lighthouse" / "cli" / "index.js"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --no-first-run --disable-quic"


def install() -> None:
    """``npm ci`` of the pinned Lighthouse, once."""
    if LIGHTHOUSE.exists():
        return
    npm = shutil.which("npm")
    if npm is None:
        sys.exit("error: npm is needed to install the pinned Lighthouse")
    subprocess.run(
        [npm, "ci", "--no-audit", "--no-fund", "--ignore-scripts"], cwd=LIGHTHOUSE_DIR, check=True
    )


def lighthouse(url: str, out: Path) -> dict:
    """One Lighthouse run (mobile, the default form factor) of ``url``; its JSON report."""
    subprocess.run(
        ["node", str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={out}",
         f"--chrome-flags={CHROME_FLAGS}", "--only-categories=" + ",".join(CATEGORIES)],
        check=True, env={"CHROME_PATH": CHROMIUM, "PATH": "/usr/bin:/bin", "HOME": str(out.parent)},
    )  # fmt: skip
    return json.loads(out.read_text())


def summary(report: dict) -> dict:
    """Scores (0-100), TBT and LCP in ms, CLS, and the first load's KB and requests."""
    audits, cats = report["audits"], report["categories"]
    items = audits["network-requests"]["details"]["items"]
    return {
        **{c: round(100 * (cats[c]["score"] or 0)) for c in CATEGORIES},
        "tbt_ms": audits["total-blocking-time"]["numericValue"],
        "lcp_ms": audits["largest-contentful-paint"]["numericValue"],
        "cls": audits["cumulative-layout-shift"]["numericValue"],
        "kb": sum(i.get("resourceSize", 0) for i in items) / 1024,
        "requests": len(items),
    }


HEADER = (f"{'page':11} {'perf':>4} {'a11y':>4} {'bp':>4} {'seo':>4} {'TBT ms':>7} "
          f"{'LCP s':>6} {'CLS':>6} {'KB':>6} {'req':>4}")  # fmt: skip


def line(name: str, s: dict) -> str:
    """One row of the table: a run's (or the medians') scores and metrics."""
    scores = " ".join(f"{s[c]:4.0f}" for c in CATEGORIES)
    return (f"{name:11} {scores} {s['tbt_ms']:7.0f} {s['lcp_ms'] / 1000:6.2f} "
            f"{s['cls']:6.3f} {s['kb']:6.0f} {s['requests']:4.0f}")  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    """Run Lighthouse on the four pages of a built site and print one line each."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", default=str(ROOT / "build" / "site"))
    parser.add_argument("--slug", default="tonic-bursting", help="the preset page to measure")
    parser.add_argument("--runs", type=int, default=1, help="runs per page (medians printed)")
    parser.add_argument(
        "--plain", action="store_true", help="serve files uncompressed (default: gzip, as Pages)"
    )
    args = parser.parse_args(argv)
    site = Path(args.site)
    if not (site / "index.html").exists():
        sys.exit(f"error: {site} holds no built site (run build.py first)")
    install()
    pages = {"preset": f"presets/{args.slug}/", "home": "", "explorer": "explorer/",
             "network": "network/"}  # fmt: skip
    httpd, server = serve(site, compress=not args.plain)
    print("server:", "plain files" if args.plain else "text gzip-compressed, as GitHub Pages")
    print(HEADER)
    runs: dict[str, list[dict]] = {name: [] for name in pages}
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for n in range(args.runs):
                for name, path in pages.items():
                    s = summary(lighthouse(server + path, Path(tmp) / f"{name}.json"))
                    runs[name].append(s)
                    print(line(f"{name}#{n + 1}" if args.runs > 1 else name, s), flush=True)
    finally:
        httpd.shutdown()
    if args.runs > 1:
        print(f"medians of {args.runs} runs:")
        for name, got in runs.items():
            print(line(name, {k: statistics.median(s[k] for s in got) for k in got[0]}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
