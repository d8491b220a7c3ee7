"""Writing: the docs folder, the atomic swap of the site, the course pack zip, digests.

Stage: pipeline; with the rest of the pipeline, the only code that writes files.
"""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import tempfile
import zipfile
from pathlib import Path

ZIP_TIME = (2000, 1, 1, 0, 0, 0)


def _file_mode() -> int:
    """The mode a plain ``open()`` gives a new file here: 0o666 less the process's umask."""
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask


def write_tree(files: dict[str, bytes], folder: Path) -> None:
    """Write ``{relative path: bytes}`` under ``folder`` (which must not exist yet)."""
    folder.mkdir(parents=True)
    for relative, data in sorted(files.items()):
        target = folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def write_file(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically: a reader sees the old file or the new one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, scratch = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        # mkstemp makes the file 0600: a web server running as another user (nginx's
        # www-data) would refuse every page the build rewrote in place
        os.fchmod(handle, _file_mode())
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(scratch, path)
    except BaseException:
        Path(scratch).unlink(missing_ok=True)
        raise


def swap_in(new_site: Path, site: Path) -> None:
    """Replace ``site`` with ``new_site`` by renames, so readers never see half a site."""
    old = site.with_name(site.name + ".old")
    if old.exists():
        shutil.rmtree(old)
    if site.exists():
        site.rename(old)
    new_site.rename(site)
    if old.exists():
        shutil.rmtree(old)


def write_zip(folder: Path, target: Path, scratch: Path) -> None:
    """Zip ``folder`` into ``target`` deterministically (sorted, fixed times), atomically.

    The archive holds one top-level folder named like the archive, so it unzips tidily.
    """
    top = target.stem
    with zipfile.ZipFile(scratch, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            info = zipfile.ZipInfo(f"{top}/{path.relative_to(folder).as_posix()}", ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, path.read_bytes())
    target.parent.mkdir(parents=True, exist_ok=True)
    os.replace(scratch, target)


def zip_bytes(files: dict[str, bytes], top: str) -> bytes:
    """``{relative path: bytes}`` as a deterministic zip (sorted, fixed times) under ``top/``."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for relative, data in sorted(files.items()):
            info = zipfile.ZipInfo(f"{top}/{relative}", ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, data)
    return out.getvalue()


def tree_digest(files: dict[str, bytes]) -> str:
    """A hash of a tree given as ``{relative path: bytes}`` (names and bytes)."""
    digest = hashlib.sha256()
    for relative, data in sorted(files.items()):
        digest.update(relative.encode())
        digest.update(data)
    return digest.hexdigest()


def folder_digest(folder: Path) -> str:
    """:func:`tree_digest` of every file under ``folder``."""
    return tree_digest(
        {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    )
