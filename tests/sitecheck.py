"""Checks over a built site's HTML: broken internal links and anything loaded from outside."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

LOADING = {("script", "src"), ("img", "src"), ("iframe", "src"), ("source", "src"),
           ("video", "src"), ("audio", "src"), ("embed", "src"), ("object", "data")}  # fmt: skip
LOADING_LINK_RELS = {"stylesheet", "preload", "icon", "modulepreload", "manifest", "prefetch"}
CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)")


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str, bool]] = []  # (tag, url, loaded by the browser)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v for k, v in attrs if v is not None}
        for attr in ("href", "src", "data"):
            if attr in values:
                loaded = (tag, attr) in LOADING
                if tag == "link":
                    loaded = bool(set(values.get("rel", "").split()) & LOADING_LINK_RELS)
                self.links.append((tag, values[attr], loaded))


def links(html: str) -> list[tuple[str, str, bool]]:
    parser = _Links()
    parser.feed(html)
    return parser.links


def is_outside(url: str) -> bool:
    parts = urlsplit(url)
    return bool(parts.scheme in ("http", "https") or url.startswith("//"))


def check_site(site: Path, base: str = "/") -> tuple[list[str], list[str]]:
    """Return (broken internal links, outside loads) over every HTML and CSS file."""
    broken, outside = [], []
    for page in sorted(site.rglob("*.html")):
        page_url = base + page.relative_to(site).as_posix()
        for tag, url, loaded in links(page.read_text(encoding="utf-8")):
            if is_outside(url):
                if loaded:
                    outside.append(f"{page_url}: <{tag}> loads {url}")
                continue
            if url.startswith(("#", "mailto:", "data:", "javascript:", "blob:")):
                continue
            target = urlsplit(urljoin(page_url, url)).path
            if not target.startswith(base):
                broken.append(f"{page_url}: {url} leaves the site root {base}")
                continue
            path = site / unquote(target[len(base) :])
            if target.endswith("/") or path.is_dir():
                path = path / "index.html"
            if not path.exists():
                broken.append(f"{page_url}: {url} -> missing {path.relative_to(site)}")
    for sheet in sorted(site.rglob("*.css")):
        for url in CSS_URL.findall(sheet.read_text(encoding="utf-8", errors="replace")):
            if is_outside(url):
                outside.append(f"{sheet.relative_to(site)}: url({url})")
    return broken, outside
