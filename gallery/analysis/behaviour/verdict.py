"""Verdicts and the classifier registry of the behaviour checks, with their shared helpers.

Stage: analysis (imports the model stage's ``Run``). Times in [ms].
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from gallery.model.simulate import Run


@dataclass(frozen=True, slots=True)
class Verdict:
    """Whether a run shows its defining behaviour, with the evidence in words."""

    holds: bool
    reason: str


Classifier = Callable[[Sequence[Run]], Verdict]
CLASSIFIERS: dict[str, Classifier] = {}


def classifier(slug: str) -> Callable[[Classifier], Classifier]:
    """Register a classifier for a preset slug."""

    def register(function: Classifier) -> Classifier:
        CLASSIFIERS[slug] = function
        return function

    return register


def classify(slug: str, runs: Sequence[Run]) -> Verdict | None:
    """The verdict for ``slug``'s runs, or None when no classifier is known for it."""
    function = CLASSIFIERS.get(slug)
    return None if function is None else function(runs)


def verdict(checks: Sequence[tuple[bool, str]]) -> Verdict:
    """Holds when every check holds; the reason lists the failed checks, else all of them."""
    failed = [why for ok, why in checks if not ok]
    if failed:
        return Verdict(False, "; ".join(failed))
    return Verdict(True, "; ".join(why for _, why in checks))


def between(times: np.ndarray, start: float, stop: float) -> np.ndarray:
    """The spike times strictly between ``start`` and ``stop``."""
    return times[(times > start) & (times < stop)]


def one_run(runs: Sequence[Run]) -> tuple[np.ndarray, float]:
    """The spike times and the last grid time of a preset's only run."""
    run = runs[0]
    return run.spike_times_ms, float(run.t_ms[-1])
