"""``build.py --serve``: serve ``build/site`` on localhost and rebuild when a source changes.

Stage: pipeline (imports the build). Watches ``site_src/``, ``mkdocs.yml``, the catalogue files,
the instructor's folder and the package. A change re-runs the build's first phases (the cache
keeps the simulations) and hands the docs to the warm in-process mkdocs of ``live``, which
re-renders only the changed pages when it can. Open pages wait on ``/__build_state`` (a long
poll): they reload as soon as a build lands, and show a failed build's error over the page
until the next good one. The script is injected into HTML as it is served, never into the
built site.
"""

from __future__ import annotations

import functools
import hashlib
import http.server
import json
import threading
import time
import urllib.parse
from collections.abc import Callable
from pathlib import Path

from gallery.pipeline.build import Prepared, prepare
from gallery.pipeline.cache import PACKAGE
from gallery.pipeline.config import BuildConfig, BuildError, BuildPaths
from gallery.pipeline.course import name_sources
from gallery.pipeline.live import LiveSite

LONG_POLL_S = 20.0  # an open page's request waits this long for a build before asking again


def reload_script(root: Path, build: str) -> bytes:
    """The ``<script>`` injected into served pages (``site_src/serve/live-reload.js``)."""
    code = (root / "site_src" / "serve" / "live-reload.js").read_bytes()
    return b'<script data-build="' + build.encode() + b'">' + code + b"</script>"


def watched_files(config: BuildConfig) -> list[Path]:
    """Every file whose change should trigger a rebuild, and the folders that hold them.

    A folder's time moves when a file is added, removed or renamed in it, so polling these
    paths' times alone sees every change; the list is made again only after one.
    """
    roots = [config.root / "site_src", PACKAGE, config.root / "mkdocs.yml"]
    roots += [config.content_dir] if config.content_dir else []
    files = [*config.presets_files]
    for root in roots:
        if root.is_file():
            files.append(root)
        elif root.exists():
            files += [root, *(p for p in root.rglob("*") if "__pycache__" not in p.parts)]
    return sorted(files)


def snapshot(files: list[Path]) -> dict[Path, tuple[float, int]]:
    """Modification times and sizes (missing files count as changes)."""
    out = {}
    for path in files:
        try:
            stat = path.stat()
            out[path] = (stat.st_mtime, stat.st_size)
        except OSError:
            out[path] = (-1.0, -1)
    return out


class BuildState:
    """The served build: its id, the last attempt's error, and a version for long polls."""

    def __init__(self) -> None:
        self.version = 0
        self.build = "none"
        self.error: str | None = None
        self.changed = threading.Condition()

    def set(self, build: str | None, error: str | None) -> None:
        """Record one build attempt (``build`` None: the served site did not change)."""
        with self.changed:
            self.version += 1
            self.build = build or self.build
            self.error = error
            self.changed.notify_all()

    def wait(self, version: str, timeout: float) -> dict:
        """The state once its version is not ``version`` (or after ``timeout``)."""
        with self.changed:
            self.changed.wait_for(lambda: str(self.version) != version, timeout)
            return {"version": self.version, "build": self.build, "error": self.error}


class _Handler(http.server.SimpleHTTPRequestHandler):
    state: BuildState
    root: Path

    def do_GET(self) -> None:
        url = urllib.parse.urlsplit(self.path)
        if url.path == "/__build_id":
            return self._send(self.state.build.encode(), "text/plain")
        if url.path == "/__build_state":
            version = urllib.parse.parse_qs(url.query).get("version", [""])[0]
            body = json.dumps(self.state.wait(version, LONG_POLL_S)).encode()
            return self._send(body, "application/json")
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        # embeds keep their strict CSP (no inline script): they are not reloaded
        if path.suffix == ".html" and path.is_file() and "embed" not in path.parent.parts[-1:]:
            script = reload_script(self.root, self.state.build)
            body = path.read_bytes().replace(b"</body>", script + b"</body>")
            return self._send(body, "text/html; charset=utf-8")
        return super().do_GET()

    def _send(self, body: bytes, kind: str) -> None:
        try:
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # a page that reloaded dropped its waiting request: nothing to answer

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


class _Rebuilder:
    """One build attempt per change: prepare, hand the docs to the live site, record it."""

    def __init__(self, config: BuildConfig, state: BuildState) -> None:
        self.config = config
        self.state = state
        self.live = LiveSite(config)
        self.last: Prepared | None = None
        self.digest = ""

    def __call__(self, report: Callable[[str], None]) -> None:
        start = time.perf_counter()
        try:
            vendored = self.last.vendored if self.last else None
            ready = prepare(self.config, report, vendored=vendored)
            self.last = ready
            if ready.digest == self.digest:
                self.state.set(None, None)
                print("no change to the site", flush=True)
                return
            # the site is about to differ from the stamp of the last normal build
            (BuildPaths(self.config.root, self.config.out_dir).cache / "site.digest").unlink(
                missing_ok=True
            )
            try:
                what = self.live.update(ready.docs, ready.nav, ready.config_key)
            except BuildError as error:
                raise name_sources(error, ready.course) from None
            self.digest = ready.digest
        except BuildError as error:
            lines = error.lines()
            print("\n".join(lines) + "\n(still serving the last good site)", flush=True)
            self.state.set(None, "\n".join(lines))
            return
        self.state.set(hashlib.sha256(ready.digest.encode()).hexdigest()[:16], None)
        seconds = time.perf_counter() - start
        print(f"rebuilt in {seconds:.2f} s: {what}", flush=True)
        for artifacts in ready.artifacts:
            for warning in artifacts.warnings:
                print(f"warning: {warning}")


def serve(
    config: BuildConfig,
    host: str = "127.0.0.1",
    port: int = 8000,
    *,
    stop: threading.Event | None = None,
    started: Callable[[str], None] | None = None,
    poll_s: float = 0.1,
    report: Callable[[str], None] = lambda _: None,
) -> int:
    """Build, then serve until interrupted (or ``stop`` is set), rebuilding on change.

    ``started`` receives the server's URL once it listens (tests use port 0 and read it).
    """
    stop = stop or threading.Event()
    state = BuildState()
    rebuild = _Rebuilder(config, state)
    seen = snapshot(watched_files(config))  # before the build: an edit during it is seen
    rebuild(report)
    site = config.out_dir / "site"
    site.mkdir(parents=True, exist_ok=True)
    handler = functools.partial(
        type("Handler", (_Handler,), {"state": state, "root": config.root}), directory=str(site)
    )
    server = http.server.ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://{host}:{server.server_port}/"
    print(f"serving {url} (Ctrl-C to stop)", flush=True)
    if started is not None:
        started(url)
    files = watched_files(config)
    try:
        while not stop.wait(poll_s):
            if snapshot(files) != seen:  # stat only: a few ms at most, so poll often
                files = watched_files(config)
                seen = snapshot(files)
                rebuild(lambda _: None)
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
        server.server_close()
        rebuild.live.close()
    return 0
