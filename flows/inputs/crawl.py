"""Crawling feeds, sitemaps and sites for article URLs, within their budgets.

A site's home page announces feeds (and its robots.txt names sitemaps); a sitemap index lists
sitemaps; feeds and sitemaps list pages. Each level is fetched as one round of requests. Budgets: at
most discover.max_sitemaps sitemaps in all, and per source its SourceLimits (allowed domains, then
at most max_articles pages, by default discover.max_urls_per_source).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from newsflow import discover, fetch
from newsflow.records import FetchResult, SourceLimits
from newsflow.settings import Settings
from newsflow.vocab import FetchStatus, InputKind


@dataclass
class Discovery:
    documents: list[FetchResult] = field(default_factory=list)  # the sites, feeds and sitemaps read
    sources: dict[str, str] = field(default_factory=dict)  # article URL -> the feed or sitemap listing it
    languages: dict[str, str] = field(default_factory=dict)  # article URL -> the language its source expects
    dropped_sitemap_count: int = 0  # sitemaps listed past discover.max_sitemaps, not read


@dataclass
class _Request:
    url: str
    kind: InputKind
    parent: str | None  # the document that pointed to it
    root: str  # the source URL given, whose limits apply


def crawl(
    listings: dict[InputKind, list[str]],
    config: Settings,
    limits: dict[str, SourceLimits] | None = None,
    host_slot=None,
) -> Discovery:
    """Read `listings` (site, feed and sitemap URLs) for article URLs. `limits`: per listing URL, its
    source's limits; `host_slot`: as fetch.fetch_all's."""
    limits = {fetch.normalize_url(url) or url: limit for url, limit in (limits or {}).items()}
    discovery, queue = Discovery(), []
    for kind in (InputKind.SITE, InputKind.FEED, InputKind.SITEMAP):
        targets, decided = fetch.plan_inputs(listings.get(kind, []))
        discovery.documents += [_with_kind(result, kind) for result in decided]
        queue += [_Request(url, kind, None, url) for _, url in targets]
    sitemap_budget = config.discover.max_sitemaps - sum(request.kind == InputKind.SITEMAP for request in queue)
    taken: Counter[str] = Counter()
    robots: dict = {}  # read once per site: its Sitemap lines are a site's sitemaps
    requested = {request.url for request in queue}  # a sitemap index listing itself is read once
    while queue:
        results = fetch.fetch_documents([request.url for request in queue], config.fetch, robots, host_slot)
        next_queue = []
        for request, result in zip(queue, results, strict=True):
            result.input_kind, result.source_url = request.kind, request.parent
            discovery.documents.append(result)
            limit = limits.get(request.root, SourceLimits())
            budget = limit.article_budget(config.discover.max_urls_per_source)
            for next_url, next_kind in _read_document(result, discovery, limit, budget, taken, request.root, robots):
                if next_url in requested:
                    continue
                requested.add(next_url)
                if next_kind == InputKind.SITEMAP:
                    if sitemap_budget <= 0:
                        discovery.dropped_sitemap_count += 1
                        continue
                    sitemap_budget -= 1
                next_queue.append(_Request(next_url, next_kind, result.url, request.root))
        queue = next_queue
    return discovery


def _read_document(
    result: FetchResult, discovery: Discovery, limit: SourceLimits, budget: int, taken: Counter, root: str, robots
) -> list[tuple[str, InputKind]]:
    """Record the pages a fetched feed or sitemap lists, within its source's limits; return the
    (URL, kind) of the feeds and sitemaps it points to."""
    if not result.ok:
        return []
    base_url = result.page_url
    if result.input_kind == InputKind.SITE:
        home_page, _ = fetch.decode_html(result.document, fetch.charset_of(result.content_type))
        result.document = None
        found = discover.site_feeds_and_sitemaps(home_page, base_url, fetch.robots_sitemaps(robots, base_url))
        return [
            *((url, InputKind.FEED) for url in found.feed_urls),
            *((url, InputKind.SITEMAP) for url in found.sitemap_urls),
        ]
    found = discover.parse_feed_or_sitemap(result.document, base_url)
    result.document = None
    if found.kind == "unknown":
        result.status, result.error = FetchStatus.NOT_A_FEED, "the document is neither an RSS/Atom feed nor a sitemap"
    for page_url in found.page_urls:
        if taken[root] >= budget:
            break
        if limit.admits(page_url) and page_url not in discovery.sources:
            discovery.sources[page_url] = result.url
            taken[root] += 1
            if limit.language:
                discovery.languages[page_url] = limit.language
    return [(url, InputKind.SITEMAP) for url in found.sitemap_urls]


def _with_kind(result: FetchResult, kind: InputKind) -> FetchResult:
    result.input_kind = kind
    return result
