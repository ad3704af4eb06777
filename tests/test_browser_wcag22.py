"""What WCAG 2.2 adds that axe-core cannot fully see, measured in Debian's Chromium on
the built site at a desktop's width and at 320 px (issue 26, point 6):

- 2.5.8 target size: every control a pointer aims at is at least 24 by 24 CSS px, or
  spaced so that a 24 px circle around it touches no other (links in a sentence are
  exempt, as WCAG allows);
- 2.4.11 focus not obscured: walking the page with Tab and Shift+Tab, no focused
  control lies wholly under the sticky header or anything else laid over the page;
- 2.4.7 focus visible: every focused control carries an outline;
- 3.2.6 consistent help: the footer's link to the accessibility statement (where a
  reader finds whom to ask) stands in the same place on every page type.

Nothing on the site needs dragging (2.5.7): the map is a picture with links, not a
pannable map. The measurements live in tests/wcag22.js; each has a probe below that
injects a failing control and shows the check reports it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .browser import watch_errors
from .test_accessibility import PAGE_TYPES

pytestmark = pytest.mark.browser

CHECKS = Path(__file__).with_name("wcag22.js")
VIEWPORTS = {"1280px": {"width": 1280, "height": 900}, "320px": {"width": 320, "height": 640}}
# The page types of the keyboard walk: one of each kind, not every variant axe sees.
WALKED = ["home", "case", "building block", "knowledge", "province", "finder", "matrix", "timeline",
          "map", "open data", "rules", "compare, two cases", "wijkscan, answered"]
# Tab stops walked from the top and, with Shift+Tab, from the bottom of a page: the
# header, the menu and the start of the content, then the footer and the end of the
# content, where a backward walk scrolls up under the header.
STOPS_EACH_WAY = 45


def open_page(browser, url: str, viewport: str):
    # With reduced motion (a reader's own setting, which Material honours) the page takes
    # its final layout at once: the checks see the same positions, and a walk's stop does
    # not wait a quarter second for each transition (23 s a walk became 3 s).
    context = browser.new_context(viewport=VIEWPORTS[viewport], reduced_motion="reduce")
    page = context.new_page()
    page.errors = watch_errors(page)
    page.goto(url)
    page.wait_for_load_state("networkidle")
    page.add_script_tag(path=str(CHECKS))
    return page


def target_size_findings(page, within: str = "html") -> list[str]:
    return page.evaluate("within => wcag22.targetSize(within)", within)


def focus_findings(page) -> list[str]:
    # Once Material's transitions have run (wcag22.settled), both checks look at the same moment.
    return page.evaluate("async () => { await wcag22.settled(); return [...wcag22.focusObscured(), ...wcag22.focusVisible()]; }")


def keyboard_walk(page, key: str, stops: int = STOPS_EACH_WAY) -> list[str]:
    """Press `key` up to `stops` times from where the focus is; what each focus shows."""
    findings: list[str] = []
    for _ in range(stops):
        page.keyboard.press(key)
        if page.evaluate("document.activeElement === document.body"):
            break
        findings += focus_findings(page)
    return findings


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_every_control_is_large_enough_to_hit(browser, engine_site_url, page_type, viewport):
    page = open_page(browser, engine_site_url + PAGE_TYPES[page_type], viewport)
    assert target_size_findings(page) == []
    page.context.close()


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_the_open_search_results_are_large_enough_to_hit(browser, site_url, viewport):
    page = open_page(browser, site_url, viewport)
    page.locator(".md-search__input").focus()  # opens the box, as a tap on the magnifier does
    page.locator("input.md-search__input").press_sequentially("wijk")
    page.locator(".md-search-result__item").first.wait_for(timeout=15_000)
    # The page under the open search is no target; on a phone it lies below the box's
    # overlay, which spans the window.
    assert target_size_findings(page, ".md-search") == []
    # Tab on through the results and out of the search box: nothing stays hidden.
    page.locator("input.md-search__input").focus()
    assert keyboard_walk(page, "Tab", 15) == []
    page.context.close()


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("page_type", WALKED)
def test_a_keyboard_walk_never_hides_the_focus(browser, site_url, page_type, viewport):
    page = open_page(browser, site_url + PAGE_TYPES[page_type], viewport)
    forward = keyboard_walk(page, "Tab")
    page.evaluate("document.activeElement.blur()")
    backward = keyboard_walk(page, "Shift+Tab")
    assert forward == [] and backward == []
    assert page.errors == []
    page.context.close()


def test_the_footer_points_to_help_in_the_same_place_on_every_page(browser, site_url):
    footers = {}
    for page_type in PAGE_TYPES:
        page = open_page(browser, site_url + PAGE_TYPES[page_type], "1280px")
        footers[page_type] = page.locator(".md-footer a").all_inner_texts()
        page.context.close()
    assert "Toegankelijkheid" in footers["home"]
    assert all(links == footers["home"] for links in footers.values()), footers


# --- Probes: each check reports what it exists to catch -------------------------------------

def test_the_target_size_check_reports_small_controls_close_together(browser, site_url):
    page = open_page(browser, site_url + PAGE_TYPES["case"], "1280px")
    assert target_size_findings(page) == []
    page.evaluate("""() => {
        const box = document.createElement("p");
        box.innerHTML = '<button style="all: unset; width: 14px; height: 14px">a</button>'
          + '<button style="all: unset; width: 14px; height: 14px; margin-left: 4px">b</button>';
        document.querySelector("article").prepend(box);
    }""")
    findings = target_size_findings(page)
    assert len(findings) == 2 and all("is 14×14 px" in finding for finding in findings), findings
    page.context.close()


def test_the_target_size_check_spares_a_small_control_with_room_around_it(browser, site_url):
    page = open_page(browser, site_url + PAGE_TYPES["case"], "1280px")
    page.evaluate("""() => {
        const box = document.createElement("p");
        box.innerHTML = '<button style="all: unset; width: 14px; height: 14px; margin: 20px">a</button>';
        document.querySelector("article").prepend(box);
    }""")
    assert target_size_findings(page) == []
    page.context.close()


def test_the_focus_check_reports_a_control_under_the_sticky_header(browser, site_url):
    page = open_page(browser, site_url + PAGE_TYPES["case"], "1280px")
    page.evaluate("""() => {
        const link = document.createElement("a");
        link.href = "#verstopt";
        link.textContent = "verstopt";
        link.style.cssText = "position: fixed; top: 4px; left: 300px; z-index: 1";
        document.querySelector("article").prepend(link);
        link.focus();
    }""")
    findings = focus_findings(page)
    assert len(findings) == 1 and "verstopt" in findings[0] and "hidden under" in findings[0], findings
    page.context.close()


def test_a_backward_walk_finds_the_focus_under_the_header_without_the_scroll_margin(browser, site_url):
    """The site's fix, taken away: Shift+Tab scrolls a control up to the window's top
    edge, behind the sticky header, and the walk must say so."""
    page = open_page(browser, site_url + PAGE_TYPES["case"], "1280px")
    page.add_style_tag(content=":focus { scroll-margin-top: 0 !important; }")
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    page.locator("article a[href]").last.focus()
    assert any("hidden under" in finding for finding in keyboard_walk(page, "Shift+Tab"))
    page.context.close()


def test_the_focus_check_reports_a_control_without_an_outline(browser, site_url):
    page = open_page(browser, site_url + PAGE_TYPES["case"], "1280px")
    page.add_style_tag(content="article a:focus-visible { outline: none !important; }")
    page.locator("article a[href]").first.focus()
    page.keyboard.press("Tab")  # the keyboard's focus, which :focus-visible marks
    findings = focus_findings(page)
    assert len(findings) == 1 and "no outline" in findings[0], findings
    page.context.close()
