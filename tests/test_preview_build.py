"""A preview per pull request (issue 27, point 3): the pull request's site, built into its
own folder under the published site with the address of that folder, leaves the
published site as it was and links only inside its own path; `.ci/pages` (what the
Publiceer and Voorbeeld workflows run on the gh-pages branch) keeps the previews when
the site is published again and removes one when its pull request closes."""

from __future__ import annotations

import hashlib
import posixpath
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from .conftest import ROOT, TEST_ADDRESSES

PAGES_SCRIPT = ROOT / ".ci" / "pages"
WORKFLOWS = ROOT / ".github" / "workflows"
PREVIEW_PATH = "voorbeelden/pr-12/"
PREVIEW_URL = TEST_ADDRESSES["site_url"] + PREVIEW_PATH


def fingerprint(folder: Path, leave_out: str | None = None) -> dict[str, str]:
    return {path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*")) if path.is_file()
            and not (leave_out and path.relative_to(folder).as_posix().startswith(leave_out))}


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        for name, value in attrs:
            if name in ("href", "src", "action", "content" if tag == "meta" else "") and value:
                self.found.append(value)


def links_leaving(page: str, link: str) -> bool:
    """Whether a link on `page` (a path inside the preview) points outside the preview's path
    on the site's host; links to other hosts are the site's business, not the preview's."""
    if link.startswith(("#", "mailto:", "data:", "tel:")):
        return False
    parts = urlsplit(link)
    site = urlsplit(TEST_ADDRESSES["site_url"])
    if parts.scheme in ("http", "https") or link.startswith("//"):
        return parts.netloc == site.netloc and not link.split("#")[0].startswith(PREVIEW_URL) \
            and not (link.rstrip("/") + "/" == PREVIEW_URL)
    if parts.scheme:
        return False  # not an address (a meta tag's text that happens to hold a colon)
    if link.startswith("/"):
        return not link.startswith(site.path + PREVIEW_PATH)
    resolved = posixpath.normpath(posixpath.join(posixpath.dirname(page), parts.path))
    return resolved == ".." or resolved.startswith("../")


def pages_script(*args: str) -> None:
    subprocess.run(["bash", str(PAGES_SCRIPT), *map(str, args)], check=True, capture_output=True)


@pytest.mark.slow
def test_a_pull_request_preview_builds_into_its_own_path(tmp_path, run_cli):
    pages = tmp_path / "gh-pages"
    published = tmp_path / "site"
    result = run_cli("build", "--out", str(published), "--site-url", TEST_ADDRESSES["site_url"],
                     "--repo-url", TEST_ADDRESSES["repo_url"])
    assert result.exit_code == 0, result.output
    pages.mkdir()
    pages_script("site", pages, published)
    before = fingerprint(pages)
    assert "index.html" in before and (pages / ".nojekyll").is_file()

    preview = pages / PREVIEW_PATH
    result = run_cli("build", "--out", str(preview), "--site-url", PREVIEW_URL,
                     "--repo-url", TEST_ADDRESSES["repo_url"])
    assert result.exit_code == 0, result.output
    # The published site is untouched; the preview is a whole site in its own folder.
    assert fingerprint(pages, leave_out="voorbeelden/") == before
    assert (preview / "index.html").is_file() and (preview / "casussen" / "donderberg-roermond" / "index.html").is_file()
    assert not list((pages / "voorbeelden").glob(".pr-12-*"))  # no staging folder left behind

    leaving = []
    pages_checked = 0
    for html in preview.rglob("*.html"):
        page = html.relative_to(preview).as_posix()
        parser = Links()
        parser.feed(html.read_text(encoding="utf-8"))
        leaving += [(page, link) for link in parser.found if links_leaving(page, link)]
        pages_checked += 1
    assert pages_checked > 50  # every case, term and overview page
    assert leaving == []
    case_page = (preview / "casussen" / "donderberg-roermond" / "index.html").read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{PREVIEW_URL}casussen/donderberg-roermond/">' in case_page
    feed = (preview / "feed.xml").read_text(encoding="utf-8")
    assert f'href="{PREVIEW_URL}casussen/' in feed and f'href="{TEST_ADDRESSES["site_url"]}casussen/' not in feed

    # Publishing main again replaces the site and keeps the open preview; closing the pull
    # request removes it and nothing else.
    preview_files = fingerprint(preview)
    (published / "index.html").write_text("nieuwe site", encoding="utf-8")
    pages_script("site", pages, published)
    assert (pages / "index.html").read_text(encoding="utf-8") == "nieuwe site"
    assert fingerprint(preview) == preview_files
    pages_script("remove", pages, 12)
    assert not (pages / "voorbeelden").exists()
    assert (pages / "index.html").is_file() and (pages / ".nojekyll").is_file()


def test_the_pages_script_places_a_built_preview_and_refuses_a_path_for_a_number(tmp_path):
    pages, built = tmp_path / "gh-pages", tmp_path / "voorbeeld"
    (pages / "casussen").mkdir(parents=True)
    (pages / "index.html").write_text("site", encoding="utf-8")
    built.mkdir()
    (built / "index.html").write_text("voorbeeld", encoding="utf-8")
    pages_script("preview", pages, built, 7)
    assert (pages / "voorbeelden" / "pr-7" / "index.html").read_text(encoding="utf-8") == "voorbeeld"
    assert (pages / "index.html").read_text(encoding="utf-8") == "site"
    refused = subprocess.run(["bash", str(PAGES_SCRIPT), "remove", str(pages), "../casussen"],
                             capture_output=True, text=True)
    assert refused.returncode == 2 and "geen nummer" in refused.stderr
    assert (pages / "casussen").is_dir()


def test_the_preview_workflow_publishes_branches_of_the_repository_only():
    workflow = yaml.safe_load((WORKFLOWS / "preview.yml").read_text(encoding="utf-8"))
    triggers = workflow[True]["pull_request"]["types"]  # YAML 1.1 reads `on` as true
    assert set(triggers) >= {"opened", "synchronize", "closed"}
    jobs = workflow["jobs"]
    build = " ".join(str(step) for step in jobs["build"]["steps"])
    assert "wijkwijzer build --out voorbeeld" in build and "actions/upload-artifact" in build
    assert "head.repo.full_name == github.repository" in jobs["publish"]["if"]
    assert "head.repo.full_name == github.repository" in jobs["remove"]["if"]
    assert "closed" in jobs["remove"]["if"] and "closed" in jobs["build"]["if"]
    publish = " ".join(str(step) for step in jobs["publish"]["steps"])
    assert ".ci/pages preview" in publish and "gh pr comment" in publish
    assert ".ci/pages remove" in " ".join(str(step) for step in jobs["remove"]["steps"])
    # Forks get read-only tokens: nothing but the publish and remove jobs may write.
    assert workflow["permissions"] == {"contents": "read"}
    assert jobs["build"]["permissions"] == {"contents": "read", "pages": "read"}
    site = yaml.safe_load((WORKFLOWS / "publish.yml").read_text(encoding="utf-8"))
    assert ".ci/pages site pages site" in " ".join(str(step) for step in site["jobs"]["publish"]["steps"])
    assert site["concurrency"]["group"] == jobs["publish"]["concurrency"]["group"] == "gh-pages"
