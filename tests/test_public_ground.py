"""The package stands on public ground: nothing in `site_builder/` uses another package's
private names, name-mangled attributes, code objects or byte formats, patches another
package's modules or classes, or imports `unittest.mock`.

The check reads the package's source (Python's own `ast`), so a new use fails here before
it ships. Our own underscore names (`self._cache`, a module's `_helper`) stay allowed:
an underscore attribute passes only when the package itself defines that name.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "site_builder"

# Attributes of functions and frames that reach into how another package's code is built.
CODE_INTERNALS = {"__code__", "__globals__", "__closure__", "__defaults__", "__kwdefaults__",
                  "f_locals", "f_globals", "f_back", "co_code", "co_consts"}

# Whoosh's modules that encode or decode its file format: the byte format is not its API.
BYTE_FORMAT_MODULES = ("whoosh.system", "whoosh.util.numeric", "whoosh.util.varints", "whoosh.codec",
                       "whoosh.filedb.structfile", "whoosh.filedb.compound")

# Every known exception, with its reason. The goal is an empty list.
ALLOWED: dict[tuple[str, str], str] = {}


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    what: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.what}"


def package_sources() -> dict[str, ast.Module]:
    return {path.relative_to(PACKAGE.parent).as_posix(): ast.parse(path.read_text(encoding="utf-8"), str(path))
            for path in sorted(PACKAGE.rglob("*.py"))}


def own_names(trees: dict[str, ast.Module]) -> set[str]:
    """Every name the package itself defines: functions, classes, attributes it assigns on
    its own objects (`self.x`), variables, class fields and parameters."""
    names: set[str] = set()
    for tree in trees.values():
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                names.add(node.name)
            elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store) \
                    and isinstance(node.value, ast.Name) and node.value.id in ("self", "cls"):
                # Only what our own objects hold: assigning `other._x` does not make `_x` ours.
                names.add(node.attr)
            elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                names.add(node.id)
            elif isinstance(node, ast.arg):
                names.add(node.arg)
            elif isinstance(node, ast.alias) and node.asname:
                names.add(node.asname)
    return names


def is_private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def is_name_mangled(name: str) -> bool:
    # `_Class__method`: how Python spells a double-underscore name from outside its class.
    head, _, rest = name[1:].partition("__")
    return name.startswith("_") and head[:1].isalpha() and bool(rest)


def foreign_modules(tree: ast.Module) -> dict[str, str]:
    """Names bound by imports of other packages in one module: local name -> module."""
    bound: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if not alias.name.startswith("site_builder"):
                    bound[(alias.asname or alias.name).split(".")[0]] = alias.name
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module \
                and not node.module.startswith("site_builder"):
            for alias in node.names:
                bound[alias.asname or alias.name] = f"{node.module}.{alias.name}"
    return bound


def findings_in(path: str, tree: ast.Module, ours: set[str]) -> list[Finding]:
    found: list[Finding] = []
    foreign = foreign_modules(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            module = node.module
            if module == "unittest.mock" or (module == "unittest" and any(a.name == "mock" for a in node.names)):
                found.append(Finding(path, node.lineno, "imports unittest.mock"))
            if module.startswith(BYTE_FORMAT_MODULES):
                found.append(Finding(path, node.lineno, f"imports Whoosh's byte format ({module})"))
            if not module.startswith("site_builder"):
                if any(is_private(part) for part in module.split(".")):
                    found.append(Finding(path, node.lineno, f"imports from the private module {module}"))
                for alias in node.names:
                    if is_private(alias.name):
                        found.append(Finding(path, node.lineno, f"imports the private name {module}.{alias.name}"))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("unittest.mock"):
                    found.append(Finding(path, node.lineno, "imports unittest.mock"))
                elif alias.name.startswith(BYTE_FORMAT_MODULES):
                    found.append(Finding(path, node.lineno, f"imports Whoosh's byte format ({alias.name})"))
                elif not alias.name.startswith("site_builder") and any(
                        is_private(part) for part in alias.name.split(".")):
                    found.append(Finding(path, node.lineno, f"imports the private module {alias.name}"))
        elif isinstance(node, ast.Attribute):
            if node.attr in CODE_INTERNALS:
                found.append(Finding(path, node.lineno, f"reads the code internals .{node.attr}"))
            elif is_name_mangled(node.attr) and node.attr not in ours:
                found.append(Finding(path, node.lineno, f"uses the name-mangled attribute .{node.attr}"))
            elif is_private(node.attr) and node.attr not in ours:
                found.append(Finding(path, node.lineno, f"uses the private attribute .{node.attr} of another package"))
            base = node.value
            while isinstance(base, ast.Attribute):
                base = base.value
            if isinstance(node.ctx, (ast.Store, ast.Del)) and isinstance(base, ast.Name) and base.id in foreign:
                found.append(Finding(path, node.lineno,
                                     f"patches {foreign[base.id]} (assigns {ast.unparse(node)})"))
        elif isinstance(node, ast.keyword) and node.arg and is_private(node.arg) and node.arg not in ours:
            found.append(Finding(path, getattr(node, "lineno", 0), f"passes the private argument {node.arg}="))
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
                and node.func.id in ("setattr", "delattr") and node.args:
            target = node.args[0]
            while isinstance(target, ast.Attribute):
                target = target.value
            if isinstance(target, ast.Name) and target.id in foreign:
                found.append(Finding(path, node.lineno, f"patches {foreign[target.id]} with {node.func.id}()"))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and is_name_mangled(node.value) \
                and node.value not in ours:
            found.append(Finding(path, node.lineno, f"names the name-mangled attribute {node.value!r}"))
    return found


def public_ground_findings() -> list[Finding]:
    trees = package_sources()
    ours = own_names(trees)
    return [finding for path, tree in trees.items() for finding in findings_in(path, tree, ours)
            if (finding.path, finding.what) not in ALLOWED]


def test_site_builder_uses_no_private_internals_of_other_packages():
    assert [str(finding) for finding in public_ground_findings()] == []


def test_nothing_is_allowed_by_exception():
    # Any unavoidable exception must be listed with its reason; today there is none.
    assert ALLOWED == {}


@pytest.mark.parametrize("source, what", [
    ("from whoosh.filedb import filestore\nfilestore.x._postfile\n", "private attribute ._postfile"),
    ("import markdown\nx = markdown.Markdown()\nx.inlinePatterns._priority\n", "private attribute ._priority"),
    ("def f(p):\n    return p._InlineProcessor__handleInline\n", "name-mangled attribute ._InlineProcessor__handleInline"),
    ("def f(g):\n    return g.__code__\n", "code internals .__code__"),
    ("from unittest import mock\n", "imports unittest.mock"),
    ("import unittest.mock\n", "imports unittest.mock"),
    ("from whoosh.codec import _whoosh3\n", "private name whoosh.codec._whoosh3"),
    ("import mkdocs.commands.serve\nmkdocs.commands.serve.LiveReloadServer = object\n", "patches mkdocs"),
    ("from mkdocs.structure.files import File\nFile.is_modified = lambda self: True\n", "patches mkdocs.structure.files.File"),
    ("import markdown\nsetattr(markdown, 'x', 1)\n", "patches markdown with setattr()"),
    ("def f(ix):\n    return ix.writer(_lk=False)\n", "private argument _lk="),
    ("from whoosh.util.varints import varint\n", "byte format (whoosh.util.varints)"),
    ("import whoosh.codec.whoosh3\n", "byte format (whoosh.codec.whoosh3)"),
    ("from whoosh.index import _DEF_INDEX_NAME\n", "private name whoosh.index._DEF_INDEX_NAME"),
    ("def f(r):\n    return r.reader()._perdoc\n", "private attribute ._perdoc"),
])
def test_the_check_catches_each_kind_of_private_use(source, what):
    # The same check, on a small module that does the forbidden thing: it must be reported.
    findings = findings_in("probe.py", ast.parse(source), own_names({"probe.py": ast.parse("")}))
    assert any(what in finding.what for finding in findings), findings


def test_assigning_another_objects_private_attribute_does_not_make_it_ours():
    source = "def patch(inline, handle):\n    inline._InlineProcessor__handleInline = handle\n    inline._seen = 1\n"
    tree = ast.parse(source)
    found = [finding.what for finding in findings_in("probe.py", tree, own_names({"probe.py": tree}))]
    assert any("._InlineProcessor__handleInline" in what for what in found)
    assert any("._seen" in what for what in found)


def test_the_check_lets_our_own_private_names_pass():
    source = "class Cache:\n    def __init__(self):\n        self._entries = {}\n    def get(self, other):\n        return other._entries\n"
    tree = ast.parse(source)
    assert findings_in("probe.py", tree, own_names({"probe.py": tree})) == []
