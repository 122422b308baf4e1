"""Extraction: HTML in, clean article text and metadata out (trafilatura, htmldate, py3langid).

Pure and CPU-bound: the flow runs `extract_article` in worker processes, one per core.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from urllib.parse import urlsplit

import courlan
import py3langid
import trafilatura
from trafilatura.utils import load_html

from newsflow import ids
from newsflow.settings import ExtractSettings
from newsflow.vocab import FetchStatus

EXTRACTOR_VERSION = f"trafilatura {trafilatura.__version__}"
# htmldate keeps the time and zone when the page states them (article:published_time and the like).
_DATE_PARAMS = {"outputformat": "%Y-%m-%dT%H:%M:%S%z", "original_date": True, "extensive_search": True}
_LANGUAGE_SAMPLE_CHARS = 1000  # enough for a confident guess; longer samples cost time, not accuracy
_WHITESPACE = re.compile(r"\s+")
_GARBLED_CATEGORIES = frozenset({"Cc", "Co", "Cn", "Cs"})  # controls, private use, unassigned, surrogates
_GARBLED_SAMPLE_CHARS = 20_000
_NO_LANGUAGE = "zxx"  # what the language identifier answers for text in no language
# The codebook's publication date: the page's JSON-LD datePublished, else these meta tags, taken in UTC.
_PUBLISHED_META = frozenset({"datepublished", "article:published_time"})
_EARLIEST_PUBLICATION = datetime(1995, 1, 1, tzinfo=timezone.utc)  # before it, a placeholder ("0001-01-01")


@dataclass
class Extraction:
    status: str  # a FetchStatus: ok, empty_text, not_text (or, set by the pipeline, extract_error, other_language)
    error: str | None = None
    article: dict | None = None


def extract_article(html: str, url: str, settings: ExtractSettings) -> Extraction:
    """The article in `html` fetched from `url`, or status empty_text when it has no usable text."""
    try:
        tree = load_html(html)  # parsed once: for the stated publication time and for trafilatura
        document = trafilatura.bare_extraction(
            tree if tree is not None else html,
            url=url,
            with_metadata=True,
            favor_precision=settings.favor_precision,
            include_tables=settings.include_tables,
            include_comments=settings.include_comments,
            date_extraction_params=_DATE_PARAMS,
        )
    except Exception as exc:  # noqa: BLE001 - one malformed page must never stop a run
        return Extraction(FetchStatus.EMPTY_TEXT, f"extraction failed: {type(exc).__name__}: {exc}")
    text = (document.text or "").strip() if document else ""
    word_count = len(text.split())
    if word_count < max(settings.min_word_count, 1):
        return Extraction(
            FetchStatus.EMPTY_TEXT,
            f"no article text found ({word_count} words; extract.min_word_count is {settings.min_word_count})",
        )
    language, garbled = detect_language(text), garbled_share(text)
    if language == _NO_LANGUAGE or garbled > settings.max_garbled_share:
        why = f"{garbled:.0%} of its characters are undecodable or control characters"
        error = f"the text is in no language: {why if garbled > settings.max_garbled_share else 'none is identified'}"
        return Extraction(FetchStatus.NOT_TEXT, error)
    canonical_url = canonical_url_of(document.url, url)
    article = {
        "article_id": ids.article_id(canonical_url),
        "url": url,
        "canonical_url": canonical_url,
        "domain": document.hostname or courlan.extract_domain(url, fast=True),
        "site_name": document.sitename,
        "title": document.title,
        "authors": split_authors(document.author),
        "published_at": stated_published_at(tree) or parse_published_at(document.date),
        "language": language,
        "description": document.description,
        "categories": list(document.categories or []),
        "tags": list(document.tags or []),
        "text": text,
        "word_count": word_count,
        "content_hash": content_hash_of(text),
        "extractor_version": EXTRACTOR_VERSION,
    }
    return Extraction(FetchStatus.OK, None, article)


def canonical_url_of(declared: str | None, fetched_url: str) -> str:
    """The page's canonical URL (rel=canonical / og:url) when it names an article, else the URL
    fetched. A canonical pointing at a site's home page is a common CMS mistake and is ignored:
    trusting it would merge every article of the site into one."""
    candidate = courlan.clean_url(declared) if declared else None
    if candidate and urlsplit(candidate).path.strip("/") and candidate.startswith(("http://", "https://")):
        return _strip_fragment(candidate)
    return _strip_fragment(fetched_url)


def content_hash_of(text: str) -> str:
    """Same text at two URLs gives the same hash, whatever the whitespace."""
    return hashlib.sha256(_WHITESPACE.sub(" ", text).strip().encode("utf-8")).hexdigest()


def split_authors(author: str | None) -> list[str]:
    if not author:
        return []
    return [name.strip() for name in author.split(";") if name.strip()]


def parse_published_at(value: str | None) -> datetime | None:
    """htmldate's ISO string to a UTC timestamp; a date without a zone is taken as UTC."""
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=timezone.utc)
    return parsed.astimezone(timezone.utc)


def stated_published_at(tree) -> datetime | None:
    """The publication time the page (its parsed HTML tree) states for machines: JSON-LD datePublished,
    else the meta datePublished or article:published_time, in UTC, as the codebook takes it. htmldate
    prefers a date in the URL or the visible local one, which is a day early for a story published after
    midnight UTC, and so dates every weekday of it a week early. None when the page states no plausible
    time."""
    if tree is None:
        return None
    stated = [
        _json_ld_value(script.text_content(), "datePublished")
        for script in tree.iter("script")
        if (script.get("type") or "").strip().lower() == "application/ld+json"
    ]
    stated += [meta.get("content") for meta in tree.iter("meta") if _meta_key(meta) in _PUBLISHED_META]
    latest = datetime.now(timezone.utc) + timedelta(days=1)
    for value in stated:
        published = parse_published_at(value) if isinstance(value, str) else None
        if published and _EARLIEST_PUBLICATION <= published <= latest:
            return published
    return None


def _meta_key(meta) -> str:
    return (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()


def _json_ld_value(script: str, key: str):
    """The first `key` in a JSON-LD block, its @graph and nested objects included; None if it has none or
    is no JSON."""
    try:
        pending = [json.loads(script)]
    except ValueError:
        return None
    while pending:
        node = pending.pop(0)
        if isinstance(node, list):
            pending.extend(node)
        elif isinstance(node, dict):
            if node.get(key):
                return node[key]
            pending.extend(value for value in node.values() if isinstance(value, (dict, list)))
    return None


def garbled_share(text: str) -> float:
    """The share of characters no language uses: U+FFFD (bytes that did not decode), controls other than
    line breaks and tabs, private-use, unassigned and surrogate code points (in a sample of the text:
    binary is garbled throughout)."""
    sample = text[:_GARBLED_SAMPLE_CHARS]
    garbled = sum(
        1 for c in sample if c == "\ufffd" or (unicodedata.category(c) in _GARBLED_CATEGORIES and c not in "\n\r\t")
    )
    return garbled / len(sample) if sample else 0.0


def detect_language(text: str) -> str | None:
    language, _ = py3langid.classify(text[:_LANGUAGE_SAMPLE_CHARS])
    return language or None


def _strip_fragment(url: str) -> str:
    return url.split("#", 1)[0]
