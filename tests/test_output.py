"""gallery.pipeline.output: atomic writes keep the permissions a plain write would give."""

from __future__ import annotations

import os
import stat

from gallery.pipeline.output import write_file


def test_write_file_gives_the_mode_of_a_plain_write(tmp_path):
    previous = os.umask(0o022)  # the usual umask, whatever the test runner's
    try:
        plain = tmp_path / "plain.html"
        plain.write_bytes(b"x")
        atomic = tmp_path / "sub" / "atomic.html"
        write_file(atomic, b"<p>page</p>")
    finally:
        os.umask(previous)
    assert atomic.read_bytes() == b"<p>page</p>"
    # others may read a page the build rewrote (a web server running as another user)
    assert stat.S_IMODE(atomic.stat().st_mode) == stat.S_IMODE(plain.stat().st_mode)
    assert stat.S_IMODE(atomic.stat().st_mode) & stat.S_IROTH


def test_write_file_replaces_and_leaves_no_scratch(tmp_path):
    target = tmp_path / "page.html"
    write_file(target, b"old")
    write_file(target, b"new")
    assert target.read_bytes() == b"new"
    assert os.listdir(tmp_path) == ["page.html"]
