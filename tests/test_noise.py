"""The network's inline SFC64 + ziggurat against NumPy's own generator, bit for bit."""

import numpy as np
import pytest

from gallery.network import noise


@pytest.mark.parametrize("seed", [11, 12])
def test_standard_normal_draws_numpys_sfc64_values_bit_for_bit(seed):
    # 2e6 draws take every path of the ziggurat: the fast accept, the wedge test (0.7 % of
    # tries, accepted or not) and the tail beyond the base layer's edge (about 500 draws).
    state = np.array(np.random.SFC64(seed).state["state"]["state"], dtype=np.uint64)
    ours = np.empty((2000, 1000))
    noise.fill_standard_normal(state, ours)
    theirs = np.random.Generator(np.random.SFC64(seed)).standard_normal(ours.shape)
    np.testing.assert_array_equal(ours, theirs)
    assert np.count_nonzero(np.abs(ours) > noise.ZIGGURAT_R) > 100


def test_standard_normal_advances_the_state_as_numpy_does():
    state = np.array(np.random.SFC64(3).state["state"]["state"], dtype=np.uint64)
    noise.fill_standard_normal(state, np.empty((7, 13)))
    noise.fill_standard_normal(state, np.empty(5))  # a second call continues the stream
    numpy_generator = np.random.SFC64(3)
    np.random.Generator(numpy_generator).standard_normal(7 * 13 + 5)
    np.testing.assert_array_equal(state, numpy_generator.state["state"]["state"])
