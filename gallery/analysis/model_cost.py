"""What a step of each comparison neuron costs, and which step each needs for its spike train.

Stage: analysis (imports the model stage's :mod:`~gallery.model.neurons`). Two questions the
applications page answers with numbers of its own:

* :func:`count_operations` counts the floating-point operations of one step by reading the
  step function's source (``ast``): every binary operation (``+ − × /``) and every negation
  of a variable is one operation, every ``math.exp`` one exponential; calls to the module's
  own helpers are counted where they are called. Statements inside an ``if`` are not counted
  (the spike reset and the removable-singularity branch run on rare steps only), nor are
  comparisons. The count is of the code the kernels run, so it cannot drift from them.
* :func:`dt_sweep` runs each model for :data:`DURATION_MS` at a constant input with a range
  of steps and compares every spike train with the model's own at :data:`FINE_DT`: the spike
  count, and the largest shift of a spike time when the counts agree.
"""

from __future__ import annotations

import ast
import inspect
import math
import textwrap
from dataclasses import dataclass
from types import ModuleType

import numpy as np

from gallery.model.neurons import MODELS

DURATION_MS = 1000.0
FINE_DT = 0.001  # [ms]: the reference run of each model
SWEEP_DTS = (0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0)
TIMING_TOLERANCE_MS = 1.0  # a spike train "keeps its timing" when no spike moves further
# The inputs: Izhikevich's regular-spiking cell of the 2003 paper at I = 10, the squid axon
# at 10 µA/cm², the LIF cell at R·I = 20 mV (each fires tonically at its own rate).
INPUTS = {"izhikevich": 10.0, "hodgkin-huxley": 10.0, "lif": 20.0}
PARAMS = {"izhikevich": {"d": 8.0}, "hodgkin-huxley": {}, "lif": {}}
MAX_SPIKES = 4096


@dataclass(frozen=True, slots=True)
class Operations:
    """Floating-point operations of one step: arithmetic (+ − × / and negation), exponentials."""

    arithmetic: int
    exp: int


def _source_tree(function) -> ast.FunctionDef:
    target = getattr(function, "py_func", function)
    return ast.parse(textwrap.dedent(inspect.getsource(target))).body[0]


def _is_constant(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) or (
        isinstance(node, ast.UnaryOp) and isinstance(node.operand, ast.Constant)
    )


def _count(node: ast.AST, module: ModuleType) -> Operations:
    arithmetic = exp = 0
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.If):
            continue  # rare steps: the reset, the singular branch
        if isinstance(child, ast.BinOp):
            arithmetic += 1
        elif isinstance(child, ast.UnaryOp) and isinstance(child.op, ast.USub):
            arithmetic += 0 if _is_constant(child) else 1
        elif isinstance(child, ast.Call):
            name = ast.unparse(child.func)
            if name == "math.exp":
                exp += 1
            elif name in vars(module) and callable(vars(module)[name]):
                inner = count_operations(vars(module)[name], module)
                arithmetic, exp = arithmetic + inner.arithmetic, exp + inner.exp
        inner = _count(child, module)
        arithmetic, exp = arithmetic + inner.arithmetic, exp + inner.exp
    return Operations(arithmetic, exp)


def count_operations(function, module: ModuleType | None = None) -> Operations:
    """The operations one call of ``function`` (a model's ``step``) performs on a usual step."""
    module = module or inspect.getmodule(getattr(function, "py_func", function))
    return _count(_source_tree(function), module)


def model_operations() -> dict[str, Operations]:
    """:func:`count_operations` of every comparison model's step, by model name."""
    return {name: count_operations(module.step, module) for name, module in MODELS.items()}


@dataclass(frozen=True, slots=True)
class SpikeTrain:
    """One run: step [ms], spike times [ms] and whether the state stayed finite."""

    dt: float
    times: tuple[float, ...]
    finite: bool


def spike_train(name: str, dt: float) -> SpikeTrain:
    """The model's spike train over :data:`DURATION_MS` at its input, with step ``dt``."""
    module = MODELS[name]
    p = module.params(**PARAMS[name])
    state, steps = module.start(p), np.zeros(MAX_SPIKES, dtype=np.int64)
    n_steps = round(DURATION_MS / dt)
    n = module.run(INPUTS[name], dt, n_steps, p, state, steps)
    times = tuple(float((k + 1) * dt) for k in steps[: min(n, MAX_SPIKES)])
    return SpikeTrain(dt, times, bool(np.all(np.isfinite(state))))


@dataclass(frozen=True, slots=True)
class SweepRow:
    """A step against the fine reference: spike count, largest spike shift [ms] or None."""

    dt: float
    spikes: int
    shift_ms: float | None  # None when the counts differ or the state blew up
    finite: bool


def dt_sweep(name: str, dts: tuple[float, ...] = SWEEP_DTS) -> tuple[SpikeTrain, list[SweepRow]]:
    """The reference train of model ``name`` and every step of ``dts`` compared with it."""
    reference, rows = spike_train(name, FINE_DT), []
    for dt in dts:
        run = spike_train(name, dt)
        same = run.finite and len(run.times) == len(reference.times)
        shift = max((abs(a - b) for a, b in zip(run.times, reference.times, strict=True)),
                    default=0.0) if same else None  # fmt: skip
        rows.append(SweepRow(dt, len(run.times), shift, run.finite))
    return reference, rows


def largest_dt(rows: list[SweepRow], reference: SpikeTrain, *, timing: bool) -> float | None:
    """The largest step of an unbroken run from the smallest that keeps the reference's count.

    With ``timing``, a step must also keep every spike within :data:`TIMING_TOLERANCE_MS`.
    None when even the smallest step fails.
    """
    best = None
    for row in sorted(rows, key=lambda r: r.dt):
        ok = row.shift_ms is not None and (not timing or row.shift_ms <= TIMING_TOLERANCE_MS)
        if not ok:
            break
        best = row.dt
    return best


def rate_hz(train: SpikeTrain) -> float:
    """Mean rate of a train over :data:`DURATION_MS` [Hz]."""
    return 1000.0 * len(train.times) / DURATION_MS


def steps_per_ms(dt: float | None) -> float:
    """Steps one simulated millisecond takes at ``dt`` (NaN when no step of the sweep works)."""
    return math.nan if dt is None else 1.0 / dt
