"""The notebooks of preset and lesson pages, as generated (their execution: test_notebook_run)."""

import json
import zipfile
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

import nbformat
import pytest

import gallery
from gallery.pipeline import downloads
from gallery.pipeline.config import BuildError
from gallery.site import citations, lessons, notebooks, pages
from gallery.site.notebooks import NotebookError
from gallery.site.sections import theory
from tests.sections import rendered

ROOT = Path(__file__).resolve().parents[1]
ENV = pages.environment(ROOT / "site_src" / "templates")


@dataclass(frozen=True)
class Lesson:
    """A theory page as the build renders it, with the parts of a ``Path`` these tests use."""

    name: str
    text: str

    @property
    def stem(self) -> str:
        return self.name.removesuffix(".md")

    def read_text(self, encoding: str = "utf-8") -> str:
        return self.text

    def read_bytes(self) -> bytes:
        return self.text.encode()


LESSONS = [
    Lesson(path.removeprefix("theory/"), data.decode())
    for path, data in sorted(rendered(theory.theory_pages()).items())
]
SLUGS = dict.fromkeys(gallery.load().slugs)


def preset_notebook(preset) -> str:
    runs = gallery.simulate(preset)
    return notebooks.preset_notebook(
        ENV, preset, runs, pages.parameter_rows(preset), citations.bibtex(preset)
    )


def lesson(path: Lesson) -> str:
    page = f"theory/{path.name}"
    return lessons.lesson_notebook(ENV, page, path.read_text(encoding="utf-8"), SLUGS)


def sources(text: str, kind: str) -> list[str]:
    return [c.source for c in nbformat.reads(text, as_version=4).cells if c.cell_type == kind]


@pytest.mark.parametrize("slug", ["tonic-spiking", "rs-2003", "rs-2007", "tc-2007"])
def test_a_preset_notebook_is_valid_nbformat_4_without_outputs(slug):
    text = preset_notebook(gallery.preset(slug))
    notebook = nbformat.reads(text, as_version=4)
    nbformat.validate(notebook)
    assert notebook.nbformat == 4
    count = len(notebook.cells)
    assert [c.id for c in notebook.cells] == [f"cell-{i:02d}" for i in range(1, 1 + count)]
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert cell.outputs == []
            assert cell.execution_count is None
    assert notebook.metadata.kernelspec.name == "python3"


def test_a_preset_notebook_has_the_pages_narrative_equations_and_figure_code():
    preset = gallery.preset("tonic-bursting")
    text = preset_notebook(preset)
    markdown = "\n".join(sources(text, "markdown"))
    code = "\n".join(sources(text, "code"))
    assert markdown.startswith("# Tonic bursting")
    assert preset.summary in markdown
    assert preset.behaviour in markdown
    assert r"\dot u &= a\,(b\,v - u)" in markdown  # the model's equations
    assert r"I(t) = \begin{cases}" in markdown  # the page's protocol formula
    assert "| $c$ | -50 |" in markdown.replace("−", "-")
    assert "@article{Izhikevich2004," in markdown
    assert "note = {Fig. 1, panel C}" in markdown
    assert "\\(" not in markdown  # Jupyter's math is $...$
    assert 'preset = gallery.preset("tonic-bursting")' in code
    assert "runs = gallery.simulate(preset)" in code
    assert 'figures.figure(preset, "trace", runs=runs)' in code
    assert 'figures.figure(preset, "phase", runs=runs)' in code
    assert "\n\n\n" not in text.replace("\\n\\n\\n", "")


def test_the_2007_form_gets_its_own_equations():
    markdown = "\n".join(sources(preset_notebook(gallery.preset("rs-2007")), "markdown"))
    assert r"C\,\dot v &= k\,(v - v_r)(v - v_t) - u + I" in markdown
    assert "k_2\\,v^2" not in markdown


def test_notebooks_are_byte_identical_from_run_to_run():
    preset = gallery.preset("bistability")
    assert preset_notebook(preset) == preset_notebook(preset)
    for path in LESSONS:
        assert lesson(path) == lesson(path)


def test_every_code_cell_of_every_notebook_is_python_after_its_magics():
    texts = [preset_notebook(gallery.preset("rs-2007"))] + [lesson(p) for p in LESSONS]
    for text in texts:
        for source in sources(text, "code"):
            python = [line for line in source.splitlines() if not line.startswith("%")]
            compile("\n".join(python), "cell", "exec")


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_a_lesson_notebook_keeps_the_text_and_draws_every_figure(path):
    page = path.read_text(encoding="utf-8")
    text = lesson(path)
    nbformat.validate(nbformat.reads(text, as_version=4))
    markdown = "\n".join(sources(text, "markdown"))
    code = sources(text, "code")
    figures = page.count("<figure") + page.count("\n```izhikevich\n")  # static and live
    assert sum("THEORY[" in c or "figures.figure(" in c for c in code) == figures > 0
    for heading in [line for line in page.splitlines() if line.startswith("## ")]:
        assert heading in markdown
    for mkdocs_only in ("\\(", "!!! ", "=== ", "{ .ig-light }", "<figure", "<figcaption", ".md)"):
        assert mkdocs_only not in markdown, mkdocs_only


def test_admonitions_and_tabs_become_plain_markdown():
    page = (
        '---\ntitle: T\n---\n\n# T\n\n!!! note "A note"\n    Inside \\(x\\).\n\n'
        '=== "Tab one"\n\n    $$\n    a = b\n    $$\n\nAfter, see [the model](model.md).\n'
    )
    text = lessons.lesson_notebook(ENV, "theory/t.md", page, SLUGS)
    markdown = "\n".join(sources(text, "markdown"))
    assert "> **A note**\n>\n> Inside $x$." in markdown
    assert "**Tab one**\n\n$$\na = b\n$$" in markdown
    assert "After, see the model." in markdown


def test_a_live_izhikevich_cell_becomes_a_code_cell_that_simulates_its_preset():
    page = (
        '# Live\n\nText.\n\n```izhikevich\npreset = "tonic-spiking"\nview = "phase"\n'
        'controls = ["d"]\nd = 4\namp = 12\ncaption = "Raise d."\n```\n'
    )
    text = lessons.lesson_notebook(ENV, "theory/live.md", page, SLUGS)
    (cell,) = [c for c in sources(text, "code") if "simulate" in c]
    assert 'gallery.preset("tonic-spiking"), d=4.0,' in cell
    assert "amplitudes=(12.0,)" in cell
    assert 'figures.figure(cell, "phase", runs=runs)' in cell
    assert "*Raise d.*" in "\n".join(sources(text, "markdown"))
    assert "```izhikevich" not in "\n".join(sources(text, "markdown"))


def test_a_live_cell_of_a_custom_preset_loads_its_catalogue_file():
    page = '# Live\n\n```izhikevich\npreset = "my-cell"\n```\n'
    text = lessons.lesson_notebook(ENV, "theory/live.md", page, {"my-cell": "mine.toml"})
    assert 'gallery.preset("my-cell", [Path("../mine.toml")])' in "\n".join(sources(text, "code"))


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("![x](photo.png)", None),
        ('<figure markdown="span">\n  ![A photo](../photo.jpg)\n</figure>',
         "theory/bad.md: line 3: the figure '../photo.jpg' has no notebook equivalent"),
        ('```izhikevich\npreset = "tonic-spikng"\n```',
         "theory/bad.md: line 3: izhikevich cell: key 'preset': unknown preset 'tonic-spikng'"),
        ("```izhikevich\npreset = tonic\n```",
         "theory/bad.md: line 3: izhikevich cell: TOML syntax"),
        ("```python\nx = 1\n", "theory/bad.md: line 3: a code block that is never closed"),
    ],
)  # fmt: skip
def test_a_lesson_that_cannot_become_a_notebook_is_an_error_naming_page_and_line(body, message):
    page = f"# Bad\n\n{body}\n"
    if message is None:  # a plain Markdown image is kept as Markdown
        lessons.lesson_notebook(ENV, "theory/bad.md", page, SLUGS)
        return
    with pytest.raises(NotebookError) as caught:
        lessons.lesson_notebook(ENV, "theory/bad.md", page, SLUGS)
    assert str(caught.value).startswith(message)


def test_a_lesson_without_a_title_is_an_error():
    with pytest.raises(NotebookError, match="notebook of page 'theory/x.md': the page has no"):
        lessons.lesson_notebook(ENV, "theory/x.md", "Just text.\n", SLUGS)


def test_the_build_stops_on_a_lesson_whose_notebook_cannot_be_made():
    files = {"theory/bad.md": b'# Bad\n\n```izhikevich\npreset = "nope"\n```\n'}
    with pytest.raises(BuildError, match=r"^theory/bad.md: line 3: izhikevich cell: key 'preset'"):
        downloads.lesson_files(ENV, files, SLUGS)


def test_a_template_with_text_before_its_first_cell_is_an_error():
    with pytest.raises(NotebookError, match="x: text before the first"):
        notebooks.cells_from_text("stray\n%% code\nx = 1\n", "x")


def test_a_lesson_page_gets_its_notebook_and_a_download_button():
    path = LESSONS[0]
    out = downloads.lesson_files(ENV, {f"theory/{path.name}": path.read_bytes()}, SLUGS)
    target = f"downloads/lessons/{path.stem}.ipynb"
    assert set(out) == {f"theory/{path.name}", target}
    assert out[target].decode() == lesson(path)
    button = f"[:material-download: Download notebook](../{target})"
    assert button in out[f"theory/{path.name}"].decode()


def custom_preset(tmp_path, name="mine.toml"):
    from tests.test_catalogue import GOOD

    path = tmp_path / name
    path.write_text(GOOD)
    return gallery.preset("my-cell", [path])


def test_a_custom_presets_notebook_and_script_load_its_catalogue_file(tmp_path):
    preset = custom_preset(tmp_path)
    assert notebooks.own_catalogue(preset) == "mine.toml"
    assert notebooks.own_catalogue(gallery.preset("tonic-spiking")) is None
    code = "\n".join(sources(preset_notebook(preset), "code"))
    assert 'preset = gallery.preset("my-cell", [Path("mine.toml")])' in code
    script = pages.script(ENV, preset)
    assert 'gallery.preset("my-cell", [Path(__file__).with_name("mine.toml")])' in script
    shipped = {"downloads/mine.toml": (tmp_path / "mine.toml").read_bytes()}
    assert downloads.catalogue_files([preset]) == shipped


def test_two_catalogue_files_of_one_name_are_a_build_error(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first = custom_preset(tmp_path / "a")
    second = gallery.with_parameters(custom_preset(tmp_path / "b"), d=2.0)
    with pytest.raises(BuildError, match="have the same name 'mine.toml'"):
        downloads.catalogue_files([first, second])


def test_the_bundles_hold_every_notebook_and_script_with_the_catalogues(tmp_path):
    presets = [gallery.preset("tonic-spiking"), custom_preset(tmp_path)]
    files = {}
    for preset in presets:
        files[f"downloads/{preset.slug}.ipynb"] = preset_notebook(preset).encode()
        files[f"downloads/{preset.slug}.py"] = pages.script(ENV, preset).encode()
    files["downloads/lessons/model.ipynb"] = b"{}"
    made = downloads.bundles(files, presets)
    assert made == downloads.bundles(files, presets)  # deterministic bytes
    with zipfile.ZipFile(BytesIO(made["downloads/izhikevich-notebooks.zip"])) as z:
        assert z.namelist() == [
            "izhikevich-notebooks/lessons/model.ipynb", "izhikevich-notebooks/mine.toml",
            "izhikevich-notebooks/my-cell.ipynb", "izhikevich-notebooks/tonic-spiking.ipynb",
        ]  # fmt: skip
        json.loads(z.read("izhikevich-notebooks/my-cell.ipynb"))
    with zipfile.ZipFile(BytesIO(made["downloads/izhikevich-scripts.zip"])) as z:
        assert sorted(z.namelist()) == [
            "izhikevich-scripts/mine.toml", "izhikevich-scripts/my-cell.py",
            "izhikevich-scripts/tonic-spiking.py",
        ]  # fmt: skip


def test_lesson_notebooks_are_cached_and_remade_when_a_lesson_changes(tmp_path):
    path = LESSONS[0]
    files = {f"theory/{path.name}": path.read_bytes()}
    first = downloads.lesson_files(ENV, files, SLUGS, tmp_path)
    assert (tmp_path / "_lessons.pickle").exists()
    assert downloads.lesson_files(ENV, files, SLUGS, tmp_path) == first
    changed = {f"theory/{path.name}": path.read_bytes() + b"\nA new closing line.\n"}
    again = downloads.lesson_files(ENV, changed, SLUGS, tmp_path)
    notebook = again[f"downloads/lessons/{path.stem}.ipynb"].decode()
    assert "A new closing line." in notebook


def test_a_preset_whose_notebook_cannot_be_made_fails_the_build_naming_it(tmp_path):
    from gallery.pipeline import compute

    broken = pages.environment(tmp_path)  # no templates at all
    preset = gallery.preset("tonic-spiking")
    with pytest.raises(BuildError, match=r"^notebook of preset 'tonic-spiking': template: "):
        compute.preset_notebook_bytes(broken, preset, gallery.simulate(preset))


def test_two_lessons_of_one_name_are_a_build_error():
    files = {"theory/x.md": b"# X\n", "lessons/x.md": b"# Y\n"}
    with pytest.raises(BuildError, match="theory/x.md: another lesson's notebook is already"):
        downloads.lesson_files(ENV, files, SLUGS)
