"""Functions that fit on a screen (issue 13): no function in dashboard/ is longer than
MAX_LINES, except the ones listed in EXCEPTIONS, each with the reason it is still long.

A function's length is counted by ``ast``: from its ``def`` line to its last line, docstring,
comments and blank lines included, decorators not (what a reader scrolls through). A nested
function or a method counts on its own too, named ``outer.inner`` / ``Class.method``.

When you split an excepted function, remove it from EXCEPTIONS (the second test insists).
"""
from __future__ import annotations

import ast
import textwrap
from pathlib import Path

from helpers import REPO_ROOT

MAX_LINES = 50

#: "module:function" -> why it is still longer than MAX_LINES (lines when this was written).
EXCEPTIONS = {
    "dashboard.building.related_occupations:related_occupations": "57 lines; not split yet",
}


def function_lengths(source: str, module: str) -> dict[str, int]:
    """``{"module:qualified.name": lines}`` for every function and method in ``source``."""
    lengths: dict[str, int] = {}

    def visit(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                name = f"{prefix}{child.name}"
                if not isinstance(child, ast.ClassDef):
                    key = f"{module}:{name}"
                    lengths[key] = max(lengths.get(key, 0), child.end_lineno - child.lineno + 1)
                visit(child, name + ".")
            else:
                visit(child, prefix)

    visit(ast.parse(source), "")
    return lengths


def dashboard_function_lengths() -> dict[str, int]:
    lengths: dict[str, int] = {}
    for path in sorted((REPO_ROOT / "dashboard").rglob("*.py")):
        module = ".".join(path.relative_to(REPO_ROOT).with_suffix("").parts).removesuffix(".__init__")
        lengths |= function_lengths(path.read_text(encoding="utf-8"), module)
    return lengths


def test_lengths_are_counted_from_def_to_last_line_per_function_and_method():
    source = textwrap.dedent('''
        @decorator
        def outer(x):
            """Docstring."""

            def inner():
                return 1
            return inner

        class Box:
            def method(self):
                if True:
                    pass
    ''')
    assert function_lengths(source, "m") == {"m:outer": 6, "m:outer.inner": 2, "m:Box.method": 3}


def test_no_function_in_the_domain_is_longer_than_a_screen():
    lengths = dashboard_function_lengths()
    assert len(lengths) > 500  # the whole package was read, not an empty folder
    too_long = {name: n for name, n in lengths.items() if n > MAX_LINES and name not in EXCEPTIONS}
    assert not too_long, (f"longer than {MAX_LINES} lines (split into named steps, or add to EXCEPTIONS "
                          f"with a reason): {sorted(too_long.items(), key=lambda kv: -kv[1])}")


def test_every_exception_names_a_function_that_is_still_too_long():
    lengths = dashboard_function_lengths()
    stale = {name: lengths.get(name) for name in EXCEPTIONS if lengths.get(name, 0) <= MAX_LINES}
    assert not stale, f"no longer needed (gone or now {MAX_LINES} lines or fewer): remove from EXCEPTIONS: {stale}"
    assert all(reason.strip() for reason in EXCEPTIONS.values())
