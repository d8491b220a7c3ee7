"""A non-editable install: ``pip wheel .``, that wheel into a fresh venv, then the package and
the CLI from another folder.

The wheel is built as a user's ``pip wheel .`` builds it (in pip's isolated build
environment) from a copy of the checkout, so the build writes nothing into the checkout. The
fresh venv sees the running interpreter's site-packages through a ``.pth`` line, so pip finds
the declared dependencies already installed instead of downloading about 150 MB on every run
(``scripts/test.sh`` installs that same list from PyPI). A ``.pth`` path line is not a site
dir: the editable install's finder in there is never run, and ``gallery`` is imported from the
venv, which each test checks. What this catches is a file the package needs but the wheel
does not ship, or a path computed from ``__file__`` that only exists in a checkout.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

import gallery

ROOT = Path(__file__).resolve().parents[1]
HANG_S = 600  # bounds a hang only: the install takes seconds, more on a busy machine
SHIPPED = ("pyproject.toml", "README.md")  # with gallery/: everything the build reads


@pytest.fixture(scope="module")
def venv(tmp_path_factory) -> Path:
    """The python of a fresh venv with the package installed from a wheel."""
    base = tmp_path_factory.mktemp("install")
    source = base / "source"
    shutil.copytree(ROOT / "gallery", source / "gallery",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))  # fmt: skip
    for name in SHIPPED:
        shutil.copy2(ROOT / name, source / name)
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(base / "venv")],
                   check=True, timeout=HANG_S)  # fmt: skip
    python = base / "venv" / "bin" / "python"
    probe = "import sysconfig; print(sysconfig.get_path('purelib'))"
    purelib = subprocess.run([python, "-c", probe], capture_output=True, text=True, check=True,
                             timeout=HANG_S)  # fmt: skip
    deps = sysconfig.get_path("purelib")  # the dependencies of the interpreter running the suite
    (Path(purelib.stdout.strip()) / "gallery-test-deps.pth").write_text(deps + "\n")
    wheel = build_wheel(source, base / "wheelhouse")
    result = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-input",
         "--disable-pip-version-check", str(wheel)],
        capture_output=True, text=True, timeout=HANG_S, env=_env(),
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    return python


def build_wheel(source: Path, wheelhouse: Path) -> Path:
    """``pip wheel .`` in ``source``: the one wheel of the package, built in isolation."""
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-input",
         "--disable-pip-version-check", "--wheel-dir", str(wheelhouse), "."],
        cwd=source, capture_output=True, text=True, timeout=HANG_S, env=_env(),
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    (wheel,) = wheelhouse.glob("*.whl")
    assert wheel.name.startswith("izhikevich_gallery-0.1.0-py3-none-any")
    return wheel


def _env() -> dict[str, str]:
    """This process's environment without anything that would put the checkout on sys.path."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    return env | {"PYTHONNOUSERSITE": "1", "MPLBACKEND": "Agg"}


def run_installed(python: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess:
    result = subprocess.run([python, *args], cwd=cwd, env=_env(), capture_output=True,
                            text=True, timeout=HANG_S)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result


def test_gallery_is_imported_from_the_venv_not_the_checkout(venv, tmp_path):
    probe = "import gallery, json, sys; print(json.dumps([gallery.__file__, sys.path]))"
    where, path = json.loads(run_installed(venv, tmp_path, "-c", probe).stdout)
    assert Path(where).is_relative_to(venv.parents[1])
    assert str(ROOT) not in path  # only the empty cwd ("") and the venv's own folders


def test_installed_cli_simulates_like_the_checkout(venv, tmp_path):
    data = json.loads(
        run_installed(venv, tmp_path, "-m", "gallery", "simulate", "tonic-spiking").stdout
    )
    expected = gallery.simulate(gallery.preset("tonic-spiking"))
    assert [run["spike_times_ms"] for run in data["runs"]] == [
        run.spike_times_ms.tolist() for run in expected
    ]


def test_installed_cli_lists_the_shipped_presets(venv, tmp_path):
    lines = run_installed(venv, tmp_path, "-m", "gallery", "list").stdout.splitlines()
    assert [line.split()[0] for line in lines[1:]] == list(gallery.load().slugs)


def test_installed_cli_draws_a_figure_in_the_shipped_style(venv, tmp_path):
    from gallery.render import figures

    args = ("-m", "gallery", "figure", "tonic-spiking", "--kind", "phase", "--out", "x.svg")
    run_installed(venv, tmp_path, *args)
    # byte-equal to the checkout's: the same .mplstyle was found, as package data
    expected = figures.render(gallery.preset("tonic-spiking"), "phase", theme="light", fmt="svg")
    assert (tmp_path / "x.svg").read_bytes() == expected


def test_the_installed_package_simulates_a_custom_catalogue_from_any_folder(venv, tmp_path):
    from tests.test_catalogue import GOOD

    (tmp_path / "cells.toml").write_text(GOOD)
    code = (
        "import gallery; (run,) = gallery.simulate(gallery.preset('my-cell', ['cells.toml']));"
        "print(run.spike_times_ms.tolist())"
    )
    printed = run_installed(venv, tmp_path, "-c", code).stdout
    expected = gallery.simulate(gallery.preset("my-cell", [tmp_path / "cells.toml"]))
    assert printed.strip() == str(expected[0].spike_times_ms.tolist())


def test_the_wheel_ships_every_file_of_the_package(venv):
    def files(package: Path) -> set[str]:
        return {p.relative_to(package).as_posix() for p in package.rglob("*")
                if p.is_file() and "__pycache__" not in p.parts}  # fmt: skip

    installed = Path(sysconfig.get_path("purelib", vars={"base": str(venv.parents[1])}))
    built_from = venv.parents[2] / "source" / "gallery"  # the copy: the checkout may move on
    assert files(installed / "gallery") == files(built_from)
