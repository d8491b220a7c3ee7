"""The README's preset file format example loads and simulates verbatim (as an instructor
copies it), and the worked course example it points to is in the repository."""

import re
from pathlib import Path

import pytest

import gallery
from gallery.model.catalogue import load

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def readme_toml() -> str:
    """The first ```toml block of the README's section on adding a neuron type."""
    section = README.split("## Adding a neuron type", 1)[1].split("\n## ", 1)[0]
    (block, *_) = re.findall(r"```toml\n(.*?)```", section, re.S)
    return block


def test_the_readme_preset_file_loads_verbatim(tmp_path):
    text = readme_toml()
    assert 'doi = ""' in text
    assert 'script = ""' in text
    path = tmp_path / "my-cells.toml"
    path.write_text(text)
    preset = load([path]).get("my-burster")
    assert preset.source.doi == ""
    assert preset.source.script == ""
    (run,) = gallery.simulate(preset)
    assert run.spike_times_ms.size > 0


def test_an_empty_required_text_is_still_refused(tmp_path):
    from gallery.model.catalogue import CatalogueError

    path = tmp_path / "bad.toml"
    path.write_text(readme_toml().replace('paper = "Your reference"', 'paper = ""'))
    with pytest.raises(CatalogueError) as caught:
        load([path])
    assert list(caught.value.problems) == [
        f"{path}: preset #1 'my-burster': key 'source.paper': must not be empty"
    ]


def test_the_readme_course_example_exists():
    for name in ("nav.yml", "index.md", "lesson-reset.md", "my-cells.toml"):
        assert (ROOT / "examples" / "course" / name).is_file(), name
    lesson = (ROOT / "examples" / "course" / "lesson-reset.md").read_text()
    assert lesson.count("```izhikevich") == 2
    assert "--content examples/course" in README
