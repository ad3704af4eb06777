"""The Atom feed of new and changed cases, published as /feed.xml.

Part of the render-pages stage (render.render_site), from the same `SiteContext`
as the pages: the newest `FEED_SIZE` cases by the date of their
last change in git (history.py). An entry's id is the case's permanent address,
so a changed case updates its entry in a feed reader instead of adding one.
Feeds need absolute addresses, so without `site_url` in mkdocs.yml there is no feed.
Every page advertises the feed in its head (theme/main.html).
"""

from __future__ import annotations

import datetime
import re
import xml.etree.ElementTree as ElementTree
from pathlib import Path

from ..content.catalog import CaseRecord
from . import urls
from .pages import GeneratedPage
from .site_context import SiteContext
from .site_data import VOCABULARIES_DATA

FEED_PATH = urls.data_file("feed.xml").file
FEED_SIZE = 20
ATOM = "http://www.w3.org/2005/Atom"
FEED_TITLE = "nieuwe en gewijzigde casussen"
# What the theme writes as the sitemap: it lists only pages with an absolute address.
SITEMAP_FILES = ("sitemap.xml", "sitemap.xml.gz")
# What XML 1.0 cannot hold (control characters but tab and line ends, lone surrogates,
# U+FFFE and U+FFFF), and the noncharacters U+FDD0-U+FDEF it discourages. `check` refuses
# them (WW121, WW123); the feed stays well formed whatever got past it. One class: linear.
NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufdcf\ufdf0-\ufffd\U00010000-\U0010ffff]")
REPLACEMENT = "\ufffd"


def xml_text(value: str) -> str:
    """Text that an XML document can hold: each character XML forbids shown as U+FFFD."""
    return NOT_XML.sub(REPLACEMENT, value)


def _timestamp(date: datetime.date) -> str:
    return f"{date.isoformat()}T00:00:00Z"


def newest_cases(site: SiteContext, limit: int = FEED_SIZE) -> list[tuple[CaseRecord, datetime.date]]:
    """The most recently changed cases, newest first; cases without a date are left out."""
    dated = [(record, site.last_changed[record.source_path]) for record in site.catalog.cases
             if record.source_path in site.last_changed]
    dated.sort(key=lambda item: (item[1], item[0].slug), reverse=True)
    return dated[:limit]


def entry_status(site: SiteContext, record: CaseRecord, changed: datetime.date) -> str | None:
    """'Nieuw' when the last change is the case's first commit, 'Gewijzigd' after; None if unknown."""
    added = site.first_added.get(record.source_path)
    if added is None:
        return None
    return "Nieuw" if added >= changed else "Gewijzigd"


def render_feed(site: SiteContext, today: datetime.date | None = None) -> str:
    """The feed as Atom XML; requires `site.site_url`."""
    if not site.site_url:
        raise ValueError("een Atom-feed heeft site_url nodig (absolute adressen)")
    ElementTree.register_namespace("", ATOM)

    def child(parent, tag: str, text: str | None = None, **attributes: str):
        element = ElementTree.SubElement(parent, f"{{{ATOM}}}{tag}",
                                         {name: xml_text(value) for name, value in attributes.items()})
        if text is not None:
            element.text = xml_text(text)
        return element

    entries = newest_cases(site)
    feed = ElementTree.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": "nl"})
    child(feed, "id", site.absolute_url(FEED_PATH))
    child(feed, "title", f"{site.site_name}: {FEED_TITLE}")
    child(feed, "subtitle", f"De {FEED_SIZE} laatst toegevoegde of gewijzigde praktijkvoorbeelden "
                            "van de wijkaanpak.")
    child(feed, "link", rel="self", type="application/atom+xml", href=site.absolute_url(FEED_PATH))
    child(feed, "link", rel="alternate", type="text/html", href=site.site_url)
    newest = entries[0][1] if entries else (today or datetime.date.today())
    child(feed, "updated", _timestamp(newest))
    author = child(feed, "author")
    child(author, "name", site.publisher.name)
    child(author, "uri", site.site_url)
    child(feed, "rights", f"Tekst en casussen: {site.publisher.licence.label}; feiten uit de per casus "
                          "genoemde bronnen.")
    child(feed, "generator", "wijkwijzer")
    for record, changed in entries:
        view = site.view(record)
        url = site.absolute_url(view.target.url)
        status = entry_status(site, record, changed)
        entry = child(feed, "entry")
        child(entry, "id", url)
        child(entry, "title", f"{status}: {view.title}" if status else view.title)
        child(entry, "link", rel="alternate", type="text/html", href=url)
        added = site.first_added.get(record.source_path)
        if added is not None:
            child(entry, "published", _timestamp(added))
        child(entry, "updated", _timestamp(changed))
        child(entry, "summary", f"{view.place} · {view.period}. {view.summary}",
              type="text")
        for term in (*view.building_blocks, *view.carriers):
            child(entry, "category", term=term.id, label=term.label,
                  scheme=site.absolute_url(urls.kind_index(term.kind).url))
        # The review status, in the scheme of the vocabularies' open data (`controle`).
        review = view.review
        child(entry, "category", term=review.status,
              label=f"{review.label} ({review.changed_notice})" if review.changed_notice else review.label,
              scheme=site.absolute_url(VOCABULARIES_DATA.url) + "#controle")
    ElementTree.indent(feed)
    return ElementTree.tostring(feed, encoding="unicode", xml_declaration=True) + "\n"


def generate_feed(site: SiteContext) -> list[GeneratedPage]:
    """The feed file, or nothing when the site has no absolute address."""
    return [GeneratedPage(FEED_PATH, render_feed(site))] if site.site_url else []


def remove_empty_sitemap(site_dir: Path) -> None:
    """Without site_url a sitemap can name no page (it needs absolute addresses) and the
    theme writes an empty list: leave it out, as the feed is left out. Runs after the
    engine has written the site."""
    for name in SITEMAP_FILES:
        (site_dir / name).unlink(missing_ok=True)
