"""The integration schemes as registered objects: one file per scheme, one registry.

Stage: model (the only numba of the model stage). ``primitives`` holds the model's terms in
numba, ``loops`` the two loop skeletons, ``scheme`` what a scheme declares and the storage
rules; each of ``published_2004``, ``book_2007``, ``network_2003``, ``euler`` and
``reference`` declares one :class:`Scheme`. :data:`SCHEMES` lists them in the order the site
shows them.
"""

from __future__ import annotations

from pathlib import Path

from gallery.model.schemes import (
    book_2007,
    euler,
    jit_cache,
    loops,
    network_2003,
    population,
    primitives,
    published_2004,
    reference,
)
from gallery.model.schemes.scheme import Scheme

# before any kernel is loaded from disk: a cached kernel does not notice edits to its callees
jit_cache.refresh(
    Path(__file__).parent,
    (primitives, loops, population, published_2004, book_2007, network_2003, euler, reference),
)

SCHEMES: dict[str, Scheme] = {
    module.SCHEME.name: module.SCHEME
    for module in (published_2004, book_2007, network_2003, euler, reference)
}
"""Scheme name -> :class:`Scheme`, in the site's order."""


def scheme_named(name: str) -> Scheme:
    """The registered scheme called ``name``; ``ValueError`` names the known ones."""
    try:
        return SCHEMES[name]
    except KeyError:
        raise ValueError(f"unknown scheme {name!r} (known: {', '.join(SCHEMES)})") from None
