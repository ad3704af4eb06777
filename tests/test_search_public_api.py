"""The search package uses Whoosh (and every other package) through its public API only.

Reads the source of `site_builder/search/`: an underscore name is allowed only
where this package defines it itself (its own functions, constants and
attributes); an underscore name imported from, read from or passed to another
package (`_DEF_INDEX_NAME`, `reader._perdoc`, `ix.writer(_lk=False)`) fails,
and so does `unittest.mock` or a byte-format helper of Whoosh.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import site_builder.search

PACKAGE = Path(site_builder.search.__file__).parent
SOURCES = sorted(PACKAGE.glob("*.py"))
# Whoosh's modules that encode or decode its file format.
BYTE_FORMAT_MODULES = ("whoosh.system", "whoosh.util.numeric", "whoosh.util.varints", "whoosh.codec",
                       "whoosh.filedb.structfile", "whoosh.filedb.compound")


def private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def own_names() -> set[str]:
    """Every underscore name this package defines: functions, classes, assignments, attributes set."""
    names = set()
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                names.add(node.name)
            elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                names.add(node.id)
            elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
                names.add(node.attr)
    return {name for name in names if private(name)}


def foreign_private_uses(source: str, own: set[str]) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom):
            relative = node.level > 0
            for alias in node.names:
                if private(alias.name) and not relative:
                    found.append(f"line {node.lineno}: imports {alias.name} from {node.module}")
            if not relative and node.module and node.module.startswith(BYTE_FORMAT_MODULES):
                found.append(f"line {node.lineno}: imports Whoosh's byte format ({node.module})")
            if node.module and node.module.startswith("unittest"):
                found.append(f"line {node.lineno}: imports {node.module}")
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith(("unittest", *BYTE_FORMAT_MODULES)):
                    found.append(f"line {node.lineno}: imports {alias.name}")
        elif isinstance(node, ast.Attribute) and private(node.attr) and node.attr not in own:
            found.append(f"line {node.lineno}: reads .{node.attr}")
        elif isinstance(node, ast.keyword) and node.arg and private(node.arg):
            found.append(f"line {getattr(node, 'lineno', '?')}: passes {node.arg}=")
    return found


@pytest.mark.parametrize("path", SOURCES, ids=lambda path: path.name)
def test_the_search_package_uses_no_private_name_of_another_package(path):
    assert foreign_private_uses(path.read_text("utf-8"), own_names()) == []


@pytest.mark.parametrize("source, expected", [
    ("from whoosh.index import _DEF_INDEX_NAME\n", "imports _DEF_INDEX_NAME"),
    ("def f(reader):\n    return reader._perdoc\n", "reads ._perdoc"),
    ("def f(ix):\n    return ix.writer(_lk=False)\n", "passes _lk="),
    ("from whoosh.system import pack_uint\n", "byte format"),
    ("from unittest import mock\n", "imports unittest"),
    ("import whoosh.codec.whoosh3\n", "imports whoosh.codec.whoosh3"),
])
def test_the_check_finds_each_kind_of_private_use(source, expected):
    [found] = foreign_private_uses(source, own_names())
    assert expected in found
