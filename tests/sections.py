"""Render a site section's output as the build does: templated pages become Markdown bytes."""

from pathlib import Path

from gallery.site import pages

TEMPLATES = Path(__file__).resolve().parents[1] / "site_src" / "templates"
BUILD = {"payloads_json": "[]"}  # what the build adds: here, no preset payloads


def rendered(files: dict, build: dict | None = None) -> dict[str, bytes]:
    """``files`` with every :class:`pages.TemplatePage` rendered by the site's environment."""
    env = pages.environment(TEMPLATES)
    return {
        path: item.render(env, BUILD if build is None else build).encode()
        if isinstance(item, pages.TemplatePage)
        else item
        for path, item in files.items()
    }
