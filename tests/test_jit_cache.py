"""The on-disk numba cache is dropped when any source of the kernels' package changes."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from gallery.model.schemes import jit_cache

CALLEE = "from numba import njit\n\n@njit(cache=True)\ndef term(x):\n    return x + {offset}\n"
CALLER = textwrap.dedent(
    """
    from pathlib import Path
    from numba import njit
    from kernels import callee, jit_cache
    from kernels.callee import term

    @njit(cache=True)
    def run(x):
        return term(x) * 2.0

    import kernels.caller as me
    jit_cache.refresh(Path(__file__).parent, (callee, me))
    """
)


def make_package(root: Path, offset: float) -> None:
    package = root / "kernels"
    package.mkdir(exist_ok=True)
    (package / "__init__.py").write_text("")
    (package / "jit_cache.py").write_text(Path(jit_cache.__file__).read_text())
    (package / "callee.py").write_text(CALLEE.format(offset=offset))
    (package / "caller.py").write_text(CALLER)


def run_kernel(root: Path) -> str:
    code = "from kernels.caller import run; print(run(1.0))"
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def test_an_edited_callee_is_recompiled_not_loaded_stale(tmp_path):
    make_package(tmp_path, 1.0)
    assert run_kernel(tmp_path) == "4.0"
    assert list((tmp_path / "kernels" / "__pycache__").glob("caller.run-*.nbi"))
    assert run_kernel(tmp_path) == "4.0"  # from the cache
    # the caller's file is untouched, so numba alone would load its stale machine code (4.0)
    (tmp_path / "kernels" / "callee.py").write_text(CALLEE.format(offset=10.0))
    assert run_kernel(tmp_path) == "22.0"


def test_a_matching_stamp_keeps_the_cache(tmp_path):
    (tmp_path / "k.nbi").write_bytes(b"index")
    assert jit_cache.drop_stale(tmp_path, "abc") is True
    assert not (tmp_path / "k.nbi").exists()
    (tmp_path / "k.nbi").write_bytes(b"index")
    assert jit_cache.drop_stale(tmp_path, "abc") is False
    assert (tmp_path / "k.nbi").exists()
    assert jit_cache.drop_stale(tmp_path, "abd") is True


def test_the_digest_sees_every_source_file(tmp_path):
    (tmp_path / "a.py").write_text("x = 1\n")
    before = jit_cache.sources_digest(tmp_path)
    (tmp_path / "b.py").write_text("y = 2\n")
    after = jit_cache.sources_digest(tmp_path)
    assert before != after
    (tmp_path / "notes.txt").write_text("not a source")
    assert jit_cache.sources_digest(tmp_path) == after
