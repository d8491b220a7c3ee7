"""The operation counts the applications page quotes, counted again by hand from the
equations, and the step-size claims of its spike-train table, recomputed from plain runs."""

import numpy as np
import pytest

from gallery.analysis import model_cost
from gallery.model.neurons import MODELS


def test_operation_counts_match_a_count_by_hand():
    # Izhikevich, one published step:
    #   v + dt*(0.04*(v*v) + 5*v + 140 - u + I): v*v, 0.04*, 5*v, +, +140, -u, +I, dt*, v+ = 9
    #   u + dt*(a*(b*v - u)):                      b*v, -u, a*, dt*, u+                  = 5
    # LIF: v + dt*((E_L - v + R I)/tau): -, +, /, *, + = 5
    # Hodgkin-Huxley: the six rates (x/(1-e^-x) costs -x, 1-, / and one exp):
    #   alpha_m: +40, /10, then 3 = 5;  beta_m: +65, /-18, 4* = 3;  alpha_h: 3;  beta_h:
    #   +35, /-10, 1+, 1/ = 4;  alpha_n: +55, /10, 0.1*, then 3 = 6;  beta_n: 3  -> 24, 6 exp
    #   currents: I_Na 6 (m*m, *m, g*, *h, v-E, *), I_K 6 (n*n twice, *, g*, v-E, *), I_L 2
    #   v: I - I_Na - I_K - I_L, /C, dt*, v+ = 6;  each gate: 1-x, a*, b*x, -, dt*, x+ = 6 x 3
    #   -> 24 + 6 + 6 + 2 + 6 + 18 = 62
    assert model_cost.model_operations() == {
        "izhikevich": model_cost.Operations(14, 0),
        "hodgkin-huxley": model_cost.Operations(62, 6),
        "lif": model_cost.Operations(5, 0),
    }


def test_the_counter_sees_a_changed_step():
    def step(v, u, i_ext, dt, p):
        v = v + dt * (-v + i_ext)  # +, *, negation, + = 4
        if v > 1.0:
            return 0.0 * v, u  # not counted: a rare branch
        return v, u

    assert model_cost.count_operations(step, MODELS["lif"]) == model_cost.Operations(4, 0)


@pytest.fixture(scope="module")
def sweeps():
    return {name: model_cost.dt_sweep(name) for name in MODELS}


def _plain_count(name, dt):
    module = MODELS[name]
    p = module.params(**model_cost.PARAMS[name])
    state = module.start(p)
    n = module.run(model_cost.INPUTS[name], dt, round(1000 / dt), p, state,
                   np.zeros(1, dtype=np.int64))  # fmt: skip
    return n, bool(np.isfinite(state).all())


def test_hodgkin_huxley_blows_up_at_a_step_izhikevich_takes(sweeps):
    hh_ref, hh = sweeps["hodgkin-huxley"]
    coarse = [r for r in hh if r.dt >= 0.1]
    assert coarse
    assert not any(r.finite for r in coarse)
    assert _plain_count("hodgkin-huxley", 0.1)[1] is False
    assert _plain_count("izhikevich", 1.0)[1] is True


def test_largest_steps_are_the_last_of_an_unbroken_run(sweeps):
    for name, (reference, rows) in sweeps.items():
        best = model_cost.largest_dt(rows, reference, timing=False)
        assert best is not None
        assert _plain_count(name, best)[0] == len(reference.times)
        bigger = [r.dt for r in rows if r.dt > best]
        if bigger:
            assert (
                _plain_count(name, min(bigger))[0] != len(reference.times)
                or not (_plain_count(name, min(bigger))[1])
            )
        timed = model_cost.largest_dt(rows, reference, timing=True)
        assert timed is not None
        assert timed <= best


def test_the_page_prints_each_shift_on_its_side_of_the_tolerance():
    """A shift of 1.002 ms printed as "1" would read as kept timing; 4 digits keep the side."""
    import re

    from gallery.site.sections import applications
    from tests.sections import rendered

    page = rendered(applications.site_files())[applications.PAGE].decode()
    _, rows = model_cost.dt_sweep("izhikevich")
    izhikevich_column = [
        line.split("|")[2] for line in page.splitlines() if re.match(r"\| [0-9.]+ \|", line)
    ]
    printed = [
        float(m.group(1))
        for cell in izhikevich_column
        if (m := re.search(r"shift ([0-9.]+)", cell))
    ]
    shifts = [row.shift_ms for row in rows if row.shift_ms is not None]
    assert all(
        (shown > model_cost.TIMING_TOLERANCE_MS) == (true > model_cost.TIMING_TOLERANCE_MS)
        for shown, true in zip(printed, shifts, strict=False)
    )
    assert len(printed) >= len(shifts)


def test_the_page_states_the_cell_and_start_it_compares():
    """The compared cell is RS's a, b, c, d, but started at v = −70, u = b·v (not RS's start)."""
    import re

    from gallery.site.sections import applications
    from tests.sections import rendered

    page = rendered(applications.site_files())[applications.PAGE].decode()
    text = re.sub(r"\s+", " ", page)
    rs = __import__("gallery").preset("rs-2003")
    m = rs.model
    p = MODELS["izhikevich"].params(**model_cost.PARAMS["izhikevich"])
    assert list(p) == [m.a, m.b, m.c, m.d]  # the 2003 paper's regular-spiking cell
    v0, u0 = MODELS["izhikevich"].start(p)
    assert (v0, u0) == (-70.0, m.b * -70.0)
    stated = "*a*, *b*, *c*, *d* = 0.02, 0.2, −65, 8, started at *v* = −70 mV, *u* = *b·v* = −14"
    assert stated in text
