"""Structured data for the page head: OpenGraph/Twitter card values and schema.org JSON-LD.

Runs in the render-pages stage: a renderer puts `head_meta(...)` into a page's
front matter (key `wijkwijzer_head`) and the theme override
(theme/main.html, block `extrahead`) places it. The theme's Jinja has no
autoescaping, so the template escapes the plain values (`| e`) and places the
JSON-LD as it is: `script_json` is the one boundary for case text inside a
`<script>` element (the sanitiser only sees the page body).
"""

from __future__ import annotations

import json

from .publisher import Publisher
from .site_context import SiteContext
from .views import TAG_KINDS, CaseView, SourceView

SCHEMA_ORG = "https://schema.org"
# Inside <script> only these could end the element or open a comment or entity;
# as JSON escapes they read back the same. U+2028/2029 end a line in older JavaScript.
_SCRIPT_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_SCRIPT_TABLE = str.maketrans(_SCRIPT_ESCAPES)


def script_json(data: object) -> str:
    """JSON that is safe as the text of an HTML <script> element, whatever strings it holds."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.translate(_SCRIPT_TABLE)


def head_meta(title: str, description: str, og_type: str = "website", json_ld: dict | None = None) -> dict:
    """The page meta theme/main.html reads: OpenGraph values and the JSON-LD, encoded."""
    meta = {"title": title, "description": " ".join(description.split()), "type": og_type}
    if json_ld is not None:
        meta["json_ld"] = script_json(json_ld)
    return meta


def organisation(publisher: Publisher) -> dict:
    data = {"@type": "Organization", "name": publisher.name}
    if publisher.site_url:
        data["url"] = publisher.site_url
    return data


def source_work(source: SourceView) -> dict:
    """A case's source as a schema.org CreativeWork (the fields it has)."""
    work: dict = {"@type": "CreativeWork", "name": source.title}
    if source.authors:
        work["author"] = source.authors
    if source.publisher:
        work["publisher"] = {"@type": "Organization", "name": source.publisher}
    if source.date is not None:
        work["datePublished"] = source.date.isoformat()
    elif source.year is not None:
        work["datePublished"] = str(source.year)
    if source.url:
        work["url"] = source.url
    return work


def case_article(case: CaseView, site: SiteContext) -> dict:
    """The case page as a schema.org Article: what it is about and what it cites."""
    publisher = site.publisher
    article: dict = {
        "@context": SCHEMA_ORG, "@type": "Article",
        "headline": case.title, "description": case.summary,
        "inLanguage": "nl", "isAccessibleForFree": True,
        # The knowledge base writes the case from its sources: author and publisher both.
        "author": organisation(publisher), "publisher": organisation(publisher),
        "license": publisher.licence.url,
        "about": [{"@type": "DefinedTerm", "name": tag.term.label, "termCode": tag.term.id,
                   "inDefinedTermSet": tag.term.noun.heading}
                  for kind in TAG_KINDS for tag in case.tags[kind]],
        "citation": [source_work(source) for source in case.sources],
    }
    url = site.absolute_url(case.target.url)
    if url:
        article["url"] = url
        article["mainEntityOfPage"] = url
        for term, item in zip((tag.term for kind in TAG_KINDS for tag in case.tags[kind]), article["about"]):
            item["url"] = site.absolute_url(term.target.url)
    if case.last_changed:
        article["dateModified"] = case.last_changed.isoformat()
    added = site.first_added.get(case.source_path)
    if added:
        article["datePublished"] = added.isoformat()
    return article


def case_head(case: CaseView, site: SiteContext) -> dict:
    return head_meta(case.title, case.summary, "article", case_article(case, site))


def dataset(site: SiteContext, description: str, page_url: str,
            distributions: list[tuple[str, str, str]]) -> dict:
    """The open data as a schema.org Dataset, as Google's and DCAT harvesters read it.

    `distributions`: (name, site path, media type) of each download.
    """
    publisher = site.publisher
    data: dict = {
        "@context": SCHEMA_ORG, "@type": "Dataset",
        "name": f"{site.site_name}: casussen van de wijkaanpak",
        "description": description,
        "inLanguage": "nl", "isAccessibleForFree": True,
        "license": publisher.licence.url,
        "creator": organisation(publisher), "publisher": organisation(publisher),
        "keywords": ["wijkaanpak", "wijkontwikkeling", "praktijkvoorbeelden", "bouwstenen"],
        "distribution": [],
    }
    for name, path, media_type in distributions:
        distribution = {"@type": "DataDownload", "name": name, "encodingFormat": media_type}
        url = site.absolute_url(path)
        if url:
            distribution["contentUrl"] = url
        data["distribution"].append(distribution)
    if site.site_url:
        data["url"] = site.absolute_url(page_url)
    dates = [date for date in site.last_changed.values()]
    if dates:
        data["dateModified"] = max(dates).isoformat()
    return data


# --- DCAT-AP-NL: the catalogue a national data portal harvests ------------------------------

DCAT_CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
EU_AUTHORITY = "http://publications.europa.eu/resource/authority/"
IANA_MEDIA_TYPES = "https://www.iana.org/assignments/media-types/"
# The file types of the EU vocabulary a portal maps formats with.
EU_FILE_TYPES = {"application/json": "JSON", "text/csv": "CSV", "application/schema+json": "JSON"}


def _resource(url: str) -> dict:
    return {"@id": url}


def dcat_catalogue(site: SiteContext, description: str, page_url: str,
                   distributions: list[tuple[str, str, str]]) -> dict | None:
    """data/catalogus.jsonld: the open data as a DCAT-AP-NL catalogue (JSON-LD) with one
    dataset and a distribution per download. Harvesters need absolute addresses, so
    there is no catalogue without site_url (None)."""
    if not site.site_url:
        return None
    publisher = site.publisher
    agent = {"@id": publisher.site_url + "#uitgever", "@type": "foaf:Agent", "foaf:name": publisher.name}
    contact: dict = {"@type": "vcard:Organization", "vcard:fn": publisher.name}
    if publisher.contact and "@" in publisher.contact and "://" not in publisher.contact:
        contact["vcard:hasEmail"] = _resource("mailto:" + publisher.contact)
    else:
        contact["vcard:hasURL"] = _resource(publisher.contact if publisher.contact and "://" in publisher.contact
                                            else publisher.site_url)
    licence = _resource(publisher.licence.url)
    landing = site.absolute_url(page_url)
    dataset: dict = {
        "@id": landing + "#dataset", "@type": "dcat:Dataset",
        "dct:identifier": landing + "#dataset",
        "dct:title": {"@value": f"{site.site_name}: casussen van de wijkaanpak", "@language": "nl"},
        "dct:description": {"@value": description, "@language": "nl"},
        "dct:publisher": _resource(agent["@id"]),
        "dcat:contactPoint": contact,
        "dct:language": _resource(EU_AUTHORITY + "language/NLD"),
        "dct:accessRights": _resource(EU_AUTHORITY + "access-right/PUBLIC"),
        "dct:license": licence,
        "dcat:theme": [_resource(EU_AUTHORITY + "data-theme/SOCI"),
                       _resource("http://standaarden.overheid.nl/owms/terms/Bouwen_en_wonen")],
        "dct:spatial": _resource(EU_AUTHORITY + "country/NLD"),
        "dcat:keyword": [{"@value": word, "@language": "nl"} for word in
                         ("wijkaanpak", "wijkontwikkeling", "praktijkvoorbeelden", "bouwstenen")],
        "dcat:landingPage": _resource(landing),
        "dcat:distribution": [],
    }
    dates = list(site.last_changed.values())
    if dates:
        dataset["dct:modified"] = {"@value": max(dates).isoformat(), "@type": "xsd:date"}
    for name, path, media_type in distributions:
        url = site.absolute_url(path)
        dataset["dcat:distribution"].append({
            "@id": url + "#distributie", "@type": "dcat:Distribution",
            "dct:title": name, "dcat:accessURL": _resource(url), "dcat:downloadURL": _resource(url),
            "dcat:mediaType": _resource(IANA_MEDIA_TYPES + media_type),
            "dct:format": _resource(EU_AUTHORITY + "file-type/" + EU_FILE_TYPES.get(media_type, "JSON")),
            "dct:license": licence,
        })
    return {
        "@context": DCAT_CONTEXT,
        "@graph": [
            {"@id": publisher.site_url + "#catalogus", "@type": "dcat:Catalog",
             "dct:title": {"@value": site.site_name, "@language": "nl"},
             "dct:description": {"@value": f"Open data van {site.site_name}.", "@language": "nl"},
             "dct:publisher": _resource(agent["@id"]), "foaf:homepage": _resource(publisher.site_url),
             "dct:language": _resource(EU_AUTHORITY + "language/NLD"), "dct:license": licence,
             "dcat:dataset": [_resource(dataset["@id"])]},
            agent,
            dataset,
        ],
    }
