"""The integration schemes: the numba kernels that step the model, one rule per scheme."""
