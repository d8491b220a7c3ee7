"""Site sections computed once per build: ``site_files() -> {docs-relative path: bytes}``."""
