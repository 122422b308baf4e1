"""Typed records that pass between stages: an input to fetch, a fetch result, a fetch_log row, and
the limits a source puts on the pages it yields."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from typing import NamedTuple
from urllib.parse import urlsplit, urlunsplit

from pydantic import BaseModel, ConfigDict, Field

from newsflow.vocab import FetchStatus, InputKind


class Target(NamedTuple):
    """An input to fetch: as given (or as a feed listed it), and normalized."""

    input_url: str
    url: str


@dataclass
class FetchResult:
    """How one input ended: fetched (with its page or document), or why not."""

    input_url: str
    url: str | None
    status: str = FetchStatus.OK  # a FetchStatus, or http_<code>
    final_url: str | None = None
    http_status: int | None = None
    error: str | None = None
    bytes: int | None = None
    elapsed_ms: int = 0
    attempt_count: int = 0
    content_type: str | None = None
    charset: str | None = None
    html: str | None = None  # a web page, decoded
    document: bytes | None = None  # a feed or sitemap (fetch_documents): raw bytes, gunzipped
    fetched_at: datetime = field(default_factory=lambda: datetime.now(timezone.utc))
    input_kind: InputKind = InputKind.PAGE
    source_url: str | None = None  # the feed, sitemap, site or WARC file that listed this URL
    archived_sha256: str | None = None  # already_stored: the archived page and article it gave
    article_id: str | None = None

    @property
    def ok(self) -> bool:
        return self.status == FetchStatus.OK

    @property
    def page_url(self) -> str | None:
        """The URL the page was finally read from."""
        return self.final_url or self.url


@dataclass
class FetchLogRow:
    """One row of the fetch_log table (schemas.FETCH_LOG, less the run and batch stamps)."""

    input_url: str
    input_kind: str
    source_url: str | None
    url: str | None
    final_url: str | None
    status: str
    http_status: int | None
    error: str | None
    bytes: int | None
    elapsed_ms: int
    attempt_count: int
    content_type: str | None
    charset: str | None
    html_sha256: str | None
    article_id: str | None
    fetched_at: datetime

    @classmethod
    def of(cls, result: FetchResult, html_sha256: str | None = None) -> FetchLogRow:
        return cls(
            input_url=without_credentials(result.input_url),
            input_kind=str(result.input_kind),
            source_url=without_credentials(result.source_url),
            url=without_credentials(result.url),
            final_url=without_credentials(result.final_url),
            status=str(result.status),
            http_status=result.http_status,
            error=result.error,
            bytes=result.bytes,
            elapsed_ms=result.elapsed_ms,
            attempt_count=result.attempt_count,
            content_type=result.content_type,
            charset=result.charset,
            html_sha256=html_sha256 or result.archived_sha256,
            article_id=result.article_id,
            fetched_at=result.fetched_at,
        )

    def as_row(self) -> dict:
        return asdict(self)


def without_credentials(url: str | None) -> str | None:
    """The URL without a user name and password: they are sent where the user gave them, never stored
    or printed."""
    if not url or "@" not in url:
        return url
    parts = urlsplit(url)
    if not (parts.username or parts.password):
        return url
    host = parts.netloc.rsplit("@", 1)[1]
    return urlunsplit((parts.scheme, host, parts.path, parts.query, parts.fragment))


class SourceLimits(BaseModel):
    """What a source (or a form, or the command line) admits of the pages it yields, the same for every
    kind of source: pages on `allowed_domains` (all when empty), then at most `max_articles` of them
    (the default when unset: discover.max_urls_per_source), then, once extracted, only articles in
    `language`."""

    model_config = ConfigDict(extra="forbid")

    max_articles: int | None = Field(None, ge=1)
    allowed_domains: list[str] = []
    language: str | None = Field(None, pattern=r"^[a-z]{2}$")

    def article_budget(self, default: int) -> int:
        return self.max_articles or default

    def admits(self, url: str) -> bool:
        if not self.allowed_domains:
            return True
        host = (urlsplit(url).hostname or "").lower()
        return any(host == domain or host.endswith(f".{domain}") for domain in self.allowed_domains)

    def take(self, urls: list[str], default: int) -> list[str]:
        """The first `article_budget` of `urls` on the allowed domains."""
        return [url for url in urls if self.admits(url)][: self.article_budget(default)]
