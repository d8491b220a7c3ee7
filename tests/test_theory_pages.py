"""The theory pages as templates: rendered by the theory section, at their old URLs, their
cells' errors naming the template, their lines those of the template."""

from pathlib import Path

import pytest

from gallery.model.catalogue import builtin
from gallery.pipeline import cache
from gallery.pipeline.assemble import template_sources
from gallery.pipeline.cells import expand_cells
from gallery.pipeline.config import BuildError, BuildPaths
from gallery.site.sections import theory
from tests.sections import rendered

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = ROOT / "site_src" / "templates"


@pytest.fixture(scope="module")
def pages():
    return rendered(theory.theory_pages())


def test_the_four_pages_keep_their_docs_paths(pages):
    assert sorted(pages) == [f"theory/{n}.md" for n in
                             ("excitability", "model", "phase-plane", "reset")]  # fmt: skip
    assert not list((ROOT / "site_src" / "docs").glob("theory/*.md"))  # one source per page
    for text in pages.values():
        assert text.startswith(b"---\ntitle: ")


def test_each_rendered_line_is_its_templates_line(pages):
    # so that the line a cell error names is the line of the template the author edits
    for path, text in pages.items():
        template = (TEMPLATES / theory.page_template(path[7:-3])).read_text(encoding="utf-8")
        assert text.decode().count("\n") == template.count("\n"), path
        for ours, theirs in zip(text.decode().splitlines(), template.splitlines(), strict=True):
            if "{" not in theirs:  # lines without template code are copied verbatim
                assert ours == theirs


def test_a_bad_cell_in_a_theory_page_names_its_template():
    paths = BuildPaths(ROOT, ROOT / "build")
    section = cache.Artifacts("_theory", "k", {}, theory.theory_pages())
    sources = template_sources(paths, [section])
    assert sources["theory/phase-plane.md"] == "site_src/templates/theory-phase-plane.md.j2"
    page = b'# P\n\n```izhikevich\npreset = "no-such-cell"\n```\n'
    with pytest.raises(BuildError) as caught:
        expand_cells({"theory/phase-plane.md": page}, builtin(), TEMPLATES, code="t",
                     sources=sources)  # fmt: skip
    message = str(caught.value)
    assert "error: site_src/templates/theory-phase-plane.md.j2" in message
    assert "no-such-cell" in message
