"""Planning a run's inputs: named sources into inputs by kind and their limits, and the incremental
split of the pages to fetch into new, already stored, and to re-extract from the archive.

The incremental query is sql/queries/stored_pages.sql, asked for just the run's URLs.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from newsflow import entities, extract, store, views
from newsflow.records import FetchResult, SourceLimits, Target
from newsflow.resources import sql_dir
from newsflow.settings import Settings, Source
from newsflow.vocab import FetchStatus
from newsflow.warehouse import Warehouse


@dataclass
class SourceInputs:
    """What named sources give a run: inputs by kind, and the limits of each input (a page, feed,
    sitemap or site URL, or a WARC path: the limits of the source that named it)."""

    urls: list[str] = field(default_factory=list)
    feeds: list[str] = field(default_factory=list)
    sitemaps: list[str] = field(default_factory=list)
    sites: list[str] = field(default_factory=list)
    warcs: list[str] = field(default_factory=list)
    limits: dict[str, SourceLimits] = field(default_factory=dict)


_FIELD_OF_KIND = {"urls": "urls", "feed": "feeds", "sitemap": "sitemaps", "site": "sites", "warc": "warcs"}


def source_inputs(sources: list[Source], default_max_articles: int) -> SourceInputs:
    """The inputs of `sources`. A `urls` source's own list is cut to its limits here; the others' pages
    are limited as they are found (crawl.py, warc.py), by the same SourceLimits."""
    inputs = SourceInputs()
    for source in sources:
        limits = SourceLimits(
            max_articles=source.max_articles, allowed_domains=source.allowed_domains, language=source.language
        )
        urls = limits.take(source.urls, default_max_articles) if source.kind == "urls" else source.urls
        getattr(inputs, _FIELD_OF_KIND[source.kind]).extend(urls)
        inputs.limits.update(dict.fromkeys(urls, limits))
    return inputs


def expected_languages(limits: dict[str, SourceLimits]) -> dict[str, str]:
    """Page URL, or feed, sitemap, site URL or WARC path -> the language its source expects."""
    return {url: limit.language for url, limit in limits.items() if limit.language}


def split_stored(root: Warehouse, targets: list[Target], config: Settings, read_archive: bool = True):
    """(targets to fetch, results already stored, results to re-extract from the archive): incremental
    runs cost what is new. A stored page is re-extracted when the extractor or NLP version changed
    since; `read_archive` false leaves its HTML to the caller (a WARC brings its own copy)."""
    if config.run.refetch_after_days <= 0 or not targets:
        return targets, [], []
    stored = stored_pages(root, [url for _, url in targets], config.run.refetch_after_days)
    current = {"extractor": extract.EXTRACTOR_VERSION, "nlp": entities.nlp_version(config.nlp)}
    to_fetch, unchanged, from_archive = [], [], []
    for target in targets:
        page = stored.get(target.url)
        if page is None:
            to_fetch.append(target)
            continue
        up_to_date = page["status"] != FetchStatus.OK or (
            page["extractor_version"] == current["extractor"]
            and (
                not config.nlp.enabled
                or page["nlp_version"] == current["nlp"]
                # never analysed: nothing to redo (a text past nlp.page_timeout_s waits for `newsflow analyze`,
                # not for each night's run to spend that time on it again)
                or page["nlp_status"] in ("other_language", "timed_out")
            )
        )
        result = _result_of_stored(target, page)
        if up_to_date:
            result.status = FetchStatus.ALREADY_STORED
            outcome = "stored" if page["status"] == FetchStatus.OK else f"archived ({page['status']}: no article)"
            result.error = f"{outcome} on {page['fetched_at']:%Y-%m-%d}; fetched again after run.refetch_after_days"
            result.archived_sha256, result.article_id = page["html_sha256"], page["article_id"]
            unchanged.append(result)
        else:
            if read_archive:
                result.html = store.read_archived_html(root, page["html_sha256"])
            result.fetched_at = page["fetched_at"]
            from_archive.append(result)
    return to_fetch, unchanged, from_archive


def _result_of_stored(target: Target, page: dict) -> FetchResult:
    result = FetchResult(target.input_url, target.url, final_url=page["final_url"], http_status=page["http_status"])
    result.content_type, result.charset, result.bytes = page["content_type"], page["charset"], page["bytes"]
    return result


def stored_pages(root: Warehouse, urls: list[str], max_age_days: float) -> dict[str, dict]:
    """url -> its latest recent fetch that settled it (sql/queries/stored_pages.sql)."""
    query = (sql_dir() / "queries" / "stored_pages.sql").read_text(encoding="utf-8")
    parameters = {"urls": urls, "days": max_age_days}
    return {row["url"]: row for row in views.read_dicts(root, query, parameters)}
