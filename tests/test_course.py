"""An instructor's folder (``build.py --content DIR``): pages, nav.yml, presets, files, errors.

One build of ``examples/course`` (with two presets) per module, from a root of links to this
checkout whose ``mkdocs.yml`` is a copy a test may edit; other builds reuse its cache.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from gallery.pipeline import BuildConfig, BuildError, compute, run
from gallery.pipeline.build import prepare
from gallery.pipeline.course import load_course

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "course"
ONLY = ("tonic-spiking", "course-burster")
ENV = os.environ | {"MPLBACKEND": "Agg", "NO_MKDOCS_2_WARNING": "1"}


def make_root(folder: Path) -> Path:
    """A project root of links to this checkout, with its own copy of ``mkdocs.yml``."""
    folder.mkdir()
    for name in ("site_src", "scripts", "node_modules", "package.json", "package-lock.json"):
        if (ROOT / name).exists():
            (folder / name).symlink_to(ROOT / name)
    shutil.copy(ROOT / "mkdocs.yml", folder / "mkdocs.yml")
    shutil.copy(ROOT / "build.py", folder / "build.py")  # a copy: its root is this folder
    return folder


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    """The example course built once: (root, content folder, out folder)."""
    top = tmp_path_factory.mktemp("course")
    root = make_root(top / "root")
    content = top / "content"
    shutil.copytree(EXAMPLE, content)
    out = top / "out"
    run(BuildConfig(root=root, out_dir=out, jobs=2, only=ONLY, content_dir=content))
    return root, content, out


def config_from(base, out: Path, **kwargs) -> BuildConfig:
    """A config on the module's root and content, its out folder seeded with the cache."""
    root, content, built = base
    if not out.exists():
        shutil.copytree(built / "cache", out / "cache")
    kwargs = {"only": ONLY, "content_dir": content} | kwargs
    return BuildConfig(root=root, out_dir=out, jobs=1, **kwargs)


def test_the_course_is_a_section_of_the_nav_in_nav_yml_order(base):
    root, content, out = base
    ready = prepare(config_from(base, out))
    assert [next(iter(e)) if isinstance(e, dict) else e for e in ready.nav][:3] == [
        "Home", "Course", "Gallery",
    ]  # fmt: skip
    assert ready.nav[1]["Course"] == [
        "course/index.md",
        {"Lesson 1: the reset sets the rhythm": "course/lesson-reset.md"},
        {"Further reading": "course/reading.md"},
    ]
    site = out / "site"
    lesson = (site / "course" / "lesson-reset" / "index.html").read_text()
    titles = re.findall(r'<span class="md-ellipsis">\s*([^<]+?)\s*</span>', lesson)
    course = titles[titles.index("Course") :]
    # the index page is the section's own link (navigation.indexes); then nav.yml's order
    assert course.index("Lesson 1: the reset sets the rhythm") < course.index("Further reading")
    assert (
        "<title>Spiking neurons, one lesson at a time"
        in (site / "course" / "index.html").read_text()
    )
    # the files beside the pages are copied; relative links to them and to presets resolve
    assert (site / "course" / "images" / "reset-jump.svg").read_bytes() == (
        content / "images" / "reset-jump.svg"
    ).read_bytes()
    assert (site / "course" / "data" / "burst-spikes.csv").exists()
    assert 'src="../images/reset-jump.svg"' in lesson
    assert 'href="../../presets/course-burster/"' in lesson
    assert (site / "presets" / "course-burster" / "index.html").exists()  # the folder's .toml
    assert not (site / "course" / "nav.yml").exists()
    assert not (site / "course" / "my-cells.toml").exists()


def test_without_nav_yml_titles_come_from_headings_and_file_names(tmp_path):
    (tmp_path / "b-second.md").write_text("Some text first\n\n# Second lesson\n")
    (tmp_path / "a-first.md").write_text("```\n# not a heading\n```\n")
    (tmp_path / "index.md").write_text("# Welcome\n")
    (tmp_path / "week-2").mkdir()
    (tmp_path / "week-2" / "notes.md").write_text("# Notes of week 2\n")
    course = load_course(tmp_path)
    assert course.nav == [
        {"Welcome": "course/index.md"},
        {"A first": "course/a-first.md"},
        {"Second lesson": "course/b-second.md"},
        {"Week 2": [{"Notes of week 2": "course/week-2/notes.md"}]},
    ]
    assert course.sources["course/week-2/notes.md"] == tmp_path / "week-2" / "notes.md"


@pytest.mark.parametrize(
    ("nav", "message"),
    [
        ("- index.md\n- Lesson: missing.md\n", r"nav\.yml: line 2: 'missing\.md' does not exist"),
        ("- index.md\n- index.md\n", r"line 2: 'index\.md' is listed twice \(first on line 1\)"),
        ("index.md: x\n", r"nav\.yml: line 1: expected a list of pages"),
        ("- [index.md\n", r"nav\.yml: line 2: YAML syntax"),
        ("- index.md\n- pic.png\n", r"line 2: 'pic\.png' is not a Markdown page"),
        ("- index.md\n- 3\n- A: 1\n  B: 2\n", r"line 3: each entry is"),
    ],
)
def test_a_bad_nav_yml_names_the_file_and_line(tmp_path, nav, message):
    (tmp_path / "index.md").write_text("# Home of the course\n")
    (tmp_path / "nav.yml").write_text(nav)
    with pytest.raises(BuildError, match=message) as caught:
        load_course(tmp_path)
    lines = caught.value.lines()
    assert all(line.startswith(f"error: content: {tmp_path / 'nav.yml'}: line ") for line in lines)


def test_a_folder_without_pages_or_a_missing_folder_is_an_error(tmp_path):
    with pytest.raises(BuildError, match="is not a folder"):
        load_course(tmp_path / "nowhere")
    (tmp_path / "cells.toml").write_text("")
    with pytest.raises(BuildError, match=r"has no Markdown \(\.md\) pages"):
        load_course(tmp_path)


def test_a_preset_text_edit_re_renders_without_re_simulating(base, tmp_path, monkeypatch):
    root, content, _ = base
    mine = tmp_path / "content"
    shutil.copytree(content, mine)
    config = config_from(base, tmp_path / "out", content_dir=mine)
    run(config)
    calls: list[str] = []
    real = compute.simulate
    monkeypatch.setattr(compute, "simulate", lambda p, **kw: calls.append(p.slug) or real(p, **kw))
    toml = mine / "my-cells.toml"
    toml.write_text(toml.read_text().replace("so it fires in bursts.", "so it bursts: EDITED."))
    summary = run(config)
    assert calls == []  # the summary is text: the stored runs are reused
    assert summary.recomputed == 1
    page = (tmp_path / "out" / "site" / "presets" / "course-burster" / "index.html").read_text()
    assert "so it bursts: EDITED." in page
    toml.write_text(toml.read_text().replace("d = 2\n", "d = 3\n"))
    run(config)
    assert calls == ["course-burster"]  # a parameter is not text: simulated again


def test_an_edit_to_mkdocs_yml_rebuilds_the_site(base, tmp_path):
    root = base[0]
    config = config_from(base, tmp_path / "out")
    run(config)
    assert run(config).up_to_date
    original = (root / "mkdocs.yml").read_text()
    try:
        (root / "mkdocs.yml").write_text(
            original.replace("site_name: Izhikevich Gallery", "site_name: My Course Site")
        )
        again = run(config)
    finally:
        (root / "mkdocs.yml").write_text(original)
    assert not again.up_to_date
    assert "My Course Site" in (tmp_path / "out" / "site" / "index.html").read_text()


def _build_py(*args: str, root: Path = ROOT) -> subprocess.CompletedProcess:
    command = [sys.executable, str(root / "build.py"), *args]
    return subprocess.run(command, capture_output=True, text=True, env=ENV, cwd=root, timeout=900)


def test_the_build_prints_phase_lines_off_a_terminal_and_says_how_to_view_the_site(base, tmp_path):
    root, content, built = base
    out = tmp_path / "out"
    shutil.copytree(built / "cache", out / "cache")
    result = _build_py(
        "--only", ",".join(ONLY), "--content", str(content), "--out", str(out), root=root
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    phases = [line.split(":")[0] for line in result.stderr.splitlines()]
    for phase in ("course", "load catalogue", "compute", "assemble", "mkdocs", "swap"):
        assert phase in phases, result.stderr
    assert re.search(r"^compute: 0 recomputed, \d+ cached \(\d+\.\d s\)$", result.stderr, re.M)
    assert "\r" not in result.stderr
    assert "\033" not in result.stderr
    last = result.stdout.strip().splitlines()[-1]
    assert last.startswith("view it: python build.py ")
    assert last.count("--serve") == 1
    assert f"--content {content}" in last
    assert f"built {out / 'site'}" in result.stdout


@pytest.mark.parametrize(
    ("args", "first"),
    [
        (["--only", "tonic-spikng"], "error: select presets: unknown slug 'tonic-spikng'"),
        (["--content", "no-such-folder"], "error: content: "),
    ],
)
def test_a_failed_build_exits_2_with_error_lines(tmp_path, args, first):
    result = _build_py(*args, "--out", str(tmp_path / "out"))
    assert result.returncode == 2
    assert result.stderr.splitlines()[0].startswith(first), result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out" / "site").exists()


def test_a_bad_catalogue_gives_one_error_line_per_problem(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("[[preset]]\nslug = 'x'\n")
    result = _build_py("--presets", str(bad), "--out", str(tmp_path / "out"))
    assert result.returncode == 2
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) > 5
    assert all(line.startswith(f"error: load catalogue: {bad}: ") for line in errors)


def test_serve_reloads_edits_and_shows_a_failed_build_over_the_page(base, tmp_path):
    """Under --serve: a page edit, a preset's text edit and an mkdocs.yml edit reach the open
    page; a bad save shows its error over it, and the next good save takes it away."""
    sync_api = pytest.importorskip("playwright.sync_api")
    from gallery.pipeline.serve import serve
    from tests.browsers import CHROMIUM, FLAGS

    root = base[0]
    mine = tmp_path / "content"
    shutil.copytree(base[1], mine)
    config = config_from(base, tmp_path / "out", content_dir=mine)
    stop, urls = threading.Event(), []
    thread = threading.Thread(
        target=serve, args=(config, "127.0.0.1", 0),
        kwargs={"stop": stop, "started": urls.append}, daemon=True,
    )  # fmt: skip
    thread.start()
    lesson, toml = mine / "lesson-reset.md", mine / "my-cells.toml"
    original = (root / "mkdocs.yml").read_text()
    try:
        wait_until(lambda: bool(urls), "the server")
        with sync_api.sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
            page = browser.new_page()
            page.set_default_timeout(HANG_S * 1000)
            errors: list[str] = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(urls[0] + "course/lesson-reset/")
            text = lesson.read_text()
            lesson.write_text(text + "\nA sentence added while serving.\n")
            page.get_by_text("A sentence added while serving.").wait_for()

            lesson.write_text(text + "\nSee [a page that is not there](missing.md).\n")
            overlay = page.locator("#ig-build-error")
            overlay.wait_for(state="visible")
            assert "error: mkdocs build --strict failed:" in overlay.inner_text()
            assert "missing.md" in overlay.inner_text()
            assert f"'course/lesson-reset.md' ({lesson})" in overlay.inner_text()  # its file
            assert page.get_by_text("A sentence added while serving.").is_visible()  # last good
            lesson.write_text(text + "\nFixed, and saved again.\n")
            page.get_by_text("Fixed, and saved again.").wait_for()
            assert overlay.count() == 0

            page.goto(urls[0] + "presets/course-burster/")
            toml.write_text(toml.read_text().replace("so it fires in bursts.", "LIVE SUMMARY."))
            page.get_by_text("LIVE SUMMARY.").first.wait_for()

            (root / "mkdocs.yml").write_text(
                original.replace("site_name: Izhikevich Gallery", "site_name: Served Course")
            )
            page.wait_for_function("document.title.includes('Served Course')")
            assert errors == []
            browser.close()
    finally:
        (root / "mkdocs.yml").write_text(original)
        stop.set()
        thread.join(timeout=HANG_S)
    assert not thread.is_alive()


HANG_S = 600  # every wait is on a condition; this only bounds a hang on a busy machine


def wait_until(condition, what: str) -> None:
    deadline = time.monotonic() + HANG_S
    while not condition():
        assert time.monotonic() < deadline, f"still waiting after {HANG_S} s for {what}"
        time.sleep(0.1)


def test_source_paths_name_the_instructors_own_files(tmp_path):
    from gallery.pipeline.assemble import source_paths
    from gallery.pipeline.config import BuildPaths

    (tmp_path / "index.md").write_text("# Course\n")
    course = load_course(tmp_path)
    sources = source_paths(BuildPaths(ROOT, tmp_path / "out"), course)
    assert sources["course/index.md"] == tmp_path / "index.md"
    assert sources["embedding.md"] == ROOT / "site_src" / "docs" / "embedding.md"


def test_port_and_error_lines():
    sys.path.insert(0, str(ROOT))
    import build

    assert build.parse_args(["--serve", "--port", "8123"]).port == 8123
    with pytest.raises(SystemExit):
        build.parse_args(["--port", "70000"])
    assert BuildError("compute: ValueError: x").lines() == ["error: compute: ValueError: x"]
    assert BuildError("load catalogue:\na.toml: one\nb.toml: two").lines() == [
        "error: load catalogue: a.toml: one",
        "error: load catalogue: b.toml: two",
    ]


def test_a_broken_link_in_a_lesson_fails_the_build_naming_the_instructors_file(base, tmp_path):
    mine = tmp_path / "content"
    shutil.copytree(base[1], mine)
    (mine / "reading.md").write_text("# Reading\n\nSee [the missing page](missing.md).\n")
    with pytest.raises(BuildError) as caught:
        run(config_from(base, tmp_path / "out", content_dir=mine))
    (line,) = [line for line in caught.value.lines() if "missing.md" in line]
    assert f"'course/reading.md' ({mine / 'reading.md'})" in line
    assert not (tmp_path / "out" / "site").exists()
