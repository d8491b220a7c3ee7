"""Izhikevich Gallery: the Izhikevich spiking-neuron model, simulated exactly as published.

Public API for researchers::

    import gallery
    runs = gallery.simulate(gallery.preset("tonic-spiking"))
    runs[0].spike_times_ms   # [13.0, 17.0, 31.5, 59.25, 86.75]
"""

from gallery.catalogue import Catalogue, CatalogueError, Preset, UnknownPresetError, load, preset
from gallery.simulate import Run, SimulationError, simulate, with_parameters

__all__ = [
    "Catalogue",
    "CatalogueError",
    "Preset",
    "Run",
    "SimulationError",
    "UnknownPresetError",
    "load",
    "preset",
    "simulate",
    "with_parameters",
]
