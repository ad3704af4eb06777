"""The overview pages (/overzicht/) from the real build: the matrix counts right,
the timeline marks running programmes, the map places every case visibly, and
the SVG they need passes the sanitiser while active SVG does not."""

from __future__ import annotations

import dataclasses
import math
import re

import pytest

from site_builder.content.catalog import load_catalog
from site_builder.project import Project
from site_builder.website.geography import GEODATA, load_map
from site_builder.website.overviews.matrix import render_matrix_page
from site_builder.website.overviews.province_map import (
    MARKER_LIMIT,
    MARKER_RADIUS,
    RING_LIMIT,
    place_markers,
    render_map_page,
)
from site_builder.website.overviews.timeline import render_timeline_page
from site_builder.website.sanitize import sanitize_html
from site_builder.website.site_context import SiteContext

from .conftest import ROOT, copy_project


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(Project(ROOT))


def page(site, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


# --- Matrix ---------------------------------------------------------------------------

def matrix_rows(html: str) -> dict[str, list[bool]]:
    """Case slug -> membership per column, read from the table body."""
    body = html[html.index("<tbody>"):html.index("</tbody>")]
    rows = {}
    for row in re.findall(r"<tr>(.*?)</tr>", body, re.S):
        slug = re.search(r'href="\.\./\.\./casussen/([a-z0-9-]+)/"', row).group(1)
        cells = re.findall(r'<td class="(ww-ja|ww-nee)[^"]*">', row)
        rows[slug] = [cell == "ww-ja" for cell in cells]
    return rows


def test_matrix_marks_each_case_against_every_building_block_and_carrier(bundled_site, catalog):
    html = page(bundled_site, "overzicht/matrix")
    vocab = catalog.vocabularies
    columns = [*vocab.building_blocks.ids, *vocab.carriers.ids]
    rows = matrix_rows(html)
    assert set(rows) == {record.slug for record in catalog.cases}
    for record in catalog.cases:
        expected = [term in record.case.building_blocks or term in record.case.carriers for term in columns]
        assert rows[record.slug] == expected, record.slug
    # Every mark is a symbol and a word; an empty cell still says "nee" to a screen reader.
    assert html.count('<span class="ww-sr">ja</span>') == sum(map(sum, rows.values()))
    assert html.count('<span class="ww-sr">nee</span>') == sum(len(r) - sum(r) for r in rows.values())


def test_matrix_totals_add_up(bundled_site, catalog):
    html = page(bundled_site, "overzicht/matrix")
    footer = html[html.index("<tfoot>"):html.index("</tfoot>")]
    totals = [int(n) for n in re.findall(r'<td class="ww-totaal[^"]*">(\d+)</td>', footer)]
    rows = matrix_rows(html)
    column_totals = [sum(row[i] for row in rows.values()) for i in range(len(totals) - 1)]
    assert totals == [*column_totals, sum(column_totals)]
    body = html[html.index("<tbody>"):html.index("</tbody>")]
    row_totals = [int(n) for n in re.findall(r'<td class="ww-totaal">(\d+)</td></tr>', body)]
    assert sorted(row_totals) == sorted(sum(row) for row in rows.values())


def test_matrix_makes_an_empty_column_stand_out(tmp_path):
    project = copy_project(tmp_path / "project")
    blocks = project.schema_dir / "bouwstenen.yml"
    blocks.write_text(blocks.read_text(encoding="utf-8")
                      + "- id: nieuwe-bouwsteen\n  label: Nieuwe bouwsteen\n", encoding="utf-8")
    html = render_matrix_page(SiteContext.create(load_catalog(project)))
    note = re.search(r'<p class="ww-leeg-melding">(.*?)</p>', html).group(1)
    assert "Nog geen casussen bij" in note and ">Nieuwe bouwsteen</a> (bouwsteen)" in note
    assert ('<th scope="col" class="ww-kolom ww-leeg"><span class="ww-kolomnaam">'
            '<a href="../../bouwstenen/nieuwe-bouwsteen/">Nieuwe bouwsteen</a></span>'
            '<span class="ww-leeg-label">geen casussen</span></th>') in html
    assert html.count('<th scope="col" class="ww-kolom ww-leeg">') == 1


# --- Timeline -------------------------------------------------------------------------

def test_timeline_draws_a_bar_per_known_start_and_lists_the_rest(bundled_site, catalog):
    html = page(bundled_site, "overzicht/tijdlijn")
    bars = re.findall(r'<g class="ww-tijdlijn-rij[^"]*" data-start="(\d+)" data-lengte="(\d+)"[^>]*>'
                      r'<a href="\.\./\.\./casussen/([a-z0-9-]+)/">', html)
    dated = [r for r in catalog.cases if r.case.period and r.case.period.start]
    assert {slug for _, _, slug in bars} == {r.slug for r in dated}
    starts = [int(start) for start, _, _ in bars]
    assert starts == sorted(starts)  # the order without script
    undated = html[html.index('id="zonder-bekend-beginjaar'):]
    for record in catalog.cases:
        if record.case.period is None or record.case.period.start is None:
            assert f'href="../../casussen/{record.slug}/"' in undated, record.slug


def test_the_timeline_says_why_a_case_is_not_on_it(bundled_site):
    html = page(bundled_site, "overzicht/tijdlijn")
    undated = re.sub(r"<[^>]+>", "", html[html.index('id="zonder-bekend-beginjaar'):])
    assert "noemen geen beginjaar" in undated


def test_a_national_programme_is_landelijk_where_it_has_no_place(bundled_site, catalog):
    national = [r for r in catalog.cases if r.case.municipality is None and r.case.province is None]
    assert national
    for path in ("overzicht/matrix", "overzicht/kaart", "overzicht/tijdlijn"):
        html = page(bundled_site, path)
        assert not re.search(r">\s*None\s*<|\(None\)|— None", html), path
    rows = {re.search(r'casussen/([a-z0-9-]+)/', row).group(1): row for row in
            re.findall(r"<tr><th scope=\"row\">(.*?)</th>", page(bundled_site, "overzicht/matrix"), re.S)
            if "casussen/" in row}
    for record in national:
        assert "<small>Landelijk</small>" in rows[record.slug], record.slug


def test_the_chart_svgs_carry_no_role_the_html_checker_refuses(bundled_site):
    # The Nu Html Checker refuses role="group" on <svg>; its own role (graphics-document) is implied.
    for path in ("overzicht/tijdlijn", "overzicht/kaart"):
        svg = re.search(r"<svg [^>]*>", page(bundled_site, path)[page(bundled_site, path).index('<svg class="ww-'):]).group(0)
        assert "role=" not in svg and 'aria-label="' in svg, path


def with_period(record, slug: str, **period):
    from site_builder.content.models import Period

    return dataclasses.replace(record, slug=slug, source_path=f"cases/{slug}.md",
                               case=record.case.model_copy(update={"period": Period(**period)}))


def test_the_timeline_draws_known_planned_and_unknown_ends_differently_and_never_up_to_now(catalog):
    template = catalog.cases[0]
    cases = [with_period(template, "afgelopen", start=2008, end=2011),
             with_period(template, "gepland", start=2012, planned_end=2024, status_year=2018),
             with_period(template, "onbekend", start=2010, status_year=2016)]
    html = render_timeline_page(SiteContext.create(dataclasses.replace(catalog, cases=cases)))
    rows = dict(re.findall(r'<a href="\.\./\.\./casussen/([a-z0-9-]+)/"><title>[^<]*</title>(.*?)</a></g>', html))
    assert 'class="ww-balk-einde"' in rows["afgelopen"] and "ww-balk-gepland" not in rows["afgelopen"]
    assert 'class="ww-balk-gepland"' in rows["gepland"] and ">gepland tot 2024</text>" in rows["gepland"]
    assert "ww-vervaag-3" in rows["onbekend"] and ">einde onbekend</text>" in rows["onbekend"]
    # Years the sources show each active: up to the end, else up to the year the information describes.
    assert 'data-start="2008" data-lengte="4"' in html
    assert 'data-start="2012" data-lengte="7"' in html
    assert 'data-start="2010" data-lengte="7"' in html
    assert "lopend" not in html and "heden" not in html
    years = [int(year) for year in re.findall(r'<text class="ww-as-jaar"[^>]*>(\d+)</text>', html)]
    assert max(years) <= 2025  # the axis ends after the planned end, not at today


# --- Map ------------------------------------------------------------------------------

def markers_for(catalog):
    return place_markers(SiteContext.create(catalog), load_map(catalog.vocabularies.provinces))


def assert_apart(markers):
    for i, first in enumerate(markers):
        for second in markers[i + 1:]:
            distance = math.dist((first.position.x, first.position.y), (second.position.x, second.position.y))
            assert distance >= first.radius + second.radius, (first.place, second.place)


def test_every_case_has_its_own_visible_marker(catalog):
    markers = markers_for(catalog)
    assert not any(marker.is_cluster for marker in markers)
    in_a_province = [r.slug for r in catalog.cases if r.case.province is not None]
    assert sorted(m.cases[0].record.slug for m in markers) == sorted(in_a_province)
    assert [m.cases[0].number for m in markers] == list(range(1, len(markers) + 1))
    assert_apart(markers)


def test_cases_in_one_municipality_cluster_around_it(catalog):
    netherlands = load_map(catalog.vocabularies.provinces)
    groningen = [m for m in markers_for(catalog) if m.cases[0].record.case.municipality == "Groningen"]
    assert len(groningen) >= 2
    city = netherlands.municipality("Groningen")
    for marker in groningen:
        assert (marker.anchor.x, marker.anchor.y) == (city.x, city.y)
        assert math.dist((marker.position.x, marker.position.y), (city.x, city.y)) < 4 * MARKER_RADIUS


def copies(record, count: int, **changes):
    """`count` copies of a case under new slugs, with some front-matter fields changed."""
    case = record.case.model_copy(update=changes)
    return [dataclasses.replace(record, slug=f"{record.slug}-{n}", source_path=f"cases/{record.slug}-{n}.md",
                                case=case) for n in range(count)]


def test_many_cases_at_one_place_become_one_marker_with_their_count(catalog):
    selwerd = catalog.by_slug()["selwerd-groningen"]
    crowded = dataclasses.replace(catalog, cases=[*catalog.cases, *copies(selwerd, RING_LIMIT)])
    markers = markers_for(crowded)
    clusters = [m for m in markers if m.is_cluster]
    assert len(clusters) == 1 and clusters[0].place == "Groningen"
    in_groningen = [r for r in catalog.cases if r.case.municipality == "Groningen"]
    assert len(clusters[0].cases) == RING_LIMIT + len(in_groningen)  # the copies and the Groningen cases
    assert_apart(markers)
    html = render_map_page(SiteContext.create(crowded))
    assert '<a href="#provincie-groningen" class="ww-marker ww-marker--groep">' in html
    assert '{ #provincie-groningen }' in html  # the list's anchor, made by attr_list
    assert "vierkant: zoveel casussen op één plek" in html


def test_a_crowded_map_shows_one_marker_per_province(catalog):
    import yaml

    places = [item["naam"] for item in yaml.safe_load((GEODATA / "gemeenten.yml").read_text(encoding="utf-8"))]
    template = catalog.cases[0]
    many = [case for n, place in enumerate(places)
            for case in copies(dataclasses.replace(template, slug=f"plek-{n}"), RING_LIMIT, municipality=place)]
    assert len(places) * RING_LIMIT > MARKER_LIMIT
    markers = markers_for(dataclasses.replace(catalog, cases=many))
    assert len(markers) == 1 and markers[0].place == template.case.province
    assert len(markers[0].cases) == len(many)


def test_map_page_lists_cases_per_province_and_credits_the_map(bundled_site, catalog):
    html = page(bundled_site, "overzicht/kaart")
    svg = html[html.index('<svg class="ww-kaart-svg"'):html.index("</svg>", html.index('<svg class="ww-kaart-svg"'))]
    assert 'viewBox="' in svg and svg.count("<path ") == 12
    markers = re.findall(r'<a href="\.\./\.\./casussen/([a-z0-9-]+)/" class="ww-marker', svg)
    assert sorted(markers) == sorted(r.slug for r in catalog.cases if r.case.province is not None)
    listing = html[html.index('id="per-provincie"'):]
    for record in catalog.cases:
        assert f'href="../../casussen/{record.slug}/"' in listing, record.slug
    assert "@svg-maps/netherlands" in html and "CC BY 4.0" in html
    # A national programme is in no province: not on the map, listed apart as national.
    lsa = catalog.by_slug()["lsa-vouchersysteem"]
    assert lsa.case.is_national and lsa.slug not in markers
    national = listing[listing.index('id="landelijk"'):]
    assert f'href="../../casussen/{lsa.slug}/"' in national


def test_overview_charts_stay_out_of_the_site_search(bundled_site):
    # Pagefind indexes only what is marked data-pagefind-body (theme/main.html).
    def page(path):
        return (bundled_site / path / "index.html").read_text(encoding="utf-8")

    for chart in ("overzicht/matrix", "overzicht/tijdlijn", "overzicht/kaart", "casussen"):
        assert "data-pagefind-body" not in page(chart), chart
    assert "data-pagefind-body" in page("casussen/selwerd-groningen")
    # A listing is searchable by its introduction; the cases it lists, with their
    # explanations, are found on their own pages.
    for listing in ("bouwstenen/gedeelde-visie", "provincies/groningen"):
        html = page(listing)
        body = html[html.index("data-pagefind-body"):]
        indexed = body[:body.index("</div>")]
        assert "<h1" in indexed and "<h2" not in indexed, listing
        assert 'href="../../casussen/selwerd-groningen/"' not in indexed, listing
        assert 'href="../../casussen/selwerd-groningen/"' in body, listing
    # A case page is searchable by what it says, not by the titles of its related cases.
    html = page("casussen/selwerd-groningen")
    body = html[html.index("data-pagefind-body"):]
    indexed, rest = body.split("</div><h2", 1)[0], "<h2" + body.split("</div><h2", 1)[1]
    assert "<h1" in indexed and 'id="bronnen"' in indexed
    assert 'id="verwante-casussen"' not in indexed and rest.startswith('<h2 id="verwante-casussen"')
    assert 'href="../../casussen/' not in indexed.split('id="bronnen"')[1]

# --- The sanitiser --------------------------------------------------------------------

def test_sanitiser_keeps_chart_svg_and_drops_active_svg():
    chart = ('<svg viewBox="0 0 10 10" role="group" aria-label="x"><g transform="translate(0,1)" data-start="2012">'
             '<a href="../../casussen/x/"><title>X</title><rect x="1" y="2" width="3" height="4" rx="1"></rect>'
             '<circle cx="1" cy="1" r="1"></circle><text x="1" y="2" text-anchor="middle">1</text></a></g></svg>')
    assert sanitize_html(chart) == chart
    hostile = ('<svg onload="alert(1)"><script>alert(2)</script><a href="javascript:alert(3)"><text>x</text></a>'
               '<a xlink:href="javascript:alert(4)">y</a><foreignObject><p>z</p></foreignObject>'
               '<animate attributeName="href" to="javascript:alert(5)"></animate>'
               '<use href="data:image/svg+xml,&lt;svg onload=alert(6)&gt;"></use>'
               '<style>*{background:url(https://example.org/)}</style><rect style="fill:red" onclick="alert(7)"></rect></svg>')
    cleaned = sanitize_html(hostile)
    assert "alert" not in cleaned and "javascript" not in cleaned.lower()
    for gone in ("<script", "<foreignobject", "<animate", "<use", "<style", "style=", "onload", "onclick"):
        assert gone not in cleaned.lower(), gone
