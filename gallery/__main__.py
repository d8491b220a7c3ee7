"""Command line: ``python -m gallery list | simulate | figure | network | atlas``.

An entry point above every stage: it may import any of them (matplotlib only inside the
``figure`` command, and the file it writes goes through the pipeline's writer).

Every command takes ``--presets FILE`` (repeatable) to add catalogue files. Bad input ends with
one clear message per problem on stderr and exit status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import math
import sys
from collections.abc import Callable, Sequence

from gallery.model.catalogue import SCHEMES, Catalogue, CatalogueError, UnknownPresetError, load
from gallery.model.simulate import SimulationError, simulate
from gallery.render.export import dumps, runs_to_csv, simulation_to_dict

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
        if run.runaway is not None:
            after = "; the trace is NaN from there on" if run.diverged_at_ms is not None else ""
            print(
                f"warning: {preset.slug} ({run.label}) is a numerical runaway: {run.runaway}"
                f"{after}. Try a smaller dt or |d|.",
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
    from gallery.pipeline.output import write_file
    from gallery.render import figures  # matplotlib only for this command

    write_file(out, figures.render(preset, args.kind, theme=args.theme, fmt=fmt))
    return 0


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if not 1 <= value <= 1_000_000:
        raise argparse.ArgumentTypeError(f"{text!r} must be a whole number in 1 .. 1000000")
    return value


def _count_or_zero(text: str) -> int:
    try:
        if int(text) == 0:
            return 0
    except ValueError:
        pass  # _count names the problem
    return _count(text)


def _threads(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if not 1 <= value <= 1024:
        raise argparse.ArgumentTypeError(f"{text!r} must be a whole number in 1 .. 1024")
    return value


def _seed(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text!r} must be >= 0")
    return value


def _nest_run(net, args: argparse.Namespace):
    """Build and run ``net`` in NEST; its :class:`~gallery.network.nest_engine.NestRun`."""
    from gallery.network import nest_engine

    run = nest_engine.simulate_in_nest(net, int(args.duration_ms), args.seed, args.threads or 1)
    return nest_engine.gather_raster(run)


def _check_network_args(args: argparse.Namespace) -> None:
    """Refuse what the network command cannot run, before anything is drawn."""
    from gallery import network

    duration = args.duration_ms
    if duration != int(duration) or duration > network.MAX_DURATION_MS:
        raise CommandError(
            f"--duration-ms must be a whole number of ms <= {network.MAX_DURATION_MS}"
        )
    if args.n_exc + args.n_inh > network.MAX_NEURONS:
        raise CommandError(f"--n-exc + --n-inh must be <= {network.MAX_NEURONS}")
    if args.threads is not None and args.engine != "nest":
        raise CommandError(
            "--threads is NEST's thread count (with --engine nest); the numba kernel takes"
            " NUMBA_NUM_THREADS"
        )
    if args.engine == "nest":
        from gallery.network import nest_engine

        try:
            nest_engine.import_nest()  # before drawing a large network
        except (nest_engine.NestMissingError, nest_engine.NestConflictError) as error:
            raise CommandError(f"--engine nest: {error}") from None


def cmd_network(args: argparse.Namespace, catalogue: Catalogue) -> int:
    """Run the 2003 net.m network; print its raster, rates and rhythm as JSON or text."""
    import time

    from gallery import network

    _check_network_args(args)
    start = time.perf_counter()
    try:
        net = network.build_network(args.n_exc, args.n_inh, args.seed, args.synapses_per_neuron)
    except ValueError as error:
        raise CommandError(str(error)) from None
    build_wall_s = time.perf_counter() - start
    threads, processes = 1, 1
    if args.engine == "nest":
        run = _nest_run(net, args)
        result, sim_wall_s = run.result, run.sim_wall_s
        build_wall_s += run.build_wall_s
        threads, processes = run.threads, run.processes
    else:
        # Compile (or load) the kernel on a tiny network so that the timing below excludes it.
        tiny = network.build_network(4, 1, 0, None if args.synapses_per_neuron is None else 2)
        network.simulate_network(tiny, 2, 0, parallel=net.n >= network.PARALLEL_FROM_N)
        start = time.perf_counter()
        result = network.simulate_network(net, int(args.duration_ms), args.seed)
        sim_wall_s = time.perf_counter() - start
    walls = {"build_wall_s": build_wall_s, "sim_wall_s": sim_wall_s}
    _print_network(args, result, walls, threads, processes)
    return 0


def _print_network(args, result, walls: dict[str, float], threads: int, processes: int) -> None:
    """The network command's output: JSON (``--format json``) or aligned text."""
    from gallery import network

    rates = network.population_rates_hz(result)
    peak = network.spectrum_peak_hz(result)
    if args.format == "json":
        times, cells = result.spike_t_ms.tolist(), result.spike_index.tolist()
        spikes = [list(pair) for pair in zip(times, cells, strict=True)]
        data = {
            "engine": args.engine,
            "spikes": spikes,
            "rates_hz": {"excitatory": rates.excitatory, "inhibitory": rates.inhibitory},
            "spectrum_peak_hz": peak if math.isfinite(peak) else None,
            **walls,
        }
        if args.engine == "nest":
            data |= {"nest_threads": threads, "nest_processes": processes}
        sys.stdout.write(dumps(data))
        return
    print(f"neurons      {args.n_exc} excitatory + {args.n_inh} inhibitory")
    print(f"duration     {int(args.duration_ms)} ms, {result.spike_t_ms.size} spikes")
    exc, inh = rates.excitatory, rates.inhibitory
    print(f"rates        {exc:.2f} Hz excitatory, {inh:.2f} Hz inhibitory")
    rhythm = f"spectral peak at {peak:g} Hz" if math.isfinite(peak) else "none (flat rate)"
    print(f"rhythm       {rhythm}")
    where = "numba"
    if args.engine == "nest":
        where = f"NEST, {threads} thread(s) x {processes} process(es)"
    print(f"engine       {where}")
    print(f"build        {walls['build_wall_s']:.4f} s wall")
    print(f"simulation   {walls['sim_wall_s']:.4f} s wall")


def _resolution(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if not 2 <= value <= 1024:
        raise argparse.ArgumentTypeError(f"{text!r} must be a whole number in 2 .. 1024")
    return value


def _finite(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"{text!r} must be a finite number")
    return value


def cmd_atlas(args: argparse.Namespace, catalogue: Catalogue) -> int:
    """Classify every point of the (a, b) or (c, d) plane; print JSON or a text map."""
    import time

    from gallery.analysis import atlas

    atlas.run_points([0.02], [0.2], [-65.0], [8.0])  # compile or load the kernel: not timed
    start = time.perf_counter()
    result = atlas.plane_atlas(args.plane, args.resolution, args.amp)
    sim_wall_s = time.perf_counter() - start
    names = [[atlas.CLASSES[c] for c in row] for row in result.classes.tolist()]
    if args.format == "json":
        data = {
            "plane": result.plane, "amp": result.amp, "protocol_ms": atlas.PROTOCOL_MS,
            result.x_name: result.x.tolist(), result.y_name: result.y.tolist(),
            "classes": names, "neuron_steps": result.neuron_steps, "sim_wall_s": sim_wall_s,
        }  # fmt: skip
        sys.stdout.write(dumps(data))
        return 0
    print(
        f"plane {result.x_name} (columns) x {result.y_name} (rows, largest on top),"
        f" amp {result.amp:g}"
    )
    letters = {name: name[0] if name not in ("silent", "tonic-other") else name[0].lower()
               for name in atlas.CLASSES}  # fmt: skip
    letters.update({"LTS": "L", "RZ": "Z", "runaway": "!", "CH": "C", "FS": "F"})
    for row in reversed(names):
        print("".join(letters[name] for name in row))
    print("  ".join(f"{letters[n]}={n}" for n in atlas.CLASSES))
    print(f"{result.neuron_steps} neuron-steps in {sim_wall_s:.4f} s wall")
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
    net = sub.add_parser("network", parents=[common], help="run the 2003 network (net.m)")
    net.add_argument("--n-exc", type=_count, default=800, help="excitatory cells")
    net.add_argument("--n-inh", type=_count_or_zero, default=200, help="inhibitory cells (0: none)")
    net.add_argument("--duration-ms", type=_finite_positive, default=1000, help="duration [ms]")
    net.add_argument("--seed", type=_seed, default=0, help="seed of the network and the noise")
    net.add_argument(
        "--synapses-per-neuron", type=_count, metavar="K", help="sparse: K targets per cell"
    )
    net.add_argument(
        "--engine", choices=("numba", "nest"), default="numba",
        help="numba kernel, or NEST (pip install 'izhikevich-gallery[nest]')",
    )  # fmt: skip
    net.add_argument("--threads", type=_threads, help="NEST's threads per process (--engine nest)")
    net.add_argument("--format", choices=("json", "text"), default="json")
    at = sub.add_parser("atlas", parents=[common], help="classify a parameter plane (2003 Fig. 2)")
    at.add_argument("--plane", choices=("ab", "cd"), required=True, help="(a, b) or (c, d)")
    at.add_argument("--resolution", type=_resolution, default=64, help="points per axis, 2..1024")
    at.add_argument("--amp", type=_finite, default=10.0, help="step amplitude (default 10)")
    at.add_argument("--format", choices=("json", "text"), default="json")
    return parser


COMMANDS: dict[str, Callable[[argparse.Namespace, Catalogue], int]] = {
    "list": cmd_list,
    "simulate": cmd_simulate,
    "figure": cmd_figure,
    "network": cmd_network,
    "atlas": cmd_atlas,
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
