"""Command line: ``python -m gallery list | simulate ...``.

Every command takes ``--presets FILE`` (repeatable) to add catalogue files. Bad input ends with
one clear message per problem on stderr and exit status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import math
import sys
from collections.abc import Callable, Sequence

from gallery.catalogue import SCHEMES, Catalogue, CatalogueError, UnknownPresetError, load
from gallery.export import dumps, runs_to_csv, simulation_to_dict
from gallery.simulate import SimulationError, simulate

EXIT_USAGE = 2


class CommandError(Exception):
    """A problem with the user's request, reported without a traceback."""


def _finite_positive(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not math.isfinite(value) or value <= 0:
        raise argparse.ArgumentTypeError(f"{text!r} must be a finite number > 0")
    return value


def cmd_list(args: argparse.Namespace, catalogue: Catalogue) -> int:
    """Print the catalogue: slug, family, label, scheme, dt."""
    rows = [("slug", "family", "label", "scheme", "dt_ms")]
    rows += [(p.slug, p.family, p.label, p.scheme, f"{p.dt_ms:g}") for p in catalogue.presets]
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        print(
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        )
    return 0


def cmd_simulate(args: argparse.Namespace, catalogue: Catalogue) -> int:
    """Simulate one preset and print its runs as JSON or CSV."""
    preset = catalogue.get(args.slug)
    runs = simulate(preset, dt_ms=args.dt_ms, t_max_ms=args.t_max_ms, scheme=args.scheme)
    for run in runs:
        if run.diverged_at_ms is not None:
            print(
                f"warning: {preset.slug} ({run.label}) diverged at t = {run.diverged_at_ms} ms; "
                "the trace is NaN from there on",
                file=sys.stderr,
            )
    if args.format == "json":
        sys.stdout.write(dumps(simulation_to_dict(preset, runs, trace=not args.no_trace)))
    else:
        sys.stdout.write(runs_to_csv(runs, trace=not args.no_trace))
    return 0


def cmd_figure(args: argparse.Namespace, catalogue: Catalogue) -> int:
    """Write one figure of a preset; the format follows the file's extension."""
    from pathlib import Path

    out = Path(args.out)
    fmt = out.suffix.lower().lstrip(".")
    if fmt not in ("svg", "png"):
        raise CommandError(f"--out {args.out!r}: the file must end in .svg or .png")
    if not out.parent.is_dir():
        raise CommandError(f"--out {args.out!r}: folder {str(out.parent)!r} does not exist")
    preset = catalogue.get(args.slug)
    from gallery import figures  # matplotlib only for this command

    out.write_bytes(figures.render(preset, args.kind, theme=args.theme, fmt=fmt))
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with one sub-command per job."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--presets", action="append", default=[], metavar="FILE",
        help="an extra catalogue file (TOML); may be given several times",
    )  # fmt: skip
    parser = argparse.ArgumentParser(
        prog="python -m gallery", description="The Izhikevich model, simulated as published."
    )
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("list", parents=[common], help="print the catalogue")
    sim = sub.add_parser("simulate", parents=[common], help="simulate one preset")
    sim.add_argument("slug", help="the preset's slug (see `list`)")
    sim.add_argument("--dt-ms", type=_finite_positive, help="integration step [ms]")
    sim.add_argument("--t-max-ms", type=_finite_positive, help="duration [ms]")
    sim.add_argument("--scheme", choices=SCHEMES, help="integration scheme")
    sim.add_argument("--format", choices=("json", "csv"), default="json")
    sim.add_argument("--no-trace", action="store_true", help="spike times only")
    fig = sub.add_parser("figure", parents=[common], help="draw one figure of a preset")
    fig.add_argument("slug", help="the preset's slug (see `list`)")
    fig.add_argument("--kind", choices=("trace", "phase", "thumb", "fi"), default="trace")
    fig.add_argument("--theme", choices=("light", "dark"), default="light")
    fig.add_argument("--out", required=True, metavar="FILE", help="output file: .svg or .png")
    return parser


COMMANDS: dict[str, Callable[[argparse.Namespace, Catalogue], int]] = {
    "list": cmd_list,
    "simulate": cmd_simulate,
    "figure": cmd_figure,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the exit status."""
    args = build_parser().parse_args(argv)
    try:
        catalogue = load(args.presets)
        return COMMANDS[args.command](args, catalogue)
    except CatalogueError as error:
        for problem in error.problems:
            print(f"error: {problem}", file=sys.stderr)
        return EXIT_USAGE
    except (UnknownPresetError, SimulationError, CommandError) as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        # The reader (e.g. `head`) closed the pipe; that is not an error of ours.
        sys.stdout = None
        return 0


if __name__ == "__main__":
    sys.exit(main())
