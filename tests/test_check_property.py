"""Property: whatever bytes or YAML a stranger submits, the checker answers with
diagnostics (or a valid case), never with an exception."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from site_builder.content.catalog import load_catalog

from .conftest import DATA

VALID = (DATA / "passing" / "minimal-fryslan.md").read_bytes()
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6), st.floats(allow_nan=True),
                    st.text(max_size=30), st.dates())
keys = st.one_of(st.sampled_from(["titel", "gemeente", "wijk", "provincie", "periode", "start", "eind",
                                  "samenvatting", "bouwstenen", "dragers", "stappen", "themas",
                                  "partijen", "naam", "rol", "bronnen", "pagina", "jaar", "url"]),
                 st.text(max_size=10), st.integers(0, 5))
yaml_values = st.recursive(scalars, lambda children: st.one_of(
    st.lists(children, max_size=5), st.dictionaries(keys, children, max_size=6)), max_leaves=25)

pytestmark = pytest.mark.slow


def check_bytes(project, content: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "casus.md"
        path.write_bytes(content)
        catalog = load_catalog(project, [path])
    assert catalog.files_checked == 1
    # Either the file is a valid case, or at least one error says why not.
    assert bool(catalog.cases) != bool(catalog.errors)


@SETTINGS
@given(st.binary(max_size=2000))
def test_random_bytes_only_ever_give_diagnostics(project, content):
    check_bytes(project, content)


@SETTINGS
@given(st.binary(max_size=300), st.integers(0, len(VALID)))
def test_random_bytes_inside_a_valid_case(project, noise, position):
    check_bytes(project, VALID[:position] + noise + VALID[position:])


@SETTINGS
@given(yaml_values)
def test_random_yaml_front_matter_only_ever_gives_diagnostics(project, value):
    front_matter = yaml.safe_dump(value, allow_unicode=True)
    check_bytes(project, f"---\n{front_matter}---\n## Aanleiding\n\nTekst.\n".encode())
