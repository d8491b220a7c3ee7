"""``build.py --serve``: serve ``build/site`` on localhost and rebuild when a source changes.

Stage: pipeline (imports the build). Watches ``site_src/``, the catalogue files and the package;
on a change it re-runs the incremental build and the open pages reload themselves. The reload
script is injected into HTML as it is served, never into the built site.
"""

from __future__ import annotations

import functools
import http.server
import threading
import time
from collections.abc import Callable
from pathlib import Path

from gallery.pipeline.build import run
from gallery.pipeline.cache import PACKAGE
from gallery.pipeline.config import BuildConfig, BuildError

RELOAD_SCRIPT = b"""<script>(function(){var id=null;setInterval(function(){
fetch('/__build_id').then(function(r){return r.text();}).then(function(t){
if(id!==null&&t!==id){location.reload();}id=t;}).catch(function(){});},1000);})();</script>"""


def watched_files(config: BuildConfig) -> list[Path]:
    """Every file whose change should trigger a rebuild."""
    roots = [config.root / "site_src", PACKAGE, config.root / "mkdocs.yml"]
    files = [*config.presets_files]
    for root in roots:
        if root.is_file():
            files.append(root)
        elif root.exists():
            files += [p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    return sorted(files)


def snapshot(files: list[Path]) -> dict[Path, float]:
    """Modification times (missing files count as changes)."""
    return {path: path.stat().st_mtime if path.exists() else -1.0 for path in files}


class _Handler(http.server.SimpleHTTPRequestHandler):
    build_id = "0"

    def do_GET(self) -> None:
        if self.path == "/__build_id":
            body = self.build_id.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        # embeds keep their strict CSP (no inline script): they are not reloaded
        if path.suffix == ".html" and path.is_file() and "embed" not in path.parent.parts[-1:]:
            body = path.read_bytes().replace(b"</body>", RELOAD_SCRIPT + b"</body>")
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().do_GET()

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


def serve(
    config: BuildConfig,
    host: str = "127.0.0.1",
    port: int = 8000,
    *,
    stop: threading.Event | None = None,
    started: Callable[[str], None] | None = None,
    poll_s: float = 1.0,
) -> int:
    """Serve until interrupted (or ``stop`` is set), rebuilding on change.

    ``started`` receives the server's URL once it listens (tests use port 0 and read it).
    """
    stop = stop or threading.Event()
    site = config.out_dir / "site"
    handler = functools.partial(_Handler, directory=str(site))
    server = http.server.ThreadingHTTPServer((host, port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://{host}:{server.server_port}/"
    files = watched_files(config)
    seen = snapshot(files)  # before announcing: a change made right after the start is seen
    print(f"serving {url} (Ctrl-C to stop)")
    if started is not None:
        started(url)
    try:
        while not stop.wait(poll_s):
            files = watched_files(config)
            now = snapshot(files)
            if now == seen:
                continue
            seen = now
            try:
                summary = run(config)
                _Handler.build_id = str(time.time())
                print(
                    f"rebuilt in {summary.seconds:.1f} s ({summary.recomputed} presets recomputed)"
                )
                for warning in summary.warnings:
                    print(f"warning: {warning}")
            except BuildError as error:
                print(f"build failed (still serving the last good site): {error}")
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
        server.server_close()
    return 0
