"""The structure of ``geo/`` holds: one-way imports, small files and functions, one home each.

Built from the source with :mod:`ast` (so function-local imports count too), not from what
happens to be imported at run time.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1] / "geo"
MAX_FILE_LINES = 500
MAX_FUNCTION_LINES = 80
#: A long function must say why in its docstring, on a line starting with this.
LONG_REASON = "Long because"


def _module_name(path: Path) -> str:
    rel = path.relative_to(ROOT.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(ROOT.rglob("*.py"))}


def _resolve(module: str, node: ast.ImportFrom, is_package: bool) -> str:
    if node.level == 0:
        return node.module or ""
    base = module.split(".") if is_package else module.split(".")[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


def _imports(module: str, path: Path, known: set[str]) -> set[str]:
    """Every ``geo`` module that ``module`` imports, at any depth of its code."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out: set[str] = set()
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            target = _resolve(module, node, path.name == "__init__.py")
            names = [target] + [f"{target}.{a.name}" for a in node.names]
        for name in names:
            # `from geo.x import y` imports geo.x.y when y is a module, else geo.x.
            while name and name not in known:
                name = name.rpartition(".")[0]
            if _is_geo(name) and name != module:
                out.add(name)
    return out


def _graph() -> dict[str, set[str]]:
    mods = _modules()
    known = set(mods)
    graph = {m: _imports(m, p, known) for m, p in mods.items()}
    # Importing geo.a.b runs geo/a/__init__.py first: a package's own re-exports are the
    # only edges from a package to its children, and children may import siblings.
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of size > 1 (Tarjan), ignoring package→child edges."""

    def edges(m: str) -> set[str]:
        return {t for t in graph[m] if not t.startswith(m + ".") and not m.startswith(t + ".")}

    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []
    counter = [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(edges(v)):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def test_no_import_cycles() -> None:
    assert _cycles(_graph()) == []


def test_library_never_imports_the_cli() -> None:
    bad = {
        m: sorted(t for t in targets if t == "geo.cli" or t.startswith("geo.commands"))
        for m, targets in _graph().items()
        if not (m == "geo.cli" or m.startswith("geo.commands") or m == "geo.__main__")
    }
    assert {m: t for m, t in bad.items() if t} == {}


def test_commands_do_not_import_sibling_commands() -> None:
    shared = {"geo.commands", "geo.commands._print"}
    bad = {
        m: sorted(t for t in targets if t.startswith("geo.commands.") and t not in shared)
        for m, targets in _graph().items()
        if m.startswith("geo.commands.")
    }
    assert {m: t for m, t in bad.items() if t} == {}


@pytest.mark.parametrize("module", sorted(_modules()))
def test_files_are_small(module: str) -> None:
    lines = _modules()[module].read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_FILE_LINES, f"{module} has {lines} lines (limit {MAX_FILE_LINES})"


def _long_functions() -> list[str]:
    out = []
    for module, path in _modules().items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                size = (node.end_lineno or node.lineno) - node.lineno + 1
                doc = ast.get_docstring(node) or ""
                if size > MAX_FUNCTION_LINES and LONG_REASON not in doc:
                    out.append(f"{module}.{node.name}: {size} lines")
    return out


def test_functions_are_short_or_say_why() -> None:
    assert _long_functions() == []


def test_one_home_for_atomic_writes() -> None:
    # os.replace (the rename that makes a write atomic) and mkstemp live in geo.files only.
    homes = set()
    for module, path in _modules().items():
        text = path.read_text(encoding="utf-8")
        if "os.replace(" in text or "mkstemp(" in text:
            homes.add(module)
    assert homes <= {"geo.files"}, sorted(homes)


def test_one_home_for_local_projections() -> None:
    homes = set()
    for module, path in _modules().items():
        text = path.read_text(encoding="utf-8")
        if "+proj=laea" in text or "+proj=aeqd" in text or "+proj={kind}" in text:
            homes.add(module)
    assert homes == {"geo.frames"}, sorted(homes)


def _is_geo(name: str) -> bool:
    return name == "geo" or name.startswith("geo.")


def test_imports_sit_at_module_top() -> None:
    """Function-local imports of geo modules hide the dependency graph: none are left."""
    allowed_lazy = {"geo.cli"}  # the CLI loads its commands lazily
    bad = []
    for module, path in _modules().items():
        if module in allowed_lazy:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                for sub in ast.walk(node):
                    if isinstance(sub, ast.ImportFrom) and _is_geo(sub.module or ""):
                        bad.append(f"{module}:{sub.lineno} from {sub.module}")
                    elif isinstance(sub, ast.Import) and any(_is_geo(a.name) for a in sub.names):
                        bad.append(f"{module}:{sub.lineno}")
    assert bad == []
