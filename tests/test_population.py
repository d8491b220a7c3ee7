"""The population kernel: the single-neuron kernel's spikes, bit for bit, whatever the blocking.

Every neuron gets its own a, b, c, d and amplitude; each is also run alone through its scheme's
single-neuron kernel (with the model tuple carrying that neuron's parameters), and the
features of :data:`FEATURES` are recomputed here from those spike steps with plain Python.
"""

from __future__ import annotations

import numba
import numpy as np
import pytest

import gallery
from gallery.model.population import StepProtocol, run_population
from gallery.model.schemes import SCHEMES
from gallery.model.schemes.population import FEATURES
from gallery.model.schemes.primitives import LOG_COLUMNS
from gallery.model.simulate import kernel_params

PROTOCOL = StepProtocol(dt=0.25, n_steps=1600, onset=200, late=900, gap=40)
N = 203  # not a multiple of any block size below


def exact_source(name: str) -> str:
    """The scheme whose single-neuron kernel the population rule of ``name`` reproduces."""
    rule = SCHEMES[name].population
    return next(s for s, scheme in SCHEMES.items() if scheme.population is rule)


def neurons(slug: str, seed: int):
    """A preset's model and N neurons scattered around its a, b, c, d and amplitude."""
    preset = gallery.preset(slug)
    m = preset.model
    rng = np.random.default_rng(seed)
    scale = rng.uniform(0.5, 1.5, (5, N))
    amp = preset.stimulus.amplitudes[0] if preset.stimulus.amplitudes else 10.0
    a, b, c, d, i = m.a * scale[0], m.b * scale[1], m.c * scale[2], m.d * scale[3], amp * scale[4]
    return preset, kernel_params(m), a, b, c, d, i


def single_spike_steps(scheme_name, params, a, b, c, d, amp, v0, u0):
    """Spike steps of one neuron through the scheme's own single-neuron kernel."""
    tied = params.b_hyper == params.b
    p = params._replace(a=a, b=b, c=c, d=d, b_hyper=b if tied else params.b_hyper)
    i_ext = np.zeros(PROTOCOL.n_steps)
    i_ext[PROTOCOL.onset :] = amp
    room = PROTOCOL.n_steps
    v_out, u_out = np.empty(room), np.empty(room)
    steps, log = np.empty(room, dtype=np.int64), np.empty((room, LOG_COLUMNS))
    n, _, _, _ = SCHEMES[scheme_name].kernel(p, i_ext, PROTOCOL.dt, v0, u0, v_out, u_out, steps,
                                             log)  # fmt: skip
    return [int(k) for k in steps[:n]]


def features_of(steps: list[int]) -> list[int]:
    """The kernel's features, recomputed from a list of spike steps (independent code)."""
    late = [k for k in steps if k >= PROTOCOL.late]
    isi = {k: k - prev for prev, k in zip(steps, steps[1:], strict=False)}
    late_isi = [isi[k] for k in late if k in isi]
    burst, burst_max, break_isi = (1 if steps else 0), 0, -1
    for prev, k in zip(steps, steps[1:], strict=False):
        if k - prev >= PROTOCOL.gap:
            break_isi = k - prev
            break
        burst, burst_max = burst + 1, max(burst_max, k - prev)
    values = {
        "count": len(steps),
        "first": steps[0] if steps else -1,
        "second": steps[1] if len(steps) > 1 else -1,
        "last": steps[-1] if steps else -1,
        "pre_count": sum(k < PROTOCOL.onset for k in steps),
        "late_count": len(late),
        "late_first": late[0] if late else -1,
        "late_bursts": sum(1 for k in late if k not in isi or isi[k] >= PROTOCOL.gap),
        "late_min_isi": min(late_isi) if late_isi else -1,
        "late_max_isi": max(late_isi) if late_isi else -1,
        "first_burst": burst,
        "burst_max_isi": burst_max,
        "break_isi": break_isi,
    }
    return [values[name] for name in FEATURES]


CASES = [
    ("published-2004", "rs-2003"),
    ("published-2004", "ch-2003"),
    ("book-2007", "rs-2007"),
    ("book-2007", "tc-2007"),  # b switches below b_switch_v: the general recovery
    ("book-2007", "lts-2007"),  # u-dependent peak and capped u
    ("book-2007", "fs-2007"),  # cubic u-nullcline
    ("network-2003", "rs-2003"),
    ("euler", "fs-2007"),
]


@pytest.mark.parametrize(("scheme", "slug"), CASES)
def test_every_neuron_fires_as_the_single_neuron_kernel(scheme, slug):
    preset, params, a, b, c, d, amp = neurons(slug, seed=len(slug))
    v0 = np.full(N, preset.v0)
    u0 = b * preset.v0 if preset.u0 == preset.model.b * preset.v0 else np.full(N, preset.u0)
    run = run_population(scheme, params, PROTOCOL, a=a, b=b, c=c, d=d, amp=amp, v0=v0, u0=u0,
                         block=64)  # fmt: skip
    source = exact_source(scheme)
    fired = 0
    for j in range(N):
        steps = single_spike_steps(source, params, a[j], b[j], c[j], d[j], amp[j], v0[j], u0[j])
        assert run.features[j].tolist() == features_of(steps), (slug, j)
        fired += bool(steps)
    assert fired > N // 4  # the comparison is about spikes, so most neurons must fire


def test_a_zero_reset_takes_the_general_reset_and_stays_exact():
    # c = 0 in a block turns off the plain reset there (c + 0*u may differ from c in the sign
    # of a zero); the neurons must fire as the single-neuron kernel all the same
    preset, params, a, b, c, d, amp = neurons("rs-2003", seed=3)
    c = np.where(np.arange(N) % 3 == 0, 0.0, c)
    u0 = b * preset.v0
    run = run_population("published-2004", params, PROTOCOL, a=a, b=b, c=c, d=d, amp=amp,
                         v0=preset.v0, u0=u0, block=16)  # fmt: skip
    for j in range(N):
        steps = single_spike_steps("published-2004", params, a[j], b[j], c[j], d[j], amp[j],
                                   preset.v0, u0[j])  # fmt: skip
        assert run.features[j].tolist() == features_of(steps), j


def test_rules_without_an_exact_kernel_reuse_one():
    assert exact_source("network-2003") == "published-2004"
    assert exact_source("euler") == "book-2007"
    assert SCHEMES["reference"].population is None


def _bits(run):
    return (run.features.tobytes(), run.v.tobytes(), run.u.tobytes())


@pytest.mark.parametrize("slug", ["rs-2003", "lts-2007"])
def test_blocks_and_threads_do_not_change_a_bit(slug):
    preset, params, a, b, c, d, amp = neurons(slug, seed=7)
    scheme = preset.scheme
    kwargs = dict(a=a, b=b, c=c, d=d, amp=amp, v0=preset.v0, u0=b * preset.v0)
    threads = numba.get_num_threads()
    results = []
    try:
        for n_threads in sorted({1, threads}):
            numba.set_num_threads(n_threads)
            for block in (1, 5, 32, 33, 256, 4096):
                results.append(_bits(run_population(scheme, params, PROTOCOL, block=block,
                                                    **kwargs)))  # fmt: skip
    finally:
        numba.set_num_threads(threads)
    assert all(r == results[0] for r in results)


def test_bad_requests_are_named():
    params = kernel_params(gallery.preset("rs-2003").model)
    one = dict(a=0.02, b=0.2, c=-65.0, d=8.0, amp=[10.0], v0=-65.0, u0=-13.0)
    with pytest.raises(ValueError, match="no population rule"):
        run_population("reference", params, PROTOCOL, **one)
    with pytest.raises(ValueError, match="block"):
        run_population("published-2004", params, PROTOCOL, block=0, **one)
    with pytest.raises(ValueError, match="a must be finite"):
        run_population("published-2004", params, PROTOCOL, **{**one, "a": np.nan})
    with pytest.raises(ValueError, match="onset"):
        StepProtocol(dt=0.25, n_steps=10, onset=20, late=5, gap=4)
