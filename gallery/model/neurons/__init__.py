"""Three point neurons in one shape, for comparing their cost: Izhikevich, Hodgkin–Huxley, LIF.

Stage: model (numba). Each module has a ``step`` (one forward-Euler step, numbers in and out,
the only place its equations are written), a cached ``run`` kernel (a constant current for
``n_steps`` steps, spike steps logged, no trace) and the parameters as a float64 array. The
same loop shape for all three, so that measured time per step compares the equations and
nothing else. :mod:`gallery.analysis.model_cost` counts their operations and checks which
step each needs for accurate spike times; ``benchmarks/bench_models.py`` times them.
"""

from gallery.model.neurons import hodgkin_huxley, izhikevich, lif

MODELS = {"izhikevich": izhikevich, "hodgkin-huxley": hodgkin_huxley, "lif": lif}

__all__ = ["MODELS", "hodgkin_huxley", "izhikevich", "lif"]
