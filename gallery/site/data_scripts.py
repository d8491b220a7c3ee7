"""The classic scripts that carry a page's large data beside it.

Stage: site (strings in, bytes out). A script, not a JSON file that is fetched: the course pack
opened from ``file://`` loads scripts but refuses fetches. Each value is a JSON string literal,
ASCII only (so U+2028 and the like are escaped); ``main.js`` parses the text afresh for every
mount, as it does an attribute's text. ``IzhGallery.data[id]`` holds a payload's JSON text,
``IzhGallery.markup[id]`` a piece of HTML.
"""

from __future__ import annotations

import json
from collections.abc import Iterable


def data_script(data: Iterable[tuple[str, str]], markup: Iterable[tuple[str, str]] = ()) -> bytes:
    """A script setting ``IzhGallery.data[id] = text`` and ``IzhGallery.markup[id] = html``."""
    lines = [
        "var IzhGallery = window.IzhGallery = window.IzhGallery || {};",
        "IzhGallery.data = IzhGallery.data || {};",
        "IzhGallery.markup = IzhGallery.markup || {};",
        *(f"IzhGallery.data[{json.dumps(i)}] = {json.dumps(text)};" for i, text in data),
        *(f"IzhGallery.markup[{json.dumps(i)}] = {json.dumps(text)};" for i, text in markup),
    ]
    return ("\n".join(lines) + "\n").encode("ascii")
