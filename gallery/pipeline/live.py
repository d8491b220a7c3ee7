"""``--serve``'s mkdocs: run in this process and kept warm, so an edited page is rebuilt alone.

Stage: pipeline. A full build here is ``mkdocs build --strict`` step by step (mkdocs 1.6's own
order, pinned), into a staging folder that is swapped in as in a normal build; its config,
files, nav and theme are kept. When the next docs folder differs from the last only in the
bytes of existing files (same files, nav, config), only the changed pages are read, rendered
and written, every page's anchors are checked again and the search index is rewritten: strict
as a full build (a warning fails the update and nothing is written), in a tenth of the time.
Anything else (a page added or removed, a title, the nav, ``mkdocs.yml``) is a full build.
"""

from __future__ import annotations

import logging
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from mkdocs.commands import build as mk
from mkdocs.config import load_config
from mkdocs.structure.files import InclusionLevel, get_files, set_exclusions
from mkdocs.structure.nav import get_navigation
from mkdocs.structure.pages import Page

from gallery.pipeline import output
from gallery.pipeline.config import BuildConfig, BuildError, BuildPaths
from gallery.pipeline.mkdocs import SOURCE_DATE_EPOCH, mkdocs_config
from gallery.pipeline.typeset import typeset_pages, typeset_site


class _Warnings(logging.Handler):
    """Collects mkdocs' warnings and errors: under --strict each one fails the build."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(f"{record.levelname} - {record.getMessage()}")


@dataclass(slots=True)
class _State:
    """What one full build leaves for the next update (mkdocs' objects are mutable)."""

    config: object
    files: object
    nav: object
    env: object
    docs_dir: Path
    docs: dict[str, bytes]
    nav_key: str


class LiveSite:
    """The served site: ``full`` builds and swaps; ``update`` rebuilds only what changed."""

    def __init__(self, config: BuildConfig) -> None:
        self.config = config
        self.paths = BuildPaths(config.root, config.out_dir)
        self.state: _State | None = None
        self.builds = 0
        self.pending: set[str] = set()  # pages whose output lags their source (a failed update)

    def update(self, docs: dict[str, bytes], nav: list, nav_key: str) -> str:
        """Bring the site to ``docs``; returns what was rebuilt ("full" or the pages)."""
        state = self.state
        if state is None or state.nav_key != nav_key or state.docs.keys() != docs.keys():
            self.full(docs, nav, nav_key)
            return "full"
        changed = [p for p in docs if docs[p] != state.docs[p]]
        for path in changed:
            output.write_file(state.docs_dir / path, docs[path])
        state.docs = dict(docs)
        self.pending |= set(changed)  # until their output is written too
        pages = sorted(p for p in self.pending if p.endswith(".md"))
        others = sorted(p for p in self.pending if not p.endswith(".md"))
        if not self._pages(state, pages):
            self.full(docs, nav, nav_key)
            return "full"
        for path in others:
            output.write_file(self.paths.site / path, docs[path])
        self.pending.clear()
        return f"{len(pages)} pages ({', '.join(pages) or '-'}), {len(others)} other files"

    def full(self, docs: dict[str, bytes], nav: list, nav_key: str) -> None:
        """Build everything into a staging folder and swap it in (the previous site stays)."""
        self.builds += 1
        staging = Path(os.path.realpath(self.config.out_dir)) / f".live-{os.getpid()}-{self.builds}"
        shutil.rmtree(staging, ignore_errors=True)
        docs_dir, site_dir = staging / "docs", staging / "site"
        try:
            output.write_tree(docs, docs_dir)
            config_path = staging / "mkdocs.yml"
            text = mkdocs_config(self.config, docs_dir, site_dir, nav)
            output.write_file(config_path, text.encode())
            config, files, nav_obj, env = _strict(lambda: _build(config_path))
            typeset_site(self.config.root, site_dir)  # as a normal build does
            output.swap_in(site_dir, self.paths.site)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        _retarget(config, files, self.paths.site)
        if self.state is not None:
            shutil.rmtree(self.state.docs_dir.parent, ignore_errors=True)
        self.state = _State(config, files, nav_obj, env, docs_dir, dict(docs), nav_key)
        self.pending.clear()

    def close(self) -> None:
        """Remove the docs folder the live build reads from."""
        if self.state is not None:
            shutil.rmtree(self.state.docs_dir.parent, ignore_errors=True)
            self.state = None

    def _pages(self, state: _State, pages: list[str]) -> bool:
        """Re-render ``pages``; False when a title moved (every page's nav shows it)."""
        if not pages:
            return True
        config, files, nav, env = state.config, state.files, state.nav, state.env
        targets = [files.get_file_from_path(p).page for p in pages]
        titles = [page.title for page in targets]

        def render() -> bool:
            for page in targets:
                mk._populate_page(page, config, files)
            if [page.title for page in targets] != titles:
                return False
            level = config.validation.links.anchors
            for doc in files.documentation_pages():
                doc.page.validate_anchor_links(files=files, log_level=level)
            return True

        if not _strict(render):
            return False
        search = _search_plugin(config)
        for page in targets:
            if search is not None:
                entries = search.search_index.entries
                entries[:] = [e for e in entries if e["location"].split("#")[0] != page.url]
        doc_files = files.documentation_pages()
        _strict(lambda: [mk._build_page(page, config, doc_files, nav, env) for page in targets])
        site = Path(config["site_dir"])
        typeset_pages(self.config.root, site, [Path(p.file.abs_dest_path) for p in targets])
        if search is not None:
            search.on_post_build(config=config)
        return True


def _strict(step):
    """Run ``step`` with mkdocs' warnings collected; any warning or error is a BuildError."""
    logger = logging.getLogger("mkdocs")
    handler = _Warnings()
    logger.addHandler(handler)
    os.environ["SOURCE_DATE_EPOCH"] = SOURCE_DATE_EPOCH  # the dates of a normal build
    try:
        result = step()
    except BuildError:
        raise
    except Exception as error:  # mkdocs raises its own Abort/BuildError types and others
        detail = "\n".join([*handler.messages, f"{type(error).__name__}: {error}"])
        raise BuildError(f"mkdocs build --strict failed:\n{detail}") from None
    finally:
        logger.removeHandler(handler)
    if handler.messages:
        raise BuildError("mkdocs build --strict failed:\n" + "\n".join(handler.messages))
    return result


def _build(config_path: Path) -> tuple:
    """``mkdocs build`` (1.6.1's steps) that keeps its config, files, nav and theme."""
    config = load_config(str(config_path))
    config = config.plugins.on_config(config)
    config.plugins.on_pre_build(config=config)
    files = get_files(config)
    env = config.theme.get_env()
    files.add_files_from_theme(env, config)
    files = config.plugins.on_files(files, config=config)
    set_exclusions(files, config)
    nav = get_navigation(files, config)
    nav = config.plugins.on_nav(nav, config=config, files=files)
    for file in files.documentation_pages(inclusion=InclusionLevel.is_included):
        if file.page is None and file.inclusion.is_not_in_nav():
            Page(None, file, config)
        mk._populate_page(file.page, config, files)
    env = config.plugins.on_env(env, config=config, files=files)
    files.copy_static_files(inclusion=InclusionLevel.is_included)
    for template in config.theme.static_templates:
        mk._build_theme_template(template, env, files, config, nav)
    for template in config.extra_templates:
        mk._build_extra_template(template, files, config, nav)
    doc_files = files.documentation_pages(inclusion=InclusionLevel.is_included)
    for file in doc_files:
        mk._build_page(file.page, config, doc_files, nav, env)
    for file in doc_files:
        file.page.validate_anchor_links(files=files, log_level=config.validation.links.anchors)
    config.plugins.on_post_build(config=config)
    return config, files, nav, env


def _retarget(config, files, site: Path) -> None:
    """After the swap, point mkdocs' output paths at the site folder (no longer the staging)."""
    config["site_dir"] = str(site)
    for file in files:
        file.dest_dir = str(site)
        file.__dict__.pop("abs_dest_path", None)  # a cached_property of mkdocs' File


def _search_plugin(config):
    for name in ("material/search", "search"):
        plugin = config.plugins.get(name)
        if plugin is not None and hasattr(plugin, "search_index"):
            return plugin
    return None
