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
EXIT_FAILED = 2  # as the command line (python -m gallery): bad input or a failed build


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
        "--content", metavar="DIR", default=None,
        help="an instructor's folder: its .md pages become the Course section, its .toml "
        "files are preset catalogues, its other files are copied beside the pages",
    )  # fmt: skip
    parser.add_argument(
        "--serve", action="store_true", help="serve with live reload after building"
    )
    parser.add_argument(
        "--port", type=int, default=8000, help="the port of --serve (default 8000; 0 = any free)"
    )
    parser.add_argument(
        "--zip", action="store_true",
        help="also write build/izhikevich-gallery.zip (the site for opening from disk) and "
        "offer it for download on the home page",
    )  # fmt: skip
    args = parser.parse_args(argv)
    if args.jobs < 1:
        parser.error(f"--jobs must be at least 1, got {args.jobs}")
    if not 0 <= args.port <= 65535:
        parser.error(f"--port must be between 0 and 65535, got {args.port}")
    return args


def main(argv: list[str] | None = None) -> int:
    """Build (and optionally serve); returns the exit status (2 for a failed build)."""
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
        content_dir=Path(args.content).resolve() if args.content else None,
    )
    report = _progress if config.progress else _phase_line
    try:
        if args.serve and not config.zip:  # serve builds the site itself, in process
            from gallery.pipeline.serve import serve

            return serve(config, port=args.port, report=report)
        summary = run(config, report)
    except BuildError as error:
        _end_progress(config.progress)
        for line in error.lines():
            print(line, file=sys.stderr)
        print(
            f"the previous site in {config.out_dir / 'site'} (if any) is unchanged.",
            file=sys.stderr,
        )
        return EXIT_FAILED
    _end_progress(config.progress)
    for warning in summary.warnings:
        print(f"warning: {warning}. Try a smaller dt or |d|.", file=sys.stderr)
    sys.stderr.flush()
    state = "up to date" if summary.up_to_date else f"{summary.recomputed} jobs recomputed"
    print(
        f"built {config.out_dir / 'site'}: {summary.pages} pages, {summary.figures} figures, "
        f"{summary.bytes / 1e6:.1f} MB in {summary.seconds:.1f} s ({state})"
    )
    if config.zip:
        print(f"offline course pack: {BuildPaths(config.root, config.out_dir).zip}")
    if args.serve:
        from gallery.pipeline.serve import serve

        return serve(config, port=args.port, report=report)
    print(how_to_view(argv if argv is not None else sys.argv[1:], config.zip), flush=True)
    return 0


def how_to_view(argv: list[str], zipped: bool) -> str:
    """The closing line: where the site is and the command that shows it."""
    serve = " ".join(
        ["python build.py", *(a for a in argv if a not in ("--clean", "--zip")), "--serve"]
    )
    line = f"view it: {serve}  (then open http://127.0.0.1:8000/)"
    if zipped:
        line += "; or unzip the course pack and open its index.html"
    return line


def _phase_line(message: str) -> None:
    """Off a terminal: phase lines as they come; per-preset progress is left out."""
    if not message.startswith("["):
        print(message, file=sys.stderr, flush=True)


def _end_progress(progress: bool) -> None:
    """Clear a progress bar left on the terminal (a phase line normally replaces it)."""
    if progress:
        print("\r\033[K", end="", file=sys.stderr, flush=True)


def _progress(message: str) -> None:
    """On a terminal: a one-line progress bar (``[####      ] 12/41 slug``), phase lines kept."""
    match = re.match(r"\[(\d+)/(\d+)\] (.*)", message)
    if match:
        done, total, name = int(match[1]), int(match[2]), match[3]
        filled = round(24 * done / total)
        bar = f"[{'#' * filled}{' ' * (24 - filled)}] {done}/{total} {name}"
        print(f"\r\033[K{bar}", end="", file=sys.stderr, flush=True)
    else:
        print(f"\r\033[K{message}", file=sys.stderr, flush=True)


if __name__ == "__main__":
    sys.exit(main())
