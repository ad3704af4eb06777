"""Issue 16 in a real browser: comparing cases side by side, and the wijkscan."""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlsplit

import pytest

from .browser import screenshot

pytestmark = pytest.mark.browser

THREE = ("selwerd-groningen", "donderberg-roermond", "mom-tilburg")


@pytest.fixture(scope="module")
def cases(bundled_site):
    return {item["slug"]: item for item in json.loads((bundled_site / "data/cases.json").read_text("utf-8"))}


def open_compare(page, url: str):
    page.goto(url)
    page.locator(".ww-compare-picker").wait_for()


def assert_three_columns_with_explanations(page, cases):
    columns = page.locator("#ww-vergelijking thead th[scope=col]")
    assert columns.count() == 3
    assert [columns.nth(i).get_attribute("data-slug") for i in range(3)] == list(THREE)
    for slug in THREE:
        for tag in cases[slug]["bouwstenen"]:
            row = page.locator("#ww-vergelijking tbody tr").filter(
                has=page.locator(f'th a[href$="bouwstenen/{tag["id"]}/"]'))
            cell = row.locator(f'td[data-slug="{slug}"]')
            assert " ".join(tag["toelichting"].split())[:60] in " ".join(cell.inner_text().split()), (slug, tag["id"])


def test_three_cases_picked_on_the_page_show_in_columns_and_the_address_restores_them(page, site_url, cases):
    open_compare(page, site_url + "vergelijk/")
    for slug in THREE[:2]:
        page.locator(f"#ww-vergelijk-{slug}").check()
    # The third with the keyboard: focus the checkbox and press space.
    page.locator(f"#ww-vergelijk-{THREE[2]}").focus()
    page.keyboard.press("Space")
    assert_three_columns_with_explanations(page, cases)
    # A fourth cannot be added until one is removed.
    assert page.locator("#ww-vergelijk-tweekelerveld-enschede").is_disabled()
    assert parse_qs(urlsplit(page.url).query)["casussen"] == [",".join(THREE)]
    # Rows that differ say so in text, not colour alone.
    differing = page.locator("#ww-vergelijking tr.ww-differs")
    assert differing.count() > 0
    assert "verschilt" in differing.first.locator("th").inner_text()
    screenshot(page, "vergelijk-desktop")

    shared = page.url
    fresh = page.context.new_page()
    fresh.goto(shared)
    fresh.locator("#ww-vergelijking").wait_for()
    assert_three_columns_with_explanations(fresh, cases)
    assert all(fresh.locator(f"#ww-vergelijk-{slug}").is_checked() for slug in THREE)
    assert page.errors == []


def test_an_unknown_case_in_the_address_is_named_and_ignored(page, site_url):
    open_compare(page, site_url + "vergelijk/?casussen=selwerd-groningen,bestaat-niet,mom-tilburg")
    assert "bestaat-niet" in page.locator("#ww-vergelijk-melding").inner_text()
    assert page.locator("#ww-vergelijking thead th[scope=col]").count() == 2
    assert "bestaat-niet" not in page.url
    assert page.errors == []


def test_on_a_phone_the_columns_become_sections(browser, site_url):  # noqa: F811
    context = browser.new_context(viewport={"width": 375, "height": 800})
    phone = context.new_page()
    phone.goto(site_url + "vergelijk/?casussen=" + ",".join(THREE))
    phone.locator(".ww-compare-narrow").wait_for()
    assert phone.locator(".ww-compare-case").count() == 3
    assert not phone.locator("#ww-vergelijking").is_visible()
    screenshot(phone, "vergelijk-telefoon")
    context.close()


def test_a_case_page_and_the_finder_link_to_the_comparison(page, site_url):
    page.goto(site_url + "casussen/selwerd-groningen/")
    page.locator(".ww-vergelijk-link a").click()
    page.locator("#ww-vergelijk-selwerd-groningen:checked").wait_for()
    page.goto(site_url + "vind/")
    # The finder writes its results (and their compare links) once its data has loaded.
    page.locator('.ww-finder-compare a[href*="vergelijk/?casussen="]').first.wait_for()


def answer_wijkscan(page, weakest: str) -> None:
    for question in page.locator(".ww-wijkscan-question").all():
        question_id = question.get_attribute("data-question")
        value = "0" if question_id.startswith(weakest + "-") else "2"
        page.locator(f'input[name="{question_id}"][value="{value}"]').check()


def test_wijkscan_puts_the_weakest_block_and_its_cases_first_and_shares_the_answers(page, site_url, cases):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(site_url + "wijkscan/")
    page.locator(".ww-wijkscan-question").first.wait_for()
    assert "geen gevalideerd instrument" in page.locator("article").inner_text()
    answer_wijkscan(page, "lange-adem")
    first = page.locator(".ww-wijkscan-attention > li").first
    assert first.get_attribute("data-term") == "lange-adem"
    assert first.locator('a[href$="bouwstenen/lange-adem/"]').count() == 1
    listed = [item.get_attribute("data-slug") for item in first.locator(".ww-wijkscan-cases > li").all()]
    tagged = {slug: next(t for t in case["bouwstenen"] if t["id"] == "lange-adem")
              for slug, case in cases.items() if any(t["id"] == "lange-adem" for t in case["bouwstenen"])}
    assert listed and set(listed) <= set(tagged)
    grounds = [tagged[slug]["grond"] for slug in listed]
    assert grounds == sorted(grounds, key=lambda g: {"bron": 0, "duiding": 1}.get(g, 2))  # source examples first
    top = first.locator(".ww-wijkscan-cases > li").first
    assert " ".join(tagged[listed[0]]["toelichting"].split())[:60] in " ".join(top.inner_text().split())
    screenshot(page, "wijkscan-desktop")

    shared = page.url
    assert "lange-adem-1=0" in shared
    fresh = page.context.new_page()
    fresh.goto(shared)
    fresh.locator(".ww-wijkscan-attention").wait_for()
    assert fresh.locator('input[name="lange-adem-1"][value="0"]').is_checked()
    assert fresh.locator(".ww-wijkscan-attention > li").first.get_attribute("data-term") == "lange-adem"
    # Answers go nowhere: every request is for the site's own files, none carries them.
    assert all(url.startswith(site_url) for url in requested), requested
    assert not [url for url in requested if "lange-adem-1" in url and "/wijkscan/" not in url]
    assert page.errors == []


def test_wijkscan_on_a_phone(browser, site_url):  # noqa: F811
    context = browser.new_context(viewport={"width": 375, "height": 800})
    phone = context.new_page()
    phone.goto(site_url + "wijkscan/")
    phone.locator(".ww-wijkscan-question").first.wait_for()
    answer_wijkscan(phone, "lange-adem")
    screenshot(phone, "wijkscan-telefoon")
    context.close()
