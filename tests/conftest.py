"""Test order: the NEST tests first.

NEST's wheel brings its own OpenMP runtime; once numba's OpenMP threads have run in the
process, NEST would crash it, so ``nest_engine.import_nest`` refuses (``NestConflictError``).
NEST first and numba after works, so the suite runs the NEST modules before all others.
"""


def pytest_collection_modifyitems(items):
    """Move the tests of the modules that run NEST to the front, keeping the order in each."""

    def runs_nest(item) -> bool:
        module = getattr(item, "module", None)
        return module is not None and module.__name__.endswith("test_network_nest")

    first = [item for item in items if runs_nest(item)]
    rest = [item for item in items if not runs_nest(item)]
    items[:] = first + rest
