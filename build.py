"""Build the Izhikevich Gallery site: ``python build.py [--only SLUGS] [--jobs N] ...``.

A thin command line: arguments become a BuildConfig for ``gallery.pipeline.run``.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """The command line of the build."""
    parser = argparse.ArgumentParser(description="Build the Izhikevich Gallery site.")
    parser.add_argument("--only", default="", help="comma-separated slugs to build")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="worker processes")
    parser.add_argument(
        "--presets", action="append", default=[], metavar="FILE",
        help="an extra catalogue file (TOML); may be given several times",
    )  # fmt: skip
    parser.add_argument(
        "--site-url", default="", help="public URL, e.g. https://x.github.io/course/"
    )
    parser.add_argument("--out", default=str(ROOT / "build"), help="output folder (default build/)")
    parser.add_argument("--clean", action="store_true", help="ignore the incremental cache")
    parser.add_argument(
        "--serve", action="store_true", help="serve with live reload after building"
    )
    parser.add_argument(
        "--zip", action="store_true",
        help="also write build/izhikevich-gallery.zip (the site for opening from disk) and "
        "offer it for download on the home page",
    )  # fmt: skip
    args = parser.parse_args(argv)
    if args.jobs < 1:
        parser.error(f"--jobs must be at least 1, got {args.jobs}")
    return args


def main(argv: list[str] | None = None) -> int:
    """Build (and optionally serve); returns the exit status."""
    args = parse_args(argv)
    from gallery.pipeline import BuildConfig, BuildError, BuildPaths, run

    config = BuildConfig(
        root=ROOT,
        out_dir=Path(args.out).resolve(),
        only=tuple(s.strip() for s in args.only.split(",") if s.strip()),
        jobs=args.jobs,
        presets_files=tuple(Path(p).resolve() for p in args.presets),
        site_url=args.site_url,
        clean=args.clean,
        zip=args.zip,
        progress=sys.stderr.isatty() and not os.environ.get("CI"),
    )
    report = _progress if config.progress else (lambda _: None)
    try:
        summary = run(config, report)
    except BuildError as error:
        print(f"\nbuild failed: {error}\nthe previous site (if any) is unchanged.", file=sys.stderr)
        return 1
    if config.progress:
        print(file=sys.stderr)
    state = "up to date" if summary.up_to_date else f"{summary.recomputed} presets recomputed"
    print(
        f"built {config.out_dir / 'site'}: {summary.pages} pages, {summary.figures} figures, "
        f"{summary.bytes / 1e6:.1f} MB in {summary.seconds:.1f} s ({state})"
    )
    for warning in summary.warnings:
        print(f"warning: {warning}. Try a smaller dt or |d|.", file=sys.stderr)
    if config.zip:
        print(f"offline course pack: {BuildPaths(config.root, config.out_dir).zip}")
    if args.serve:
        from gallery.pipeline.serve import serve

        return serve(config)
    return 0


def _progress(message: str) -> None:
    """A one-line progress bar on the terminal: ``[####      ] 12/41 slug``."""
    match = re.match(r"\[(\d+)/(\d+)\] (.*)", message)
    if match:
        done, total, name = int(match[1]), int(match[2]), match[3]
        filled = round(24 * done / total)
        message = f"[{'#' * filled}{' ' * (24 - filled)}] {done}/{total} {name}"
    print(f"\r\033[K{message}", end="", file=sys.stderr, flush=True)


if __name__ == "__main__":
    sys.exit(main())
