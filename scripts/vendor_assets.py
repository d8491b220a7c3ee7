"""Copy the pinned front-end libraries (KaTeX, uPlot) from npm into a docs folder.

Usage: ``python scripts/vendor_assets.py DOCS_DIR`` (run from anywhere; paths are resolved from
this file). The site must work offline and from ``file://``, so every file a page loads ships
inside it: this script installs the exact versions locked in ``package-lock.json`` with
``npm ci`` (only when ``node_modules`` is missing or was installed from a different lock file)
and copies the few files the site needs into ``DOCS_DIR/vendor/``:

- ``vendor/katex/``: ``katex.min.css`` (rewritten to reference only the woff2 fonts, shown
  with ``font-display: optional``),
  ``fonts/*.woff2`` and ``LICENSE`` (the math is typeset at build time: no KaTeX JavaScript);
- ``vendor/uplot/``: ``uPlot.iife.min.js``, ``uPlot.min.css`` and ``LICENSE``;
- ``vendor/iframe-worker/``: ``shim.js`` (search from ``file://``) and ``LICENSE``.

The output is byte-deterministic: the same lock file gives the same tree. Any problem (npm
missing, ``npm ci`` failing, an expected file absent) is reported on stderr with exit status 1.
"""

from __future__ import annotations

import fcntl
import hashlib
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LOCK_FILE = "package-lock.json"
STAMP = ".izh-vendor-stamp"  # inside node_modules: the sha256 of the lock it was installed from
NPM_CI = ["ci", "--ignore-scripts", "--no-audit", "--no-fund"]

# (source under node_modules, target under DOCS_DIR/vendor), copied byte for byte
PLAIN_FILES = (
    ("katex/LICENSE", "katex/LICENSE"),
    ("uplot/dist/uPlot.iife.min.js", "uplot/uPlot.iife.min.js"),
    ("uplot/dist/uPlot.min.css", "uplot/uPlot.min.css"),
    ("uplot/LICENSE", "uplot/LICENSE"),
    # the Web Worker shim that lets Material's search run from file:// (offline course pack)
    ("iframe-worker/shim/index.js", "iframe-worker/shim.js"),
    ("iframe-worker/LICENSE", "iframe-worker/LICENSE"),
)
KATEX_CSS = ("katex/dist/katex.min.css", "katex/katex.min.css")
KATEX_FONTS = ("katex/dist/fonts", "katex/fonts")
# replaced as a whole under DOCS_DIR/vendor on every run
OWNED_DIRS = ("katex", "uplot", "iframe-worker")

_SRC_DECL = re.compile(r"src:([^;}]*)")
_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)")
# A trailing source-map comment makes dev tools fetch a .map file we do not ship.
_SOURCE_MAP = re.compile(rb"\n?(?://[#@]|/\*[#@]) sourceMappingURL=[^\n]*?(?:\*/)?[ \t]*(?=\n|$)")


class VendorError(Exception):
    """A problem that stops vendoring, with a message meant for the person running the build."""


def lock_digest(root: Path) -> str:
    """Return the sha256 of ``package-lock.json``.

    Parameters
    ----------
    root : Path
        The repository root.

    Returns
    -------
    str
        The hex digest.

    Raises
    ------
    VendorError
        If the lock file is missing.
    """
    lock = root / LOCK_FILE
    if not lock.is_file():
        raise VendorError(f"{lock} is missing; it pins the KaTeX and uPlot versions")
    return hashlib.sha256(lock.read_bytes()).hexdigest()


def needs_install(root: Path) -> bool:
    """Tell whether ``node_modules`` is missing or was installed from another lock file.

    Parameters
    ----------
    root : Path
        The repository root.

    Returns
    -------
    bool
        True when ``npm ci`` must run.
    """
    stamp = root / "node_modules" / STAMP
    if not stamp.is_file():
        return True
    return stamp.read_text(encoding="utf-8").strip() != lock_digest(root)


def npm_ci(root: Path) -> None:
    """Install the locked packages with ``npm ci`` and stamp ``node_modules``.

    Parameters
    ----------
    root : Path
        The repository root (holds ``package.json`` and ``package-lock.json``).

    Raises
    ------
    VendorError
        If npm is not on the PATH or ``npm ci`` fails.
    """
    digest = lock_digest(root)
    npm = shutil.which("npm")
    if npm is None:
        raise VendorError(
            "npm was not found on the PATH; install Node.js 20 or newer (it provides npm), "
            "which is needed once to fetch KaTeX and uPlot into node_modules"
        )
    result = subprocess.run(
        [npm, *NPM_CI], cwd=root, capture_output=True, text=True, check=False
    )  # fmt: skip
    if result.returncode != 0:
        output = (result.stderr.strip() or result.stdout.strip())[-4000:]
        raise VendorError(f"`npm {' '.join(NPM_CI)}` failed in {root}:\n{output}")
    (root / "node_modules" / STAMP).write_text(digest + "\n", encoding="utf-8")


def strip_source_map(data: bytes) -> bytes:
    """Remove ``sourceMappingURL`` comments (the ``.map`` files are not shipped).

    Parameters
    ----------
    data : bytes
        A JavaScript or CSS file.

    Returns
    -------
    bytes
        The same file without source-map comments.
    """
    return _SOURCE_MAP.sub(b"", data)


def woff2_only(css: str) -> str:
    """Keep only the woff2 sources of every ``@font-face`` in KaTeX's stylesheet.

    KaTeX lists woff2, woff and ttf for each font; only the woff2 files are shipped (every
    browser the site targets reads them), so the fallbacks would point at missing files.

    Parameters
    ----------
    css : str
        The original ``katex.min.css``.

    Returns
    -------
    str
        The stylesheet whose ``src`` declarations name woff2 files only.

    Raises
    ------
    VendorError
        If a ``src`` declaration has no woff2 source.
    """

    def keep(match: re.Match[str]) -> str:
        sources = [s.strip() for s in re.split(r",(?=\s*url\()", match.group(1))]
        kept = [s for s in sources if (url := _URL.search(s)) and url.group(1).endswith(".woff2")]
        if not kept:
            raise VendorError(f"katex.min.css: no woff2 source in `src:{match.group(1)}`")
        return "src:" + ",".join(kept)

    return _SRC_DECL.sub(keep, css)


def font_display_optional(css: str) -> str:
    """Give every ``@font-face`` of KaTeX's stylesheet ``font-display: optional``.

    KaTeX asks for ``block``: the math is laid out in a fallback font while its woff2 files
    load, and laid out again when they arrive, narrower or wider, so the lines around it
    re-wrap. On a slow phone that moved the home page's text and poster by a line after the
    first paint (Lighthouse's layout shift 0.28). ``optional`` keeps whichever font is there
    within the first ~100 ms for the page's life: no re-layout; the fonts, fetched anyway,
    serve the next page from the cache.

    Raises
    ------
    VendorError
        If a ``@font-face`` declares no ``font-display`` to replace (KaTeX changed).
    """
    faces = re.findall(r"@font-face\{[^}]*\}", css)
    if not faces or any("font-display:" not in face for face in faces):
        raise VendorError("katex.min.css: an @font-face without font-display")
    return re.sub(r"(@font-face\{[^}]*?)font-display:\s*\w+", r"\1font-display:optional", css)


def css_urls(css: str) -> list[str]:
    """List the ``url(...)`` references of a stylesheet, in order.

    Parameters
    ----------
    css : str
        A stylesheet.

    Returns
    -------
    list of str
        The referenced URLs, without quotes.
    """
    return _URL.findall(css)


def _source(modules: Path, relative: str) -> Path:
    path = modules / relative
    if not path.is_file():
        raise VendorError(
            f"{path} is missing; delete node_modules and rerun, or check the versions pinned "
            "in package.json"
        )
    return path


def _write(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)


def copy_assets(modules: Path, vendor: Path) -> list[Path]:
    """Copy the site's KaTeX and uPlot files from ``node_modules`` into ``vendor``.

    Parameters
    ----------
    modules : Path
        The ``node_modules`` folder.
    vendor : Path
        ``DOCS_DIR/vendor``; its ``katex`` and ``uplot`` folders are replaced.

    Returns
    -------
    list of Path
        The files written, sorted.

    Raises
    ------
    VendorError
        If an expected file is absent, or the rewritten stylesheet names a font not copied.
    """
    fonts_dir = modules / KATEX_FONTS[0]
    fonts = sorted(fonts_dir.glob("*.woff2")) if fonts_dir.is_dir() else []
    if not fonts:
        raise VendorError(f"{fonts_dir} holds no .woff2 fonts; delete node_modules and rerun")
    # Read everything first, so a missing file leaves the docs folder untouched.
    outputs: dict[str, bytes] = {}
    for source, target in PLAIN_FILES:
        data = _source(modules, source).read_bytes()
        outputs[target] = strip_source_map(data) if source.endswith((".js", ".css")) else data
    for font in fonts:
        outputs[f"{KATEX_FONTS[1]}/{font.name}"] = font.read_bytes()
    css = woff2_only(_source(modules, KATEX_CSS[0]).read_text(encoding="utf-8"))
    css = font_display_optional(css)
    css_dir = Path(KATEX_CSS[1]).parent
    for url in css_urls(css):
        if (css_dir / url).as_posix() not in outputs:
            raise VendorError(f"katex.min.css references {url}, which is not shipped")
    outputs[KATEX_CSS[1]] = strip_source_map(css.encode("utf-8"))

    for name in OWNED_DIRS:
        shutil.rmtree(vendor / name, ignore_errors=True)
    for target, data in sorted(outputs.items()):
        _write(vendor / target, data)
    return sorted(vendor / target for target in outputs)


@contextmanager
def _exclusive(root: Path) -> Iterator[None]:
    # Parallel builds share node_modules: one `npm ci` at a time, and no copy during it.
    tag = hashlib.sha256(str(root).encode()).hexdigest()[:16]
    path = Path(tempfile.gettempdir()) / f"izh-vendor-{tag}.lock"
    with path.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def vendor(docs: Path, root: Path = ROOT) -> list[Path]:
    """Install the locked packages if needed, then fill ``docs/vendor``.

    Parameters
    ----------
    docs : Path
        The docs folder MkDocs builds from.
    root : Path, optional
        The repository root holding ``package.json`` and ``package-lock.json``.

    Returns
    -------
    list of Path
        The files written, sorted.

    Raises
    ------
    VendorError
        On any problem, with a message naming it.
    """
    if not docs.is_dir():
        raise VendorError(f"docs folder {docs} does not exist")
    with _exclusive(root):
        if needs_install(root):
            npm_ci(root)
        return copy_assets(root / "node_modules", docs / "vendor")


def main(argv: list[str]) -> int:
    """Run the command line: ``vendor_assets.py DOCS_DIR``.

    Parameters
    ----------
    argv : list of str
        The arguments after the program name.

    Returns
    -------
    int
        The exit status: 0 on success, 1 on a vendoring problem, 2 on bad usage.
    """
    if len(argv) != 1:
        print("usage: python scripts/vendor_assets.py DOCS_DIR", file=sys.stderr)
        return 2
    try:
        vendor(Path(argv[0]).resolve())
    except (VendorError, OSError) as error:
        print(f"vendor_assets: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
