"""The layer contract of the engine, read from the source with ``ast``.

The stages are the subpackages of ``gallery``, in this order from the bottom up::

    model -> network -> analysis -> render -> site -> pipeline

A module may import its own stage and the stages below it, never one above; the module import
graph has no cycles; numba only in the scheme and network kernels, matplotlib only in render,
jinja2 only in site; only the pipeline writes files. No module over 400 lines, no function over
60. The entry points (``gallery/__init__.py``, the public API, and ``gallery/__main__.py``, the
command line) sit above every stage.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "gallery"
STAGES = ("model", "network", "analysis", "render", "site", "pipeline")
ENTRY_POINTS = ("gallery", "gallery.__main__")
ONLY_IN = {
    # third-party package -> the modules (dotted prefixes) that may import it
    "numba": (
        "gallery.model.schemes",
        "gallery.model.neurons",
        "gallery.network.kernels",
        "gallery.network.noise",
    ),  # fmt: skip
    # LLVM IR intrinsics: the network's prefetch, the population kernel's flag packing and
    # its request for the CPU's widest vectors
    "llvmlite": ("gallery.network.kernels", "gallery.model.schemes.population"),
    "matplotlib": ("gallery.render",),
    "jinja2": ("gallery.site",),
    "markupsafe": ("gallery.site",),
}
PARALLEL_ONLY_IN = (
    # modules that may compile with parallel=True or use prange: each one's result is tested
    # to be bit for bit the same for any number of threads and any blocking
    "gallery.network.kernels",  # tests/test_network.py
    "gallery.model.schemes.population",  # the population skeleton: tests/test_population.py
    "gallery.model.schemes.published_2004",  # its population kernel inlines that skeleton
    "gallery.model.schemes.book_2007",  # likewise
)
WRITING_CALLS = {
    "write_text", "write_bytes", "mkdir", "makedirs", "unlink", "rmtree", "copyfile", "copy",
    "copytree", "rename", "replace", "symlink_to", "touch",
}  # fmt: skip
# jit_cache only tends numba's own cache directory (stamps, stale kernels), which numba writes
WRITING_MODULES = ("gallery.pipeline", "gallery.model.schemes.jit_cache")
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60


@dataclass(frozen=True)
class Module:
    name: str  # dotted
    path: str  # for messages
    tree: ast.Module
    lines: int
    is_package: bool


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def load_modules() -> list[Module]:
    return [
        Module(
            module_name(path),
            str(path.relative_to(PACKAGE.parent)),
            ast.parse(path.read_text(encoding="utf-8")),
            path.read_text(encoding="utf-8").count("\n"),
            path.name == "__init__.py",
        )  # fmt: skip
        for path in sorted(PACKAGE.rglob("*.py"))
    ]


def imported(module: Module, known: set[str]) -> list[tuple[str, int]]:
    """Every module that ``module`` imports (anywhere in it), with the line of the import.

    ``from gallery.x import y`` counts as importing ``gallery.x.y`` when that is a module.
    """
    found = []
    for node in ast.walk(module.tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                full = f"{node.module}.{alias.name}"
                found.append((full if full in known else node.module, node.lineno))
    return found


def stage_of(name: str) -> int | None:
    parts = name.split(".")
    if parts[0] != "gallery" or name in ENTRY_POINTS:
        return len(STAGES) if name in ENTRY_POINTS else None
    if len(parts) < 2 or parts[1] not in STAGES:
        return None
    return STAGES.index(parts[1])


def upward_imports(modules: list[Module]) -> list[str]:
    known = {m.name for m in modules}
    problems = []
    for module in modules:
        own = stage_of(module.name)
        if own is None:
            continue
        for target, line in imported(module, known):
            if target == "gallery" and module.name not in ENTRY_POINTS:
                problems.append(f"{module.path}:{line} imports the package facade 'gallery'")
                continue
            theirs = stage_of(target)
            if theirs is not None and theirs > own and target.startswith("gallery."):
                problems.append(
                    f"{module.path}:{line} ({STAGES[own]}) imports {target} "
                    f"({STAGES[theirs] if theirs < len(STAGES) else 'an entry point'})"
                )
    return problems


def import_cycles(modules: list[Module]) -> list[str]:
    known = {m.name for m in modules}
    graph = {
        m.name: sorted({t for t, _ in imported(m, known) if t in known and t != m.name})
        for m in modules
        if m.name not in ENTRY_POINTS
    }
    # a package's __init__ re-exporting its own modules is not a cycle with them
    for name, targets in graph.items():
        graph[name] = [t for t in targets if not name.startswith(t + ".") and t in graph]
    cycles, state = [], {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = "open"
        for target in graph[node]:
            if state.get(target) == "open":
                cycles.append(" -> ".join([*trail[trail.index(target) :], target]))
            elif target not in state:
                visit(target, [*trail, target])
        state[node] = "done"

    for node in graph:
        if node not in state:
            visit(node, [node])
    return cycles


def misplaced_imports(modules: list[Module]) -> list[str]:
    problems = []
    for module in modules:
        for target, line in imported(module, set()):
            top = target.split(".")[0]
            allowed = ONLY_IN.get(top)
            if allowed and not any(
                module.name == a or module.name.startswith(a + ".") for a in allowed
            ):
                problems.append(f"{module.path}:{line} imports {top} (only {', '.join(allowed)})")
    return problems


def parallel_code(modules: list[Module]) -> list[str]:
    """``prange`` or ``parallel=True`` outside :data:`PARALLEL_ONLY_IN`."""
    problems = []
    for module in modules:
        if module.name in PARALLEL_ONLY_IN:
            continue
        for node in ast.walk(module.tree):
            names = [a.name for a in node.names] if isinstance(node, ast.ImportFrom) else []
            if "prange" in names or (isinstance(node, ast.Name) and node.id == "prange"):
                problems.append(f"{module.path}:{node.lineno} uses prange")
            elif (
                isinstance(node, ast.keyword) and node.arg == "parallel"
                and isinstance(node.value, ast.Constant) and node.value.value is True
            ):  # fmt: skip
                problems.append(f"{module.path}:{node.value.lineno} compiles parallel=True")
    return problems


def file_writes(modules: list[Module]) -> list[str]:
    problems = []
    for module in modules:
        if any(module.name.startswith(w) for w in WRITING_MODULES):
            continue
        for node in ast.walk(module.tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in WRITING_CALLS and isinstance(func, ast.Attribute):
                owner = func.value
                # str.replace and similar: only calls on paths, os and shutil write files
                if name == "replace" and not (isinstance(owner, ast.Name) and owner.id == "os"):
                    continue
                if name in ("copy", "rename") and not (
                    isinstance(owner, ast.Name) and owner.id in ("shutil", "os")
                ):
                    continue
                problems.append(f"{module.path}:{node.lineno} writes files ({name})")
            if name == "open" and _write_mode(node):
                problems.append(f"{module.path}:{node.lineno} opens a file for writing")
    return problems


def _write_mode(call: ast.Call) -> bool:
    modes = [a for a in call.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
    modes += [
        k.value for k in call.keywords if k.arg == "mode" and isinstance(k.value, ast.Constant)
    ]
    return any(set(str(m.value)) & set("wax+") for m in modes)


def long_code(modules: list[Module]) -> list[str]:
    problems = []
    for module in modules:
        if module.lines > MAX_MODULE_LINES:
            problems.append(f"{module.path} has {module.lines} lines (max {MAX_MODULE_LINES})")
        for node in ast.walk(module.tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = node.end_lineno - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    problems.append(
                        f"{module.path}:{node.lineno} {node.name} has {length} lines "
                        f"(max {MAX_FUNCTION_LINES})"
                    )
    return problems


MODULES = load_modules()
CHECKS = [upward_imports, import_cycles, misplaced_imports, parallel_code, file_writes, long_code]


@pytest.mark.parametrize("check", CHECKS, ids=lambda c: c.__name__)
def test_the_package_keeps_the_layer_contract(check):
    assert check(MODULES) == []


def test_every_module_belongs_to_a_stage_or_is_an_entry_point():
    loose = [m.path for m in MODULES if stage_of(m.name) is None]
    assert loose == []


# --- the checks themselves catch what they are for --------------------------------------------


def fake(name: str, source: str) -> Module:
    path = name.replace(".", "/") + ".py"
    return Module(name, path, ast.parse(source), source.count("\n"), False)


def test_an_upward_import_is_caught_wherever_it_is():
    assert upward_imports([fake("gallery.model.simulate", "from gallery.render import figures\n")])
    inside = "def f():\n    import gallery.site.pages\n"
    assert upward_imports([fake("gallery.analysis.spikes", inside)])
    assert upward_imports([fake("gallery.network.build", "import gallery\n")])
    assert not upward_imports([fake("gallery.site.pages", "from gallery.model import grid\n")])


def test_a_cycle_is_caught():
    a = fake("gallery.model.a", "from gallery.model import b\n")
    b = fake("gallery.model.b", "import gallery.model.a\n")
    assert import_cycles([a, b]) == ["gallery.model.a -> gallery.model.b -> gallery.model.a"]


def test_a_library_outside_its_stage_is_caught():
    assert misplaced_imports([fake("gallery.site.pages", "import matplotlib.pyplot\n")])
    assert misplaced_imports([fake("gallery.analysis.spikes", "from numba import njit\n")])
    assert not misplaced_imports([fake("gallery.render.trace", "from matplotlib import cm\n")])


def test_parallel_code_outside_its_list_is_caught():
    assert parallel_code([fake("gallery.model.schemes.euler", "from numba import prange\n")])
    source = "@njit(parallel=True)\ndef f():\n    pass\n"
    assert parallel_code([fake("gallery.analysis.spikes", source)])
    assert parallel_code([fake("gallery.model.schemes.population", source)]) == []


def test_a_file_written_outside_the_pipeline_is_caught():
    assert file_writes([fake("gallery.render.figures", "path.write_bytes(data)\n")])
    assert file_writes([fake("gallery.site.pages", "open(p, 'w')\n")])
    assert not file_writes([fake("gallery.site.pages", "text.replace('a', 'b')\n")])
    assert not file_writes([fake("gallery.pipeline.run", "path.write_bytes(data)\n")])


def test_long_modules_and_functions_are_caught():
    body = "def f():\n" + "    x = 1\n" * 60
    assert long_code([fake("gallery.model.a", body)])
    assert long_code([fake("gallery.model.a", "x = 1\n" * 401)])
    assert not long_code([fake("gallery.model.a", "def f():\n    return 1\n")])


def test_the_public_api_loads_neither_matplotlib_nor_jinja2():
    import subprocess
    import sys

    probe = "import sys, gallery; print(sorted({'matplotlib', 'jinja2'} & set(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
