"""Izhikevich Gallery: the Izhikevich spiking-neuron model, simulated exactly as published.

Public API for researchers::

    import gallery
    runs = gallery.simulate(gallery.preset("tonic-spiking"))
    runs[0].spike_times_ms   # [13.0, 17.0, 31.5, 59.25, 86.75]

An entry point above every stage (model, network, analysis, render, site, pipeline): it
re-exports the names researchers use and imports neither matplotlib nor jinja2.
"""

from gallery import network
from gallery.analysis import phase_plane, spikes
from gallery.model.catalogue import (
    Catalogue,
    CatalogueError,
    Preset,
    UnknownPresetError,
    load,
    preset,
)
from gallery.model.simulate import Run, SimulationError, simulate, with_parameters
from gallery.render.export import runs_to_csv

__all__ = [
    "Catalogue",
    "CatalogueError",
    "Preset",
    "Run",
    "SimulationError",
    "UnknownPresetError",
    "load",
    "network",
    "phase_plane",
    "preset",
    "runs_to_csv",
    "simulate",
    "spikes",
    "with_parameters",
]
