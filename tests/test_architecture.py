"""The layers of the house, checked from the imports (docs/architecture.md explains them).

Every module under src/magcheck belongs to one layer; a module may import its own layer and the layers
below it, never above, and never in a circle (not even inside one package). The rules are read from
the source text with `ast`, so nothing is imported and the check takes well under a second.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = "magcheck"

# The layer of each top-level part of the package, from the centre outwards. A module may import only
# parts of its own layer or of a lower one; `core` and `knowledge` are narrower still (see CORE_MAY_USE).
LAYERS: dict[str, int] = {
    "core": 0,
    "knowledge": 1,
    "paths": 1,
    "i18n": 1,
    # the data folder (paths) is made private as it is made; private_files tells the person in their language
    "private_files": 1,
    "foods": 2,
    "recall": 2,
    "storage": 2,
    "accounts": 2,
    "planning": 2,
    "service": 3,
    "reports": 4,
    "cli": 5,
    "web": 5,
    "__main__": 6,
    "__init__": 0,
}
ADAPTERS = {"cli", "web", "reports"}
# cli and web deliver; reports renders a service's report data (HTML, PDF, charts) for both of them.
# What the pure core may import besides itself: the standard library and these distributions.
CORE_MAY_USE = {"pydantic", "pydantic_core", "annotated_types", "typing_extensions", "highspy", "numpy"}
# Adapters talk to the service layer; none of them reads reviewed data itself.
ADAPTERS_MAY_NOT = {"knowledge"}
# The one place an adapter starts another: `magcheck serve` checks the address and runs the web app.
ALLOWED_ACROSS = {("cli.serve", "web")}

# Known breaches being removed by the restructure (issue 13). A new breach fails the test; this list
# only ever shrinks, and must be empty when the restructure is done.
KNOWN: set[str] = set()


@dataclass(frozen=True)
class Import:
    source: str  # module path without the package prefix, e.g. "foods.search"
    target: str  # the imported magcheck module, e.g. "core.models"; or a third-party top-level name
    line: int
    internal: bool


def _modules() -> dict[str, Path]:
    out: dict[str, Path] = {}
    for path in sorted((SRC / PACKAGE).rglob("*.py")):
        parts = path.relative_to(SRC / PACKAGE).with_suffix("").parts
        if "migrations" in parts:  # generated Alembic scripts run inside alembic, outside the layers
            continue
        if parts[-1] == "__init__" and len(parts) > 1:
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


MODULES = _modules()


def _resolve(name: str) -> str:
    """`magcheck.foods.search.words` → the longest known module prefix, `foods.search`."""
    rel = name.removeprefix(PACKAGE).lstrip(".")
    parts = rel.split(".") if rel else ["__init__"]
    while parts:
        candidate = ".".join(parts)
        if candidate in MODULES:
            return candidate
        parts = parts[:-1]
    return "__init__"  # a name defined in the package's own __init__, e.g. __version__


def _package_of(module: str, path: Path) -> list[str]:
    parts = module.split(".")
    return parts if path.name == "__init__.py" else parts[:-1]


def imports_of(module: str, path: Path) -> Iterator[Import]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name == PACKAGE or alias.name.startswith(PACKAGE + "."):
                    yield Import(module, _resolve(alias.name), node.lineno, True)
                else:
                    yield Import(module, alias.name.split(".")[0], node.lineno, False)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = _package_of(module, path)[: len(_package_of(module, path)) - node.level + 1]
                absolute = ".".join([PACKAGE, *base, *([node.module] if node.module else [])])
            elif node.module and (node.module == PACKAGE or node.module.startswith(PACKAGE + ".")):
                absolute = node.module
            else:
                yield Import(module, (node.module or "").split(".")[0], node.lineno, False)
                continue
            for alias in node.names:  # `from magcheck.foods import search` may name a submodule
                target = _resolve(f"{absolute}.{alias.name}")
                yield Import(module, target, node.lineno, True)


ALL_IMPORTS = [imp for module, path in MODULES.items() for imp in imports_of(module, path)]


def _top(module: str) -> str:
    return module.split(".")[0]


def test_every_part_of_the_package_has_a_layer() -> None:
    unplaced = sorted({_top(m) for m in MODULES} - LAYERS.keys())
    assert unplaced == [], f"give these a layer in LAYERS (and in docs/architecture.md): {unplaced}"


def breaches() -> set[str]:
    found: set[str] = set()
    stdlib = set(sys.stdlib_module_names)
    for imp in ALL_IMPORTS:
        src, src_layer = _top(imp.source), LAYERS.get(_top(imp.source), 99)
        if not imp.internal:
            if src == "core" and imp.target not in stdlib and imp.target not in CORE_MAY_USE:
                found.add(f"{imp.source} -> {imp.target} (core uses only the standard library and pydantic)")
            continue
        dst = _top(imp.target)
        if dst == src or (imp.source, dst) in ALLOWED_ACROSS:
            continue
        if src == "core":
            found.add(f"{imp.source} -> {imp.target} (core imports only core)")
        elif src == "knowledge" and dst != "core":
            found.add(f"{imp.source} -> {imp.target} (knowledge imports only core)")
        elif src in ADAPTERS and dst in ADAPTERS_MAY_NOT:
            found.add(f"{imp.source} -> {imp.target} (adapters go through the service layer)")
        elif LAYERS.get(dst, 99) > src_layer or (src_layer == LAYERS.get(dst) and src in ADAPTERS):
            found.add(f"{imp.source} -> {imp.target} (imports upward or across adapters)")
    return found


def test_no_layer_imports_upward() -> None:
    new = sorted(breaches() - KNOWN)
    assert new == [], "imports against the layers (docs/architecture.md):\n" + "\n".join(new)


def cycles() -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan), each sorted."""
    graph: dict[str, set[str]] = {m: set() for m in MODULES}
    for imp in ALL_IMPORTS:
        if imp.internal and imp.target in MODULES and imp.target != imp.source:
            graph[imp.source].add(imp.target)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph[node]:
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                item = stack.pop()
                on_stack.discard(item)
                component.append(item)
                if item == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    # raised only while walking: a process-wide higher limit would let other tests' 5,000-deep JSON parse
    old_limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(old_limit, 10_000))
    try:
        for node in graph:
            if node not in index:
                visit(node)
    finally:
        sys.setrecursionlimit(old_limit)
    return sorted(found)


def test_no_import_cycles() -> None:
    new = [c for c in cycles() if "cycle: " + " ~ ".join(c) not in KNOWN]
    assert new == [], "import cycles:\n" + "\n".join(" ~ ".join(c) for c in new)


def test_known_breaches_are_still_there() -> None:
    """KNOWN only shrinks: once a breach is mended, its line goes too (so it cannot come back unseen)."""
    now = breaches() | {"cycle: " + " ~ ".join(c) for c in cycles()}
    assert sorted(KNOWN - now) == [], "mended — delete these lines from KNOWN in tests/test_architecture.py"


def test_the_checker_reads_the_imports() -> None:
    """Guards the checker itself: it must see the adapters' imports of the core."""
    internal = [i for i in ALL_IMPORTS if i.internal]
    assert len(internal) > 200
    assert any(i.source.startswith("web") and i.target.startswith("core") for i in internal)
    assert any(i.source.startswith("cli") and i.target.startswith("core") for i in internal)
