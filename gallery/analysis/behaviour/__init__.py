"""The behaviour that defines each built-in preset, as a classifier that works at any dt.

Stage: analysis (imports ``spikes`` and the model stage's ``Run``). Each classifier reads the
runs of one preset and returns a :class:`Verdict`: whether the defining statement of
``reference/protocols.md`` §7.1 (or the preset's ``behaviour`` text for the 2003 and 2007
types) holds, and why. They are used by the tests at the paper's dt and at every other dt, and
by the numerical-accuracy pages to show which panels survive a change of step.

``verdict`` holds the registry and the helpers; ``figure_2004``, ``classes_2003`` and
``book_2007`` register one classifier per preset when imported (here).
"""

from __future__ import annotations

from gallery.analysis.behaviour import book_2007, classes_2003, figure_2004
from gallery.analysis.behaviour.verdict import (
    CLASSIFIERS,
    Classifier,
    Verdict,
    classifier,
    classify,
)

__all__ = ["CLASSIFIERS", "Classifier", "Verdict", "classifier", "classify"]
REGISTERED = (figure_2004, classes_2003, book_2007)
"""The modules whose classifiers fill :data:`CLASSIFIERS`."""
