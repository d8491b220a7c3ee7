"""Stage model: the neuron model as data and its simulation.

``expr`` (protocol formulas), ``grid`` (time grids), ``stimulus`` (protocol -> current),
``catalogue`` (TOML -> frozen presets), ``schemes`` (one integration scheme per file, the
numba) and ``simulate`` (preset -> runs). The bottom stage: imports nothing of the package
outside itself.
"""
