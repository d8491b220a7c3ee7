"""The theme's files no page loads are pruned from a built site, and only those."""

import json

from gallery.pipeline.theme_assets import LUNR, SEARCH_INDEX, prune_theme_assets


def _site(tmp_path, languages):
    site = tmp_path / "site"
    files = {
        "assets/javascripts/bundle.min.js": b"bundle",
        "assets/javascripts/bundle.min.js.map": b"m" * 10,
        "assets/stylesheets/main.min.css.map": b"m" * 5,
        "assets/javascripts/lunr/min/lunr.de.min.js": b"de" * 4,
        "assets/javascripts/lunr/tinyseg.js": b"ja",
        "assets/javascripts/workers/search.min.js": b"worker",
    }
    for name, data in files.items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_bytes(data)
    (site / SEARCH_INDEX).parent.mkdir(parents=True)
    (site / SEARCH_INDEX).write_text(json.dumps({"config": {"lang": languages}, "docs": []}))
    return site


def test_maps_and_language_packs_go_from_an_english_site(tmp_path):
    site = _site(tmp_path, ["en"])
    assert prune_theme_assets(site) == 10 + 5 + 8 + 2
    assert not list(site.rglob("*.map"))
    assert not (site / LUNR).exists()
    assert (site / "assets/javascripts/bundle.min.js").read_bytes() == b"bundle"
    assert (site / "assets/javascripts/workers/search.min.js").exists()


def test_a_site_searched_in_another_language_keeps_its_packs(tmp_path):
    site = _site(tmp_path, ["en", "de"])
    prune_theme_assets(site)
    assert (site / LUNR / "min" / "lunr.de.min.js").exists()
    assert not list(site.rglob("*.map"))


def test_an_unreadable_index_keeps_the_packs(tmp_path):
    site = _site(tmp_path, ["en"])
    (site / SEARCH_INDEX).write_text("{not json")
    prune_theme_assets(site)
    assert (site / LUNR).exists()
