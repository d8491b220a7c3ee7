"""Citations: CITATION.cff against the CFF 1.2.0 schema, each preset's BibTeX, the references
page and the line under the poster."""

import json
import re
import tomllib
from pathlib import Path

import jsonschema
import pytest
import yaml

import gallery
from gallery.site import citations, pages

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = json.loads((ROOT / "tests" / "schemas" / "cff-1.2.0.schema.json").read_text())
ENV = pages.environment(ROOT / "site_src" / "templates")
ATTRIBUTION = (
    "Electronic version of the figure and reproduction permissions are freely available at "
    "[www.izhikevich.com](https://www.izhikevich.com)"
)


def cff_errors(data) -> list[str]:
    validator = jsonschema.Draft7Validator(SCHEMA, format_checker=jsonschema.FormatChecker())
    return [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(data)]


@pytest.fixture(scope="module")
def cff():
    return yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))


def test_citation_cff_is_valid_against_the_cff_1_2_0_schema(cff):
    assert SCHEMA["$id"] == "https://citation-file-format.github.io/1.2.0/schema.json"
    assert cff["cff-version"] == "1.2.0"
    assert cff_errors(cff) == []


def test_the_schema_check_can_fail(cff):
    assert cff_errors(cff | {"authors": [{"nmae": "typo"}]})
    assert cff_errors({k: v for k, v in cff.items() if k != "title"})
    assert cff_errors(cff | {"references": [{"type": "article", "title": "no authors"}]})


def test_citation_cff_names_the_packages_version_and_licence_and_every_dois_work(cff):
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert cff["version"] == project["version"]
    assert cff["license"] == project["license"]
    dois = {p.source.doi for p in gallery.load().presets}
    assert {ref["doi"] for ref in cff["references"]} == dois == set(citations.works())


@pytest.mark.parametrize("slug", gallery.load().slugs)
def test_every_preset_has_its_source_as_bibtex_with_doi_and_panel(slug):
    preset = gallery.preset(slug)
    entry = citations.bibtex(preset)
    assert re.match(r"@(article|book)\{Izhikevich200[347],\n", entry)
    assert f"  doi = {{{preset.source.doi}}},\n" in entry
    panel = f", panel {preset.source.panel}" if preset.source.panel else ""
    assert f"  note = {{{preset.source.figure}{panel}}},\n" in entry
    assert entry.count("{") == entry.count("}")
    assert entry.endswith("\n}")


def test_a_custom_presets_source_becomes_a_misc_entry_with_tex_escaped():
    preset = gallery.preset("tonic-spiking")
    from dataclasses import replace

    source = replace(preset.source, paper="Smith & Jones {2020} 50% _x_", doi="")
    mine = replace(preset, slug="my-cell", source=source)
    entry = citations.bibtex(mine)
    assert entry.startswith("@misc{gallery-my-cell,\n")
    assert "  title = {Smith \\& Jones (2020) 50\\% \\_x\\_},\n" in entry
    assert "doi" not in entry


def test_the_preset_page_shows_the_bibtex_in_a_copyable_block():
    preset = gallery.preset("tonic-spiking")
    runs = gallery.simulate(preset)
    from gallery.render import export

    page = pages.render_preset_page(
        ENV, preset, runs, verdict=None, payload=export.payload(preset, runs),
        neighbours=(None, None),
    )  # fmt: skip
    block = "    ```bibtex\n" + "\n".join(
        "    " + line for line in citations.bibtex(preset).splitlines()
    )
    assert '??? quote "Cite this source (BibTeX)"\n' + block + "\n    ```" in page
    assert "[Download notebook](../downloads/tonic-spiking.ipynb){ .md-button" in page


def test_the_references_page_lists_every_source_once_with_its_presets():
    presets = gallery.load().presets
    page = citations.render_references(ENV, presets)
    assert page.startswith("---\ntitle: References\n")
    for key, count in (("Izhikevich2004", 20), ("Izhikevich2003", 8), ("Izhikevich2007", 9)):
        assert page.count(f"{{{key},") == 1
        assert f"### {key}\n\nCited by {count} presets: " in page
    assert "note = " not in page  # the panels are on the preset pages
    assert "Tonic spiking, Phasic spiking" in page


def test_the_poster_has_a_cite_this_figure_line_with_the_authors_attribution():
    presets = gallery.load().presets
    home = pages.render_home(ENV, presets, poster=True)
    index = pages.render_gallery_index(ENV, presets, poster=True)
    for page in (home, index):
        line = next(line for line in page.splitlines() if "Cite this figure:" in line)
        assert "Izhikevich, E. M. (2004)" in line
        assert ATTRIBUTION in line
    assert "Cite this figure" not in pages.render_home(ENV, presets[:2], poster=False)
