"""net.m in plain vectorised NumPy: the reference for the equivalence test and the benchmark.

Written after the MATLAB listing, line for line, sharing no code with ``gallery``. It consumes
the same generators in the same order as ``gallery.network`` (see that module's docstring:
PCG64 for the network, SFC64 for the thalamic noise, through NumPy's own methods), so
with equal seeds it must give the same raster spike for spike. The one choice the listing
leaves open is the order in which the fired columns are summed: here ``W[fired].sum(axis=0)``,
which NumPy reduces row after row in ascending index order (the kernels' order).

The sparse variant (K targets per source, weights x 1000/K stored as float32) is built the same
way, and its input summed with ``np.add.at`` over the fired rows in ascending source order.
"""

import numpy as np


def build(n_exc, n_inh, seed):
    """Cells (a, b, c, d) and the dense weights, transposed to W[pre, post]."""
    rng = np.random.default_rng(seed)
    re = rng.random(n_exc)
    ri = rng.random(n_inh)
    a = np.concatenate([0.02 * np.ones(n_exc), 0.02 + 0.08 * ri])
    b = np.concatenate([0.2 * np.ones(n_exc), 0.25 - 0.05 * ri])
    c = np.concatenate([-65 + 15 * re**2, -65 * np.ones(n_inh)])
    d = np.concatenate([8 - 6 * re**2, 2 * np.ones(n_inh)])
    n = n_exc + n_inh
    s = np.hstack([0.5 * rng.random((n, n_exc)), -rng.random((n, n_inh))])
    return a, b, c, d, np.ascontiguousarray(s.T)


def build_sparse(n_exc, n_inh, seed, k):
    """Cells (a, b, c, d), then targets[pre] (K sorted distinct cells) and their weights."""
    rng = np.random.default_rng(seed)
    re = rng.random(n_exc)
    ri = rng.random(n_inh)
    a = np.concatenate([0.02 * np.ones(n_exc), 0.02 + 0.08 * ri])
    b = np.concatenate([0.2 * np.ones(n_exc), 0.25 - 0.05 * ri])
    c = np.concatenate([-65 + 15 * re**2, -65 * np.ones(n_inh)])
    d = np.concatenate([8 - 6 * re**2, 2 * np.ones(n_inh)])
    n = n_exc + n_inh
    targets = np.array([np.sort(rng.choice(n, size=k, replace=False)) for _ in range(n)])
    sign = np.concatenate([0.5 * np.ones(n_exc), -np.ones(n_inh)]) * (1000 / k)
    weights = (rng.random((n, k)) * sign[:, None]).astype(np.float32)
    return a, b, c, d, (targets, weights)


def run(n_exc, n_inh, seed, duration_ms, noise_seed, k=None):
    """The net.m loop; returns (t [ms], index) of every spike, t counted from 1 as in net.m.

    ``k``: None for net.m's dense matrix, else the sparse variant with K targets per source.
    """
    if k is None:
        a, b, c, d, w = build(n_exc, n_inh, seed)
    else:
        a, b, c, d, (targets, weights) = build_sparse(n_exc, n_inh, seed, k)
    rng = np.random.Generator(np.random.SFC64(noise_seed))
    v = -65.0 * np.ones(n_exc + n_inh)
    u = b * v
    times, cells = [], []
    for t in range(1, duration_ms + 1):
        i_ext = np.concatenate([5 * rng.standard_normal(n_exc), 2 * rng.standard_normal(n_inh)])
        fired = np.nonzero(v >= 30)[0]
        times.append(np.full(fired.size, t))
        cells.append(fired)
        v[fired] = c[fired]
        u[fired] = u[fired] + d[fired]
        if k is None:
            i_ext = i_ext + w[fired].sum(axis=0)
        else:
            syn = np.zeros(v.size)
            np.add.at(syn, targets[fired].ravel(), weights[fired].ravel().astype(float))
            i_ext = i_ext + syn
        v = v + 0.5 * (0.04 * v**2 + 5 * v + 140 - u + i_ext)  # step 0.5 ms
        v = v + 0.5 * (0.04 * v**2 + 5 * v + 140 - u + i_ext)  # for numerical stability
        u = u + a * (b * v - u)
    return np.concatenate(times), np.concatenate(cells)
