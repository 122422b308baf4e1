"""Pages from local WARC files: captured pages become the same FetchResult records that fetching
gives, within their source's limits, and are never fetched; pages already stored are not redone."""

from __future__ import annotations

from pathlib import Path

from newsflow import discover, fetch
from newsflow.inputs.planning import split_stored
from newsflow.records import FetchResult, SourceLimits, Target
from newsflow.settings import Settings
from newsflow.vocab import FetchStatus, InputKind
from newsflow.warehouse import Warehouse


def warc_pages(root: Warehouse, paths: list[str], config: Settings, limits: dict[str, SourceLimits] | None = None):
    """(pages to process, results decided without processing: invalid URLs and pages already stored)."""
    pages, invalid = [], []
    for path in paths:
        limit = (limits or {}).get(path, SourceLimits())
        for result in _captured(path, limit, config.discover.max_urls_per_source, config.fetch.max_bytes):
            (pages if result.ok else invalid).append(result)
    targets = [Target(page.input_url, page.url) for page in pages]
    new, unchanged, changed = split_stored(root, targets, config, read_archive=False)
    wanted = {target.url for target in new} | {result.url for result in changed}
    source_of = {page.url: page.source_url for page in pages}
    for result in unchanged:
        result.input_kind, result.source_url = InputKind.WARC, source_of[result.url]
    return [page for page in pages if page.url in wanted], [*invalid, *unchanged]


def _captured(path: str, limit: SourceLimits, default_max: int, max_bytes: int):
    """The file's pages on the allowed domains, at most the source's budget of them."""
    budget = limit.article_budget(default_max)
    for page in discover.read_warc(Path(path), max_bytes):
        if isinstance(page, discover.WarcProblem):
            yield _problem(page, path)
            continue
        if budget <= 0:
            return
        if not limit.admits(page.url):
            continue
        budget -= 1
        yield _result_of(page, path)


def _problem(problem: discover.WarcProblem, path: str) -> FetchResult:
    """A record that cannot become a page, as its own fetch_log row."""
    url = problem.url or f"{path}#record"
    result = FetchResult(url, fetch.normalize_url(url), input_kind=InputKind.WARC, source_url=str(path))
    result.status, result.error = problem.status, f"{problem.error} (in {path})"
    return result


def _result_of(page: discover.WarcPage, path: str) -> FetchResult:
    url = fetch.normalize_url(page.url)
    result = FetchResult(page.url, url, input_kind=InputKind.WARC, source_url=str(path))
    result.final_url, result.http_status, result.content_type = url, page.http_status, page.content_type
    result.bytes, result.attempt_count = len(page.body), 0
    result.fetched_at = page.captured_at or result.fetched_at
    if url is None:
        result.status, result.error = FetchStatus.INVALID_URL, f"not a valid http(s) URL in {path}: {page.url!r}"
    else:
        result.html, result.charset = fetch.decode_html(page.body, fetch.charset_of(page.content_type))
    return result
