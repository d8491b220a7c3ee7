"""Site sections computed once per build (stage site): analysis -> figures -> template values.

``site_files(...)`` returns ``{docs-relative path: bytes | pages.TemplatePage}``: figures as
bytes, pages as a template with its values, which the build renders.
"""
