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


@dataclass
class WarcProblem:
    """A record that cannot become a page: its status (bad_record, too_large, truncated) and why."""

    url: str | None
    status: str
    error: str


def read_warc(path: Path, max_bytes: int = 5_000_000) -> Iterator[WarcPage | WarcProblem]:
    """The HTML responses of a WARC file (e.g. Common Crawl's CC-NEWS), read with warcio: pages
    captured once, processed without refetching. Other records (requests, metadata, images, PDFs)
    are skipped. A record without a target URI or with an unreadable HTTP status is a bad_record, a body
    over `max_bytes` too_large (read no further than that); the file goes on after a bad record. A file
    cut short is reported as truncated: a record whose body ends before its Content-Length, bytes after
    the last whole record that no record can be read from, or an error of the reader mid-file (the
    records before it stand). warcio itself ends silently at a cut gzip member."""
    from warcio.archiveiterator import ArchiveIterator

    with open(path, "rb") as stream:
        records = ArchiveIterator(stream)
        try:
            for record in records:
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                content_type = record.http_headers.get_header("Content-Type") or ""
                if "html" not in content_type.lower():
                    continue
                yield _warc_page(record, content_type, max_bytes)
        except Exception as exc:  # noqa: BLE001 - warcio and gzip raise many kinds on a broken file
            yield WarcProblem(None, "truncated", f"{path} ends inside a record: {type(exc).__name__}: {exc}")
            return
        unread = stream.seek(0, 2) - records.offset
        if unread > 0:
            error = f"{path} ends inside a record: {unread:,} bytes after the last whole record cannot be read"
            yield WarcProblem(None, "truncated", error)


def _warc_page(record, content_type: str, max_bytes: int) -> WarcPage | WarcProblem:
    url = record.rec_headers.get_header("WARC-Target-URI")
    if not url:
        return WarcProblem(None, "bad_record", "a response record without WARC-Target-URI")
    status = record.http_headers.get_statuscode() or ""
    if not status.isascii() or not status.isdigit():
        return WarcProblem(url, "bad_record", f"HTTP status {status!r} is not a number")
    body = record.content_stream().read(max_bytes + 1)
    if len(body) > max_bytes:
        return WarcProblem(url, "too_large", f"record body of {max_bytes + 1:,}+ bytes exceeds fetch.max_bytes")
    missing = getattr(record.raw_stream, "limit", 0)  # what the record's Content-Length promised, unread
    if missing > 0:
        return WarcProblem(url, "truncated", f"the record ends {missing:,} bytes short of its Content-Length")
    return WarcPage(url, body, int(status) or None, content_type, _warc_date(record))


def _warc_date(record) -> datetime | None:
    captured = record.rec_headers.get_header("WARC-Date")
    try:
        return datetime.fromisoformat(captured.replace("Z", "+00:00")) if captured else None
    except ValueError:
        return None  # an unreadable capture date: the page stands, dated when it was read
