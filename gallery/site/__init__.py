"""Stage site: the pages. Paths and URLs, jinja2 templates, embeds, and one module per section.

The only stage that imports jinja2. A section is analysis -> figures -> template context and
returns ``{docs-relative path: bytes}``; it writes nothing.
"""
