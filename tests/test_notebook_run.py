"""A sample of the built site's notebooks, executed in a real Jupyter kernel (nbclient).

One preset per family, one custom preset from a ``--presets`` file, one lesson: each runs from
top to bottom without an error, draws its figures, and the spike counts a preset notebook
prints equal the spike table of its page. The custom preset's downloaded script runs too,
from another folder.
"""

import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest

from tests.sites import built_site

nbclient = pytest.importorskip("nbclient")  # a test extra

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ("tonic-spiking", "rs-2003", "rs-2007", "my-cell")  # 2004 figure, 2003, 2007, custom
HANG_S = 600  # bounds a hung kernel only


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    from tests.test_catalogue import GOOD

    extra = tmp_path_factory.mktemp("notebooks") / "my-cells.toml"
    extra.write_text(GOOD.replace("amplitudes = [10]", "amplitudes = [10, 4]"))
    return built_site(tmp_path_factory, only=SAMPLE, presets_files=(extra,)) / "site"


def execute(path: Path) -> nbformat.NotebookNode:
    """The notebook at ``path`` run in its own folder (as Jupyter runs it)."""
    notebook = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(
        notebook, timeout=HANG_S, kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
    )  # fmt: skip
    client.execute()
    return notebook


def outputs(notebook, kind: str) -> list:
    code = [c for c in notebook.cells if c.cell_type == "code"]
    return [o for c in code for o in c.outputs if o.output_type == kind]


class _SpikeTable(HTMLParser):
    """The rows of the first table after the page's "Spikes" heading."""

    def __init__(self) -> None:
        super().__init__()
        self.state, self.rows, self.cell = "before", [], None

    def handle_starttag(self, tag, attrs):
        if tag == "h2" and ("id", "spikes") in attrs:
            self.state = "heading"
        elif self.state == "heading" and tag == "table":
            self.state = "table"
        elif self.state == "table" and tag == "tr":
            self.rows.append([])
        elif self.state == "table" and tag in ("td", "th"):
            self.cell = ""

    def handle_data(self, data):
        if self.cell is not None:
            self.cell += data

    def handle_endtag(self, tag):
        if self.state == "table" and tag in ("td", "th"):
            self.rows[-1].append(self.cell.strip())
            self.cell = None
        elif self.state == "table" and tag == "table":
            self.state = "done"


def page_spike_counts(site: Path, slug: str) -> list[int]:
    parser = _SpikeTable()
    parser.feed((site / "presets" / slug / "index.html").read_text(encoding="utf-8"))
    header, *rows = parser.rows
    column = header.index("spikes")
    return [int(row[column]) for row in rows]


@pytest.mark.parametrize("slug", SAMPLE)
def test_a_preset_notebook_runs_and_counts_the_pages_spikes(site, slug):
    notebook = execute(site / "downloads" / f"{slug}.ipynb")
    printed = "".join(o.text for o in outputs(notebook, "stream") if o.name == "stdout")
    counts = [int(n) for n in re.findall(r"^.*?: (\d+) spikes at t = ", printed, re.MULTILINE)]
    assert counts == page_spike_counts(site, slug)
    assert len(counts) >= 1
    images = [o for o in outputs(notebook, "execute_result") if "image/png" in o.data]
    assert len(images) == 2  # the trace and the phase plane
    assert not outputs(notebook, "error")


def test_the_custom_presets_page_counts_both_amplitudes(site):
    assert len(page_spike_counts(site, "my-cell")) == 2  # the notebook matched both rows


def live_cells(markdown: str) -> int:
    """The page's live cells, not counting those quoted inside a ```` block."""
    quoted, count = False, 0
    for line in markdown.splitlines():
        if line.startswith("````"):
            quoted = not quoted
        elif line == "```izhikevich" and not quoted:
            count += 1
    return count


def page_source(page: str) -> str:
    """A lesson's Markdown before its cells are expanded: a theory page renders a template."""
    if page.startswith("theory/"):
        from gallery.site.sections import theory
        from tests.sections import rendered

        return rendered(theory.theory_pages())[f"{page}.md"].decode()
    return (ROOT / "site_src" / "docs" / f"{page}.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("page", ["theory/phase-plane", "lessons/live-cells"])
def test_a_lesson_notebook_runs_and_draws_each_figure_and_live_cell_of_its_page(site, page):
    notebook = execute(site / "downloads" / "lessons" / f"{page.split('/')[1]}.ipynb")
    text = page_source(page)
    live = live_cells(text)
    images = [o for o in outputs(notebook, "execute_result") if "image/png" in o.data]
    assert len(images) == text.count("<figure") + live > 0
    assert not outputs(notebook, "error")


def test_the_custom_presets_downloaded_script_runs_from_another_folder(site, tmp_path):
    script = site / "downloads" / "my-cell.py"
    assert (site / "downloads" / "my-cells.toml").exists()  # shipped beside it
    page = (site / "presets" / "my-cell" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../downloads/my-cells.toml"' in page  # offered on its page
    assert 'href="../../downloads/my-cell.ipynb"' in page
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"} | {"MPLBACKEND": "Agg"}
    result = subprocess.run([sys.executable, str(script)], cwd=tmp_path, env=env,
                            capture_output=True, text=True, timeout=HANG_S)  # fmt: skip
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert [line.split(" [")[0] for line in lines] == ["amplitude = 10", "amplitude = 4"]
    csv = (tmp_path / "my-cell.csv").read_text()
    assert csv.startswith("run,amplitude,t_ms,v,u,i_ext,spike\n0,10.0,")


def test_the_custom_presets_notebook_runs_from_the_unzipped_bundle(site, tmp_path):
    shutil.unpack_archive(site / "downloads" / "izhikevich-notebooks.zip", tmp_path)
    folder = tmp_path / "izhikevich-notebooks"
    assert sorted(p.name for p in folder.glob("*.toml")) == ["my-cells.toml"]
    notebook = execute(folder / "my-cell.ipynb")
    assert not outputs(notebook, "error")


def test_the_bibtex_blocks_have_copy_buttons_and_the_notebook_button_downloads(site, tmp_path):
    from playwright import sync_api

    from tests.browsers import CHROMIUM, FLAGS, serve

    httpd, url = serve(site)
    try:
        with sync_api.sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
            page = browser.new_page(accept_downloads=True)
            page.goto(url + "presets/rs-2007/", wait_until="networkidle")
            details = page.locator("details", has_text="Cite this source (BibTeX)")
            details.locator("summary").click()
            copy = details.locator("button[title='Copy to clipboard']")
            sync_api.expect(copy).to_have_count(1)
            with page.expect_download() as download:
                page.get_by_role("link", name="Download notebook").click()
            saved = tmp_path / "saved.ipynb"
            download.value.save_as(saved)
            assert saved.read_bytes() == (site / "downloads" / "rs-2007.ipynb").read_bytes()
            page.goto(url + "references/", wait_until="networkidle")
            sync_api.expect(page.locator("article pre")).to_have_count(4)  # 3 works + mine
            sync_api.expect(page.locator("button[title='Copy to clipboard']")).to_have_count(4)
            browser.close()
    finally:
        httpd.shutdown()
