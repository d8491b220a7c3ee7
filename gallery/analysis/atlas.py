"""The parameter atlas: every point of the (a, b) or (c, d) plane simulated and classified.

Stage: analysis (imports the model stage; numpy only). The 2003 paper's Fig. 2 sketches where
its classes sit in two planes; here every grid point runs one protocol in one population call
(:func:`gallery.model.population.run_population`) and :func:`classify` names its class from
spike-train features and one closed-form fact, the type of the rest state.

The protocol (:data:`PROTOCOL_MS`): the 2003 model (0.04 v^2 + 5 v + 140, v_peak = 30) with the
published-2004 scheme at dt = 0.25 ms; start at the rest state at I = 0 (the lower root of the
v-nullcline meeting u = b v; v = -65 where there is none) with u = b v; I = 0 for 100 ms, then
the step amplitude (default 10, the paper's I for CH, FS, LTS and RZ) for 500 ms. The last
250 ms are the steady state; spikes closer than 10 ms belong to one burst.

The rules, in order (thresholds are the constants below):

1. ``runaway``: the state stopped being finite, or the cell fired in more than a quarter of
   the steps (the package's runaway rule).
2. ``RZ``: the rest state at I = 0 is a stable focus with damping ratio
   zeta = -Re(lambda)/|lambda| < 1/sqrt(2): clearly underdamped, it rings after a kick. (Every
   focus of the (a, b) plane has a resonant peak in its voltage response, which has a zero at
   s = -a; 1/sqrt(2) is the stricter bound of a plain second-order low-pass filter.)
3. ``silent``: no spike in the steady state (an onset-only response counts as silent here).
4. ``CH``: the steady state alternates short and long intervals (longest >= 3x shortest, the
   shortest within a burst): repeated bursts.
5. ``IB``: an initial burst of >= 2 spikes, ended by an interval >= 3x its longest, then tonic.
6. ``LTS``: tonic with strong adaptation: the mean steady interval >= 3x the first interval.
7. ``FS``: tonic at >= 80 Hz in the steady state, with less adaptation.
8. ``RS``: tonic below 80 Hz, adapting: the mean steady interval >= 1.5x the first.
9. ``tonic-other``: any other sustained firing (slow and regular).

TC (0.02, 0.25, -65, 0.05) is in neither plane: it is the LTS point of the (a, b) plane with d
lowered from 2 to 0.05, below the (c, d) plane's range of b.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from gallery.model.catalogue import Model
from gallery.model.population import PopulationRun, StepProtocol, run_population
from gallery.model.simulate import kernel_params

CLASSES = ("RS", "IB", "CH", "FS", "LTS", "RZ", "silent", "tonic-other", "runaway")
"""Every class :func:`classify` can name, in the order of the legend."""

PROTOCOL_MS = {"dt": 0.25, "onset": 100.0, "duration": 600.0, "late": 350.0, "gap": 10.0}
DEFAULT_AMP = 10.0
SCHEME = "published-2004"
RESONANT_ZETA = 1 / math.sqrt(2)
BREAK_FACTOR = 3.0  # an interval this many times longer ends a burst (IB) or separates bursts (CH)
LTS_ADAPTATION = 3.0
RS_ADAPTATION = 1.5
FS_MIN_RATE_HZ = 80.0
RUNAWAY_FRACTION = 0.25
MODEL = Model(form="2004", a=0.02, b=0.2, c=-65.0, d=8.0, v_peak=30.0)

PLANE_AXES = {
    # plane -> (x name, x range, y name, y range, the two fixed parameters)
    "ab": ("a", (0.0, 0.12), "b", (0.15, 0.3), {"c": -65.0, "d": 2.0}),
    "cd": ("c", (-75.0, -40.0), "d", (0.0, 10.0), {"a": 0.02, "b": 0.2}),
}
LABELLED = {
    "ab": {"FS": (0.1, 0.2), "LTS": (0.02, 0.25), "RZ": (0.1, 0.26)},
    "cd": {"RS": (-65.0, 8.0), "IB": (-55.0, 4.0), "CH": (-50.0, 2.0)},
}
"""The 2003 paper's labelled points of each plane (Fig. 2), (x, y)."""


def protocol() -> StepProtocol:
    """:data:`PROTOCOL_MS` in steps."""
    dt = PROTOCOL_MS["dt"]
    steps = {k: round(v / dt) for k, v in PROTOCOL_MS.items() if k != "dt"}
    return StepProtocol(dt=dt, n_steps=steps["duration"], onset=steps["onset"],
                        late=steps["late"], gap=steps["gap"])  # fmt: skip


@dataclass(frozen=True, slots=True)
class RestFacts:
    """The rest state at I = 0 in closed form (NaN where there is none)."""

    v: NDArray[np.float64]
    trace: NDArray[np.float64]
    determinant: NDArray[np.float64]

    @property
    def focus(self) -> NDArray[np.bool_]:
        """Complex eigenvalues: trace^2 < 4 det."""
        return self.trace**2 < 4.0 * self.determinant

    @property
    def zeta(self) -> NDArray[np.float64]:
        """Damping ratio -Re(lambda)/|lambda| of a focus (|lambda|^2 = det); NaN otherwise."""
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(self.focus, -0.5 * self.trace / np.sqrt(self.determinant), np.nan)

    @property
    def resonant(self) -> NDArray[np.bool_]:
        """A stable focus with a resonant peak (zeta < 1/sqrt(2))."""
        return self.focus & (self.trace < 0) & (self.zeta < RESONANT_ZETA)


def rest_facts(a: NDArray[np.float64], b: NDArray[np.float64]) -> RestFacts:
    """Rest at I = 0 of the 2003 model: k2 v^2 + (k1 - b) v + k0 = 0, lower root; its Jacobian."""
    k2, k1, k0 = MODEL.k2, MODEL.k1, MODEL.k0
    disc = (k1 - b) ** 2 - 4.0 * k2 * k0
    with np.errstate(invalid="ignore"):
        v = np.where(disc >= 0, (-(k1 - b) - np.sqrt(disc)) / (2.0 * k2), np.nan)
    slope = 2.0 * k2 * v + k1  # d(v')/dv
    return RestFacts(v, slope - a, a * (b - slope))


@dataclass(frozen=True, slots=True, eq=False)
class AtlasPoints:
    """Classified points: ``classes[i]`` indexes :data:`CLASSES`; features in ms and Hz."""

    classes: NDArray[np.int64]
    features: dict[str, NDArray[np.float64]]
    neuron_steps: int


def _ms(steps: NDArray[np.int64], dt: float) -> NDArray[np.float64]:
    return np.where(steps >= 0, steps * dt, np.nan)


def point_features(run: PopulationRun, rest: RestFacts, proto: StepProtocol):
    """The features the rules read, per point (intervals in ms, rate in Hz)."""
    f, dt = run.feature, proto.dt
    late_n = f("late_count")
    with np.errstate(divide="ignore", invalid="ignore"):
        mean_late = np.where(late_n >= 2, (f("last") - f("late_first")) * dt / (late_n - 1), np.nan)
    return {
        "spikes": f("count").astype(np.float64),
        "late_rate_hz": 1000.0 * late_n / ((proto.n_steps - proto.late) * dt),
        "first_isi_ms": _ms(np.where(f("second") >= 0, f("second") - f("first"), -1), dt),
        "late_mean_isi_ms": mean_late,
        "late_min_isi_ms": _ms(f("late_min_isi"), dt),
        "late_max_isi_ms": _ms(f("late_max_isi"), dt),
        "first_burst": f("first_burst").astype(np.float64),
        "burst_max_isi_ms": _ms(f("burst_max_isi"), dt),
        "break_isi_ms": _ms(f("break_isi"), dt),
        "rest_v": rest.v,
        "rest_zeta": rest.zeta,
        "runaway": (~run.finite | (f("count") > RUNAWAY_FRACTION * proto.n_steps)) * 1.0,
    }


def classify(features: dict[str, NDArray[np.float64]], resonant, gap_ms: float):
    """The class index of every point by the rules of the module docstring, in order."""
    x = features
    with np.errstate(invalid="ignore"):
        adaptation = x["late_mean_isi_ms"] / x["first_isi_ms"]
        rules = [
            ("runaway", x["runaway"] > 0),
            ("RZ", resonant),
            ("silent", x["late_rate_hz"] == 0),
            ("CH", (x["late_max_isi_ms"] >= BREAK_FACTOR * x["late_min_isi_ms"])
             & (x["late_min_isi_ms"] < gap_ms)),
            ("IB", (x["first_burst"] >= 2)
             & (x["break_isi_ms"] >= BREAK_FACTOR * x["burst_max_isi_ms"])),
            ("LTS", adaptation >= LTS_ADAPTATION),
            ("FS", x["late_rate_hz"] >= FS_MIN_RATE_HZ),
            ("RS", adaptation >= RS_ADAPTATION),
        ]  # fmt: skip
    classes = np.full(x["spikes"].shape, CLASSES.index("tonic-other"))
    for name, hit in reversed(rules):  # the first rule that holds wins
        classes[np.asarray(hit, dtype=bool)] = CLASSES.index(name)
    return classes


def run_points(a, b, c, d, amp: float = DEFAULT_AMP, *, block: int | None = None) -> AtlasPoints:
    """Simulate and classify points (a, b, c, d arrays of one shape, flattened)."""
    a, b, c, d = (np.ascontiguousarray(np.ravel(x), dtype=np.float64) for x in (a, b, c, d))
    if not math.isfinite(amp):
        raise ValueError(f"amp must be a finite number, got {amp!r}")
    proto = protocol()
    rest = rest_facts(a, b)
    v0 = np.where(np.isfinite(rest.v), rest.v, -65.0)
    extra = {} if block is None else {"block": block}
    run = run_population(SCHEME, kernel_params(MODEL), proto, a=a, b=b, c=c, d=d,
                         amp=np.full(a.size, float(amp)), v0=v0, u0=b * v0, **extra)  # fmt: skip
    features = point_features(run, rest, proto)
    classes = classify(features, rest.resonant, PROTOCOL_MS["gap"])
    return AtlasPoints(classes, features, a.size * proto.n_steps)


@dataclass(frozen=True, slots=True, eq=False)
class Atlas:
    """One plane: axes, the class grid ``classes[row = y index, column = x index]``."""

    plane: str
    amp: float
    x_name: str
    y_name: str
    x: NDArray[np.float64]
    y: NDArray[np.float64]
    classes: NDArray[np.int64]
    features: dict[str, NDArray[np.float64]]
    neuron_steps: int
    fixed: dict[str, float]


def plane_atlas(
    plane: str, resolution: int, amp: float = DEFAULT_AMP, fixed: dict[str, float] | None = None
) -> Atlas:
    """Classify the ``resolution`` x ``resolution`` grid of ``plane`` (``"ab"`` or ``"cd"``).

    ``fixed`` holds the two parameters off the plane (default: the paper's, as in
    :data:`PLANE_AXES`).
    """
    if plane not in PLANE_AXES:
        raise ValueError(f"unknown plane {plane!r} (known: {', '.join(PLANE_AXES)})")
    if not (isinstance(resolution, int) and 2 <= resolution <= 1024):
        raise ValueError(f"resolution must be a whole number in 2 .. 1024, got {resolution!r}")
    x_name, x_range, y_name, y_range, default = PLANE_AXES[plane]
    fixed = dict(default if fixed is None else fixed)
    if set(fixed) != set(default) or not all(math.isfinite(x) for x in fixed.values()):
        raise ValueError(f"fixed must give {' and '.join(default)} as finite numbers")
    x = np.linspace(*x_range, resolution)
    y = np.linspace(*y_range, resolution)
    grid = {x_name: np.tile(x, resolution), y_name: np.repeat(y, resolution), **fixed}
    points = run_points(*(np.broadcast_to(grid[k], (resolution**2,)) for k in "abcd"), amp)
    shape = (resolution, resolution)
    features = {k: v.reshape(shape) for k, v in points.features.items()}
    fixed = {k: float(v) for k, v in fixed.items()}
    return Atlas(plane, float(amp), x_name, y_name, x, y, points.classes.reshape(shape),
                 features, points.neuron_steps, fixed)  # fmt: skip
