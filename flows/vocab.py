"""The fixed words of the warehouse: fetch statuses and input kinds, one enum each.

They are StrEnums, so a member is stored and compared as its plain string ("ok" == FetchStatus.OK);
the README's tables are tested against them (tests/test_vocab.py).
"""

from __future__ import annotations

from enum import StrEnum


class FetchStatus(StrEnum):
    """How an input ended: `ok`, or why not (besides these, `http_<code>`: see `http`)."""

    OK = "ok"
    TIMEOUT = "timeout"
    CONNECTION_ERROR = "connection_error"
    DNS_ERROR = "dns_error"
    TLS_ERROR = "tls_error"
    TOO_LARGE = "too_large"
    NOT_HTML = "not_html"
    REDIRECT_LOOP = "redirect_loop"
    TOO_MANY_REDIRECTS = "too_many_redirects"
    ROBOTS_DISALLOWED = "robots_disallowed"
    PRIVATE_HOST = "private_host"
    INVALID_URL = "invalid_url"
    DUPLICATE = "duplicate"
    EMPTY_TEXT = "empty_text"
    NOT_TEXT = "not_text"
    OTHER_LANGUAGE = "other_language"
    EXTRACT_ERROR = "extract_error"
    NOT_A_FEED = "not_a_feed"
    BAD_CONTENT = "bad_content"
    ALREADY_STORED = "already_stored"
    FETCH_ERROR = "fetch_error"
    BAD_RECORD = "bad_record"
    TRUNCATED = "truncated"

    @staticmethod
    def http(code: int) -> str:
        """The status of a final HTTP error answer: http_404, http_500, ..."""
        return f"http_{code}"


# Fetched fine, but nothing to store: such pages are not fetched again by incremental runs.
SETTLED_WITHOUT_ARTICLE = (FetchStatus.EMPTY_TEXT, FetchStatus.NOT_TEXT, FetchStatus.OTHER_LANGUAGE)
# Failures of the network itself, worth a retry.
NETWORK_FAILURES = frozenset(
    {FetchStatus.CONNECTION_ERROR, FetchStatus.TIMEOUT, FetchStatus.DNS_ERROR, FetchStatus.TLS_ERROR}
)


class InputKind(StrEnum):
    """What an input was: a page to fetch, or a document listing pages."""

    PAGE = "page"  # an article URL, given or listed by a feed, sitemap or site
    FEED = "feed"  # an RSS, RDF or Atom feed
    SITEMAP = "sitemap"  # a sitemap, sitemap index or news sitemap
    SITE = "site"  # a site's home page: the feeds it announces, the sitemaps its robots.txt names
    WARC = "warc"  # a page captured in a local WARC file (not fetched)
