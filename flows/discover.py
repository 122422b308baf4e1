"""Discovery: article URLs out of RSS/Atom feeds and sitemaps (sitemap indexes and news sitemaps),
the feeds and sitemaps of a site's home page, and pages out of local WARC files.

Plain parsing, no network. XML is parsed safely: no external entities, no network access, no DTD
loading, and never more than fetch.max_bytes (the fetch stage caps the body). trafilatura's own
feeds/sitemaps modules were tried first; they drop links to IP-address hosts (intranet sources,
loopback tests) and to pages they take for navigation, so the standard formats are read here.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import urljoin

import courlan
from lxml import etree
from trafilatura.feeds import FeedParameters, determine_feed

_PARSER_OPTIONS = {"resolve_entities": False, "no_network": True, "load_dtd": False, "huge_tree": False}
_FEED_ROOTS = {"rss", "RDF", "feed"}


@dataclass
class Discovered:
    kind: str  # feed, sitemap, sitemap_index, site, or unknown
    page_urls: list[str] = field(default_factory=list)
    sitemap_urls: list[str] = field(default_factory=list)
    feed_urls: list[str] = field(default_factory=list)


def site_feeds_and_sitemaps(home_page: str, site_url: str, robots_sitemaps: list[str] | None) -> Discovered:
    """The feeds a site's home page announces (trafilatura's feed finder: <link rel="alternate">, else
    feed-like links) and the sitemaps its robots.txt names, else the conventional /sitemap.xml."""
    domain, base_url = courlan.get_hostinfo(site_url)
    feeds = determine_feed(home_page, FeedParameters(base_url, domain, site_url))
    sitemaps = _unique(site_url, robots_sitemaps or []) or [urljoin(site_url, "/sitemap.xml")]
    return Discovered("site", sitemap_urls=sitemaps, feed_urls=feeds)


def parse_feed_or_sitemap(document: bytes, base_url: str) -> Discovered:
    """The links a feed or sitemap lists, resolved against `base_url`, in document order, unique."""
    try:
        root = etree.fromstring(document, etree.XMLParser(recover=True, **_PARSER_OPTIONS))
    except etree.XMLSyntaxError:
        root = None
    if root is None:
        return Discovered("unknown")
    name = etree.QName(root).localname
    if name in _FEED_ROOTS:
        return Discovered("feed", page_urls=_unique(base_url, _feed_links(root)))
    if name == "urlset":
        return Discovered("sitemap", page_urls=_unique(base_url, _locations(root, "url")))
    if name == "sitemapindex":
        return Discovered("sitemap_index", sitemap_urls=_unique(base_url, _locations(root, "sitemap")))
    return Discovered("unknown")


def _feed_links(root: etree._Element) -> list[str]:
    links = []
    for item in root.iter("{*}item", "{*}entry"):
        link = _atom_link(item) or _child_text(item, "link")
        if not link and (_child_text(item, "guid") or "").startswith("http"):
            link = _child_text(item, "guid")  # RSS: a permalink guid stands in for a missing <link>
        if link:
            links.append(link)
    return links


def _atom_link(entry: etree._Element) -> str | None:
    for link in entry.iterfind("{*}link"):
        if link.get("href") and link.get("rel", "alternate") == "alternate":
            return link.get("href")
    return None


def _locations(root: etree._Element, entry_name: str) -> list[str]:
    return [text for entry in root.iterfind(f"{{*}}{entry_name}") if (text := _child_text(entry, "loc"))]


def _child_text(element: etree._Element, name: str) -> str | None:
    child = element.find(f"{{*}}{name}")
    text = (child.text or "").strip() if child is not None else ""
    return text or None


def _unique(base_url: str, links: list[str]) -> list[str]:
    resolved = (urljoin(base_url, link) for link in links)
    return list(dict.fromkeys(link for link in resolved if link.startswith(("http://", "https://"))))


@dataclass
class WarcPage:
    url: str
    body: bytes
    http_status: int | None
    content_type: str | None
    captured_at: datetime | None


def read_warc(path: Path, max_records: int | None = None) -> Iterator[WarcPage]:
    """The HTML responses of a WARC file (e.g. Common Crawl's CC-NEWS), read with warcio: pages
    captured once, processed without refetching. Other records (requests, metadata, images, PDFs)
    are skipped."""
    from warcio.archiveiterator import ArchiveIterator

    count = 0
    with open(path, "rb") as stream:
        for record in ArchiveIterator(stream):
            if record.rec_type != "response" or record.http_headers is None:
                continue
            content_type = record.http_headers.get_header("Content-Type") or ""
            if "html" not in content_type.lower():
                continue
            captured = record.rec_headers.get_header("WARC-Date")
            yield WarcPage(
                record.rec_headers.get_header("WARC-Target-URI"),
                record.content_stream().read(),
                int(record.http_headers.get_statuscode() or 0) or None,
                content_type,
                datetime.fromisoformat(captured.replace("Z", "+00:00")) if captured else None,
            )
            count += 1
            if max_records is not None and count >= max_records:
                return
