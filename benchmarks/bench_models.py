"""Cost of one neuron step: Izhikevich against Hodgkin–Huxley and LIF, on this machine.

Run: `python benchmarks/bench_models.py [--record]`. Times the three comparison kernels of
``gallery.model.neurons`` (one neuron, constant input, the same loop for all three, forward
Euler, numba, one thread) and prints nanoseconds per neuron-step and their ratios, all
measured in this one run: best of several repeats, each long enough (about 0.1 s) that the
timer does not matter. Nothing is asserted; compiling is excluded. ``--record`` also writes
the numbers to ``gallery/site/sections/model_speed.json``, which the applications page shows
(a committed measurement, so builds stay byte-identical and spend no time timing). Other
processes slow the runs: check the load average printed.
"""

import argparse
import json
import os
import platform
import sys
import time
from pathlib import Path

import numba
import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.bench_network import cpu_name  # noqa: E402
from gallery.analysis.model_cost import INPUTS, PARAMS  # noqa: E402
from gallery.model.neurons import MODELS  # noqa: E402

RECORD = ROOT / "gallery" / "site" / "sections" / "model_speed.json"  # the page reads it
DT_MS = 0.01  # one step for all three: the cost of a step does not depend on it
STEPS = 2_000_000
REPEATS = 7


def ns_per_step(name: str, n_steps: int = STEPS, repeats: int = REPEATS) -> float:
    """Best wall time of ``repeats`` runs of ``n_steps`` steps, per step [ns]."""
    module = MODELS[name]
    p = module.params(**PARAMS[name])
    spikes = np.zeros(64, dtype=np.int64)
    module.run(INPUTS[name], DT_MS, 10, p, module.start(p), spikes)  # compile
    best = np.inf
    for _ in range(repeats):
        state = module.start(p)
        start = time.perf_counter()
        module.run(INPUTS[name], DT_MS, n_steps, p, state, spikes)
        best = min(best, time.perf_counter() - start)
    return best / n_steps * 1e9


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--record", action="store_true", help=f"also write {RECORD.name}")
    args = parser.parse_args(argv)
    load = os.getloadavg()[0]
    print(f"load average {load:.2f}; {STEPS:,} steps of dt = {DT_MS} ms, best of {REPEATS}")
    ns = {name: ns_per_step(name) for name in MODELS}
    for name, value in ns.items():
        print(f"  {MODELS[name].NAME:<26} {value:7.2f} ns per neuron-step  "
              f"{value / ns['izhikevich']:6.2f} x Izhikevich")  # fmt: skip
    if args.record:
        record = {
            "date": time.strftime("%Y-%m-%d"),
            "machine": f"{cpu_name()}, {os.cpu_count()} cores",
            "load_average": round(load, 2),
            "python": platform.python_version(),
            "numba": numba.__version__,
            "steps": STEPS,
            "repeats": REPEATS,
            "ns_per_step": {name: round(value, 3) for name, value in ns.items()},
        }
        RECORD.write_text(json.dumps(record, indent=2, sort_keys=True) + "\n")
        print(f"recorded in {RECORD.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
