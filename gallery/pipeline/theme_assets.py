"""What the theme ships that no page of ours loads: source maps and lunr's language packs.

Stage: pipeline (I/O on a built site folder). Material copies its JavaScript source maps
(about 1.3 MB) and lunr's stemmers and segmenters for 30 languages (about 1 MB) into every
site; a browser fetches a map only when its developer tools ask, and the search worker loads
a language pack only for a language other than English in the search index's ``lang``. So the
maps always go, and the packs go when the index is English only (a site searched in another
language keeps them all).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

LUNR = Path("assets") / "javascripts" / "lunr"
SEARCH_INDEX = Path("search") / "search_index.json"


def search_languages(site: Path) -> list[str]:
    """The ``lang`` of the site's search index (``["en"]`` if the index says nothing)."""
    try:
        config = json.loads((site / SEARCH_INDEX).read_text(encoding="utf-8"))["config"]
    except (OSError, ValueError, KeyError):
        return []  # no index we can read: keep the packs
    return list(config.get("lang", ["en"]))


def prune_theme_assets(site: Path) -> int:
    """Delete the source maps, and lunr's language packs if search is English only: bytes freed."""
    freed = 0
    for path in sorted((site / "assets").rglob("*.map")):
        freed += path.stat().st_size
        path.unlink()
    if search_languages(site) == ["en"] and (site / LUNR).is_dir():
        freed += sum(p.stat().st_size for p in (site / LUNR).rglob("*") if p.is_file())
        shutil.rmtree(site / LUNR)
    return freed
