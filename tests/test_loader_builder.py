"""The loader builds front-matter values itself, in the pass that inspects the nodes;
these tests hold what it builds to what PyYAML's `construct_document` builds from the
same nodes: on every bundled case and fixture, and on generated YAML full of the
spellings where YAML 1.1 surprises (`0x1F`, `1_000`, `1:30`, `yes`, `~`, dates, tags)."""

from __future__ import annotations

import datetime

import math
import os
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from site_builder.content.front_matter_yaml import NEEDS_PYYAML, SafeLoader, inspect_and_build
from site_builder.content.loader import read_case_source

from .conftest import DATA, ROOT

CASE_FILES = sorted((ROOT / "cases").glob("*.md")) + sorted(DATA.rglob("*.md"))


def compose(text: str, loader=SafeLoader) -> yaml.Node | None:
    composer = loader(text)
    try:
        return composer.get_single_node()
    finally:
        composer.dispose()


def pyyaml_value(node: yaml.Node):
    """What PyYAML builds, or the kind of error it raises."""
    try:
        return yaml.SafeLoader("").construct_document(node)
    except Exception as error:  # noqa: BLE001 - the error is the expected result here
        return ("error", type(error).__name__)


def exact(value):
    """A value with every type spelled out: 1, 1.0 and True differ; nan equals nan."""
    if isinstance(value, float):
        return ("float", "nan" if math.isnan(value) else repr(value))
    if isinstance(value, dict):
        return ("dict", [(exact(key), exact(item)) for key, item in value.items()])
    if isinstance(value, list):
        return ("list", [exact(item) for item in value])
    return (type(value).__name__, value)


def assert_builds_as_pyyaml(text: str, loader=SafeLoader) -> object:
    node = compose(text, loader)
    if node is None:
        return None
    found, built = inspect_and_build(node)
    if found:
        return found  # refused: nothing is built from it
    if built is not NEEDS_PYYAML:
        assert exact(built) == exact(pyyaml_value(node)), text
    return built


@pytest.mark.parametrize("path", CASE_FILES, ids=lambda path: path.name)
def test_front_matter_of_every_case_and_fixture_is_what_pyyaml_builds(path: Path):
    source, _problems = read_case_source(path, ROOT)
    if source is None:
        return
    assert exact(source.front_matter) == exact(pyyaml_value(source.front_matter_node))


def test_bundled_cases_are_built_without_pyyaml():
    # The point of the builder: a real case never needs PyYAML's constructor.
    for path in sorted((ROOT / "cases").glob("*.md")):
        source, _problems = read_case_source(path, ROOT)
        assert inspect_and_build(source.front_matter_node)[1] is not NEEDS_PYYAML, path.name


# Spellings of scalars where YAML 1.1 reads something else than text, and their
# neighbours; quoted, tagged and plain.
SCALARS = [
    "tekst", "Gemeente Roermond", "''", '""', "'5'", '"5"', "0", "-0", "+5", "12", "007", "0o17", "0x1F", "0b101",
    "1_000", "1:30", "-1:30:00", "123456789012345678", "1234567890123456789012", "1.5", "-0.0", "+.5", "1.",
    "1e3", "1E-3", "1.5e+3", "1_000.5", "1:30.5", ".inf", "-.Inf", "+.INF", ".nan", ".NaN", "yes", "No", "ON",
    "off", "true", "False", "y", "n", "~", "null", "Null", "NULL", "", "2024-01-31", "2024-01-31 10:00:00",
    "2024-01-31T10:00:00Z", "2024-1-5", "!!str 5", "!!str yes", "!!int '12'", "!!int 0x10", "!!float 3",
    "!!float '1e3'", "!!null iets", "!!bool 'yes'", "!!timestamp 2024-01-31", "!!str", "!!map x", "!!seq x",
    "'a: b'", '"regel\\nregel"', "'bron: 1'", "19-20", "3.0.1", "- x",
]
scalars = st.sampled_from(SCALARS)
keys = st.one_of(st.sampled_from(["id", "naam", "bron", "jaar", "1", "1.0", "yes", "~", "'1'", "0x1", "2024-01-31"]),
                 st.text("abcz", min_size=1, max_size=3))


def flow(tree) -> str:
    if isinstance(tree, list):
        return "[" + ", ".join(flow(item) for item in tree) + "]"
    if isinstance(tree, dict):
        return "{" + ", ".join(f"{key}: {flow(item)}" for key, item in tree.items()) + "}"
    return tree


def block(tree, indent: int = 0) -> str:
    pad = " " * indent
    if isinstance(tree, list) and tree:
        return "".join(f"{pad}-\n{block(item, indent + 2)}" if isinstance(item, (list, dict)) and item
                       else f"{pad}- {flow(item)}\n" for item in tree)
    if isinstance(tree, dict) and tree:
        return "".join(f"{pad}{key}:\n{block(item, indent + 2)}" if isinstance(item, (list, dict)) and item
                       else f"{pad}{key}: {flow(item)}\n" for key, item in tree.items())
    return f"{pad}{flow(tree)}\n"


trees = st.recursive(
    scalars, lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(keys, inner, max_size=4)),
    max_leaves=12)


@pytest.mark.parametrize("spelling", [block, flow], ids=["block", "flow"])
@settings(max_examples=300, deadline=None)
@given(st.dictionaries(keys, trees, min_size=1, max_size=5))
def test_generated_yaml_is_built_as_pyyaml_builds_it(spelling, tree):
    try:
        assert_builds_as_pyyaml(spelling(tree))
    except yaml.YAMLError:
        pass  # not YAML at all: the loader reports the composer's error


@pytest.mark.parametrize("text, expected", [
    ("a: 1\nb: -0\nc: +5", {"a": 1, "b": 0, "c": 5}),
    ("a: 1.5\nb: .5\nc: 1.0e+3\nd: -0.0\ne: 1e3", {"a": 1.5, "b": 0.5, "c": 1000.0, "d": -0.0, "e": "1e3"}),
    ("a: yes\nb: Off\nc: ~\nd:\ne: null", {"a": True, "b": False, "c": None, "d": None, "e": None}),
    ("a: !!str 5\nb: '5'\nc: !!int '12'\nd: !!float 3", {"a": "5", "b": "5", "c": 12, "d": 3.0}),
    ("1: a\n1.0: b\ntrue: c", {1: "c"}),  # equal keys: the last value, the first key (as a dict does)
    ("a: [1, [2, {b: c}]]\nd: {e: [f]}", {"a": [1, [2, {"b": "c"}]], "d": {"e": ["f"]}}),
    ("datum: 2024-01-31\ngeraadpleegd: '2024-01-31'", {"datum": datetime.date(2024, 1, 31), "geraadpleegd": "2024-01-31"}),
])
def test_plain_data_is_built_without_pyyaml(text, expected):
    built = assert_builds_as_pyyaml(text)
    assert built is not NEEDS_PYYAML
    assert exact(built) == exact(expected)


@pytest.mark.parametrize("text", [
    "a: 2024-01-31 10:00:00", "a: 2024-02-30", "a: 0x1F", "a: 1_000", "a: 1:30", "a: .inf", "a: 1234567890123456789012",
    "a: !!str [x]", "a: !!seq x", "a: !!map x", "? [a]\n: 1", "{[a]: 1}", "a: !!null {b: c}",
])
def test_rarer_yaml_is_left_to_pyyaml(text):
    node = compose(text)
    found, built = inspect_and_build(node)
    if not found:
        assert built is NEEDS_PYYAML
    assert_builds_as_pyyaml(text)


@pytest.mark.parametrize("loader", [SafeLoader, yaml.SafeLoader], ids=["libyaml", "python-composer"])
def test_both_composers_give_the_same_values(loader):
    text = "a: 1\nb: [x, 'y', 2.5, no]\nc: {d: ~}\n"
    assert exact(assert_builds_as_pyyaml(text, loader)) == exact(
        {"a": 1, "b": ["x", "y", 2.5, False], "c": {"d": None}})


def test_no_control_character_is_printable():
    # The builder skips the control-character scan for text that isprintable() accepts.
    from site_builder.content.control_characters import CONTROL_CHARACTERS

    assert not any(char.isprintable() for char in CONTROL_CHARACTERS)


@pytest.mark.parametrize("text", ["a: \"x\\e[31m\"", "a: \"\\u202e\"", "a: \"x\\x7fy\"", "a: \"\\x9b\"",
                                  "a: \"\\t\\nok\"", "a: \"\\u00a0ok\""])
def test_control_characters_in_text_are_found_whatever_else_is_unprintable(text):
    found, _built = inspect_and_build(compose(text))
    expected = [] if "ok" in text else ["WW121"]
    assert [code for code, _message, _mark in found] == expected


def test_a_file_that_grows_while_it_is_read_is_read_to_the_end(tmp_path, monkeypatch):
    case = tmp_path / "groeit.md"
    case.write_text("---\ntitel: x\n---\n" + "Tekst. " * 1000 + "einde\n")
    real_stat = Path.stat

    def smaller(self, *args, **kwargs):  # the size as it was before the last write
        result = real_stat(self, *args, **kwargs)
        values = list(result)
        values[6] = 10  # st_size
        return os.stat_result(values)

    monkeypatch.setattr(Path, "stat", smaller)
    source, _problems = read_case_source(case, tmp_path)
    assert source.body.endswith("einde\n")
