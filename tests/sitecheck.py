"""Read a built site: every internal link and anchor, parsed with html.parser."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit


class _LinkCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if attributes.get("id"):
            self.ids.add(attributes["id"])
        if tag == "a" and attributes.get("name"):
            self.ids.add(attributes["name"])
        for name in ("href", "src"):
            if attributes.get(name) and tag in ("a", "link", "script", "img"):
                self.links.append(attributes[name])


def parse(path: Path) -> _LinkCollector:
    collector = _LinkCollector()
    collector.feed(path.read_text(encoding="utf-8"))
    return collector


def target_file(site: Path, page: Path, link: str, root_path: str = "/") -> Path | None:
    parts = urlsplit(link)
    if parts.scheme or parts.netloc or link.startswith(("mailto:", "data:")):
        return None  # external
    if not parts.path:
        return page
    path = parts.path
    if path.startswith("/"):  # site-absolute (the 404 page): strip the site's own path
        path = path[len(root_path):] if path.startswith(root_path) else path.lstrip("/")
        base = site
    else:
        base = page.parent
    target = (base / unquote(path)).resolve()
    return target / "index.html" if target.is_dir() or parts.path.endswith("/") else target


def broken_links(site: Path, root_path: str = "/") -> list[str]:
    """Every internal link or anchor in the site that does not resolve.

    `root_path` is the path part of the site's URL (site_url), e.g. "/wijkwijzer/".
    """
    parsed = {page: parse(page) for page in site.rglob("*.html")}
    problems = []
    for page, collector in parsed.items():
        for link in collector.links:
            target = target_file(site, page, link, root_path)
            if target is None:
                continue
            if not target.exists():
                problems.append(f"{page.relative_to(site)}: {link} -> ontbreekt")
                continue
            fragment = urlsplit(link).fragment
            if fragment and target.suffix == ".html":
                ids = parsed[target].ids if target in parsed else parse(target).ids
                if unquote(fragment) not in ids:
                    problems.append(f"{page.relative_to(site)}: {link} -> anker ontbreekt")
    return problems


class _UnsafeMarkupFinder(HTMLParser):
    """Finds active content in parsed HTML (not in text, where it is harmless).

    A JSON-LD script is data, not code: the marker may stand in it as long as the
    whole script parses as JSON (text that broke out of it would leave a fragment).
    """

    def __init__(self, marker: str) -> None:
        super().__init__()
        self.marker = marker
        self.found: list[str] = []
        self._in_script = False
        self._json_ld: str | None = None

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name.lower().startswith("on"):
                self.found.append(f"<{tag} {name}=...>")
            if name.lower() in ("href", "src", "action", "formaction") and value:
                if "".join(value.split()).lower().startswith(("javascript:", "vbscript:", "data:text/html")):
                    self.found.append(f"<{tag} {name}={value!r}>")
        if tag == "script":
            self._in_script = True
            if dict(attrs).get("type") == "application/ld+json":
                self._json_ld = ""

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False
            if self._json_ld is not None:
                import json

                try:
                    json.loads(self._json_ld)
                except ValueError:
                    self.found.append(f"<script type=application/ld+json> geen JSON: {self._json_ld[:60]!r}")
                self._json_ld = None

    def handle_data(self, data):
        if self._json_ld is not None:
            self._json_ld += data
            return
        if self._in_script and self.marker in data:
            self.found.append(f"<script> met {data.strip()[:60]!r}")


def unsafe_markup(page: Path, marker: str = "alert(") -> list[str]:
    """Event handlers, script URLs, and scripts that carry `marker`, in one page."""
    finder = _UnsafeMarkupFinder(marker)
    finder.feed(page.read_text(encoding="utf-8"))
    return finder.found
