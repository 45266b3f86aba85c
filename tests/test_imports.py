"""Imports live at the top of a module (issue 13; docs/architecture.md).

An import inside a function hides a dependency from the reader and from the import-rule test, and
usually papers over a cycle. The one good reason is start-up time: a command that does not need a heavy
library should not pay for importing it. Such an import carries a comment starting `# lazy:` — on its
own line or in the comment lines directly above; imports right under it share it — that says what it
keeps out and what that saves, e.g.
`# lazy: keeps numpy/highspy out of commands that make no plan (~40 ms)`.

Read from the source with `ast` and `tokenize`, so nothing is imported and the check is fast.
`if TYPE_CHECKING:` blocks at module level are not in a function and so are not counted.
"""

from __future__ import annotations

import ast
import functools
import io
import tokenize
from dataclasses import dataclass
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE_DIR = SRC / "magcheck"
LAZY = "# lazy:"

# Files that still import inside functions without a `# lazy:` reason, and how many times (issue 13).
# This only shrinks: a file with more fails (import at the top, or give the reason), and a file with
# fewer fails too, so the count here must be lowered, or its line deleted at zero.
KNOWN: dict[str, int] = {}


@dataclass(frozen=True)
class FunctionImport:
    path: str  # relative to src/magcheck, e.g. "cli/plan.py"
    line: int
    function: str
    text: str  # the first line of the import statement, for the failure message


def _comments(source: str) -> tuple[dict[int, str], set[int]]:
    """Line number → its comment (real comments only, never text in a string); and the comment-only lines."""
    comments: dict[int, str] = {}
    alone: set[int] = set()
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type == tokenize.COMMENT:
            comments[tok.start[0]] = tok.string
            if tok.line.strip().startswith("#"):
                alone.add(tok.start[0])
    return comments, alone


def _has_reason(comments: dict[int, str], alone: set[int], node: ast.stmt) -> bool:
    """A `# lazy: <why>` comment on a line of the statement or in the comment block directly above it."""
    lines = list(range(node.lineno, (node.end_lineno or node.lineno) + 1))
    above = node.lineno - 1
    while above in alone:  # a reason may run over several comment lines; its first says `# lazy:`
        lines.append(above)
        above -= 1
    return any(
        comments.get(line, "").startswith(LAZY) and comments[line].removeprefix(LAZY).strip()
        for line in lines
    )


def function_imports(
    path: Path, root: Path = PACKAGE_DIR
) -> tuple[list[FunctionImport], list[FunctionImport]]:
    """(imports inside a function without a `# lazy:` reason, those with one) in one source file."""
    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source, filename=str(path))
    lines = source.splitlines()
    rel = path.relative_to(root).as_posix()
    inside: list[tuple[ast.Import | ast.ImportFrom, str]] = []

    def walk(node: ast.AST, scope: str, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                name = f"{scope}.{child.name}" if scope else child.name
                walk(child, name, in_function or not isinstance(child, ast.ClassDef))
            elif isinstance(child, ast.Import | ast.ImportFrom) and in_function:
                inside.append((child, scope))
            else:
                walk(child, scope, in_function)

    walk(tree, "", False)
    bare: list[FunctionImport] = []
    lazy: list[FunctionImport] = []
    comments, alone = _comments(source) if inside else ({}, set())  # tokenizing is the slow part
    covered_up_to = -1  # imports written right under a lazy one share its reason
    for node, scope in inside:
        found = FunctionImport(rel, node.lineno, scope, lines[node.lineno - 1].strip())
        if node.lineno - 1 == covered_up_to or _has_reason(comments, alone, node):
            lazy.append(found)
            covered_up_to = node.end_lineno or node.lineno
        else:
            bare.append(found)
    return bare, lazy


# generated Alembic scripts are run by alembic and stay as generated
ALL_SOURCES = [p for p in sorted(PACKAGE_DIR.rglob("*.py")) if "migrations" not in p.parts]


@functools.cache  # both tests read the same files once
def _bare_by_file() -> dict[str, list[FunctionImport]]:
    out: dict[str, list[FunctionImport]] = {}
    for path in ALL_SOURCES:
        bare, _ = function_imports(path)
        if bare:
            out[path.relative_to(PACKAGE_DIR).as_posix()] = bare
    return out


def test_no_new_imports_inside_functions() -> None:
    over = {f: found for f, found in _bare_by_file().items() if len(found) > KNOWN.get(f, 0)}
    report = [
        f"{f}: {len(found)} (known {KNOWN.get(f, 0)})\n"
        + "\n".join(f"    {i.line}: in {i.function}(): {i.text}" for i in found)
        for f, found in sorted(over.items())
    ]
    assert report == [], (
        "imports inside functions: move them to the top of the module; only a measured start-up need "
        "keeps one lazy, with a comment `# lazy: <what it keeps out and the ms saved>` on the import "
        "or the line above (tests/test_imports.py):\n" + "\n".join(report)
    )


def test_known_only_shrinks() -> None:
    """Once a file's function imports are moved, its KNOWN count goes down too (so they cannot return)."""
    now = {f: len(found) for f, found in _bare_by_file().items()}
    stale = [
        f"{f}: KNOWN says {known}, now {now.get(f, 0)} — "
        + ("delete this line" if now.get(f, 0) == 0 else f"lower it to {now[f]}")
        for f, known in sorted(KNOWN.items())
        if now.get(f, 0) < known
    ]
    assert stale == [], (
        "fewer imports inside functions — update KNOWN in tests/test_imports.py:\n" + "\n".join(stale)
    )


def test_the_checker_finds_function_imports(tmp_path: Path) -> None:
    """Guards the checker: it sees nested and method imports, honours `# lazy:` and skips module level."""
    source = (
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n"
        "    import decimal\n"
        "def f():\n"
        "    import json\n"
        "    # lazy: keeps csv out of start-up (~1 ms)\n"
        "    import csv\n"
        "    from os import path  # lazy: a reason on the same line\n"
        "    # lazy:\n"
        "    import re\n"
        "    # lazy: a reason that runs\n"
        "    # over two lines\n"
        "    import glob\n"
        "    import glob.other\n"
        "    x = 1  # lazy: not above the import\n"
        "    import uuid\n"
        "    def g():\n"
        "        from math import pi\n"
        "    s = '# lazy: not a comment'; import abc\n"
        "class C:\n"
        "    import string\n"
        "    def m(self):\n"
        "        import shutil\n"
    )
    sample = tmp_path / "sample.py"
    sample.write_text(source, encoding="utf-8")
    bare, lazy = function_imports(sample, tmp_path)
    assert [(i.line, i.function) for i in bare] == [
        (5, "f"),
        (10, "f"),
        (16, "f"),
        (18, "f.g"),
        (19, "f"),
        (23, "C.m"),
    ]
    assert [(i.line, i.function) for i in lazy] == [(7, "f"), (8, "f"), (13, "f"), (14, "f")]
    assert bare[0].path == "sample.py"
    assert bare[0].text == "import json"
    assert len(ALL_SOURCES) > 100
