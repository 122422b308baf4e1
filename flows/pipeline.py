"""The pipeline core, free of Prefect: pages in, the batch's warehouse tables out.

Two halves, because the ingest flow streams:
- `process_page` runs where the CPU is (a worker process, a Dask worker) the moment a page arrives:
  archive its HTML, extract the article, analyse the text (entities, events, quotes: one spaCy pass).
- `batch_tables` runs once per batch in the flow's process, which holds the corpus-wide entity
  registry: the pages' outcomes become the rows of fetch_log, articles, sentences, mentions,
  entity_names, events and quotes, each stamped with its run, batch and extractor and NLP versions.
The analyze flow runs the same analysis over stored texts (`analyze_texts`, then `analysis_tables`).
`process_batch` runs both halves in this process, for benchmarks and tests: one path everywhere.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path

from newsflow import compaction, entities, events, extract, places, quotes, resolve, store
from newsflow.records import FetchLogRow, FetchResult, without_credentials
from newsflow.settings import NlpSettings, Settings, load_curated_entities, load_event_confidence, load_event_types
from newsflow.vocab import FetchStatus
from newsflow.warehouse import Warehouse

_known_places: dict[tuple[str, int], frozenset[str]] = {}


@dataclass
class PageOutcome:
    """What became of one fetched page in a worker."""

    html_sha256: str | None
    extraction: extract.Extraction
    analysis: entities.Analysis | None = None
    extract_seconds: float = 0.0
    nlp_seconds: float = 0.0


@dataclass
class NlpContext:
    """What resolving a batch's entities needs, loaded once per run in the flow's process."""

    settings: NlpSettings
    registry: entities.Registry
    gazetteer: tuple[Path, Path]  # places and names Parquet
    pinned: dict[int, places.Candidate]  # the GeoNames places the alias table pins
    nlp_version: str


def load_nlp_context(config: Settings, root: Warehouse | None = None) -> NlpContext:
    """The gazetteer (built at first use), the alias table and the entity registry: the names the
    warehouse at `root` already knows (without one, a fresh registry: as for scoring)."""
    places_path, names_path = resolve.ensure_gazetteer(config.nlp.gazetteer_dir)
    entries = load_curated_entities(config.nlp.aliases_file)
    lookup = compaction.registry_lookup(root) if root is not None else None
    registry = resolve.load_registry(entries, lookup)
    pinned = resolve.pinned_places(entries, places_path)
    return NlpContext(config.nlp, registry, (places_path, names_path), pinned, entities.nlp_version(config.nlp))


# --- the worker half ---


class PageTimedOut(BaseException):
    """A page's extraction or analysis took longer than its time limit. A BaseException, like
    KeyboardInterrupt: the libraries' own catch-alls (`except Exception`) must not swallow it."""


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise PageTimedOut in the block once `seconds` of wall time have passed. A timer signal reaches
    only a process's main thread (where pool workers and the CLI run pages); elsewhere (a Dask worker's
    threads) the block runs unlimited."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def expire(signum, frame):
        raise PageTimedOut(f"took over {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def process_page(root: Warehouse, html: str, url: str, config: Settings) -> PageOutcome:
    """Archive the raw HTML, extract the article, and analyse its text, each within its time limit
    (extraction past extract.page_timeout_s is an extract_error; analysis past nlp.page_timeout_s
    keeps the article, nlp_status timed_out)."""
    started = time.perf_counter()
    html_sha256 = store.archive_html(root, html)
    try:
        with time_limit(config.extract.page_timeout_s):
            extraction = extract.extract_article(html, without_credentials(url), config.extract)
    except PageTimedOut as exc:
        error = f"extraction gave up: it {exc} (extract.page_timeout_s)"
        return PageOutcome(html_sha256, extract.Extraction(FetchStatus.EXTRACT_ERROR, error))
    extracted = time.perf_counter()
    article = extraction.article
    if article is not None:
        article["nlp_status"] = nlp_status(article, config.nlp)
    wanted = article is not None and article["nlp_status"] in ("analysed", "truncated")
    text = analysed_text(article["text"], config.nlp.max_chars) if wanted else ""
    analysis = analyze_texts([text], config.nlp, [article["published_at"]])[0] if wanted else None
    if wanted and analysis is None:
        article["nlp_status"] = "timed_out"
    return PageOutcome(html_sha256, extraction, analysis, extracted - started, time.perf_counter() - extracted)


def nlp_status(article: dict, settings: NlpSettings) -> str:
    """analysed; truncated (analysed up to nlp.max_chars); disabled (nlp.enabled is false);
    other_language (the model reads only nlp.languages). (process_page sets timed_out.)"""
    if not settings.enabled:
        return "disabled"
    if article["language"] not in settings.languages:
        return "other_language"
    return "truncated" if len(article["text"]) > settings.max_chars else "analysed"


def analysed_text(text: str, max_chars: int) -> str:
    """The text, or its first max_chars characters cut at the last paragraph break before (offsets into
    the article's text stay valid: it is a prefix)."""
    if len(text) <= max_chars:
        return text
    cut = text.rfind("\n", 0, max_chars)
    return text[: cut if cut > max_chars // 2 else max_chars]


def process_pages(root: Warehouse, pages: list[tuple[str, str]], config: Settings) -> list[PageOutcome]:
    """process_page over (html, url) pairs: a task's worth of pages. A page that fails gets status
    extract_error; the others go on."""
    outcomes = []
    for html, url in pages:
        try:
            outcomes.append(process_page(root, html, url, config))
        except Exception as exc:  # noqa: BLE001 - one bad page must never stop a run
            outcomes.append(failed_outcome(exc))
    return outcomes


def failed_outcome(cause: BaseException | str) -> PageOutcome:
    """An extract_error page: an exception, or a reason in words."""
    error = cause if isinstance(cause, str) else f"extraction failed: {type(cause).__name__}: {cause}"
    return PageOutcome(None, extract.Extraction(FetchStatus.EXTRACT_ERROR, error))


def analyze_texts(
    texts: list[str], settings: NlpSettings, published: list[datetime | None] | None = None
) -> list[entities.Analysis | None]:
    """Entities, events and quotes of each text, from one spaCy pass (dates relative to `published`);
    None for a text whose analysis took longer than nlp.page_timeout_s."""
    analyses = []
    for text, published_at in zip(texts, published or [None] * len(texts), strict=True):
        try:
            with time_limit(settings.page_timeout_s):
                analyses.append(analyze_text(text, settings, published_at))
        except PageTimedOut:
            analyses.append(None)
    return analyses


def analyze_text(text: str, settings: NlpSettings, published_at: datetime | None) -> entities.Analysis:
    entries = curated_entries(settings.aliases_file)
    nlp, index = entities.pipeline_for(settings, entries), entities.curated_index(entries)
    lexicon = event_lexicon(settings.events_file, settings.event_confidence_file)
    doc = nlp(text)
    events.mend_lemmas(doc, lexicon)
    known = known_places(settings)
    analysis = entities.analyze_doc(doc, settings, index, known)
    places_found = [events.Span(m.text, m.start_char, m.end_char) for m in analysis.mentions if m.label == "PLACE"]
    named = [
        events.Named(m.start_char, m.end_char, m.label, m.text, m.source, m.name)
        for m in entities.acting_mentions(analysis.mentions, known)
    ]
    candidates = events.extract_events(doc, lexicon, published_at, places_found, named)
    speakers = [(m.start_char, m.end_char, m.name, m.label) for m in analysis.mentions]
    speech = lexicon.reporting | lexicon.speech
    analysis.quotes = quotes.find_quotes(doc, speech, speakers, lexicon.pronouns, lexicon.descriptions, lexicon.titles)
    quoted = [(quote.start_char, quote.end_char, _speaker_span(quote, analysis.mentions)) for quote in analysis.quotes]
    analysis.events = events.finalize_events(candidates, quoted, lexicon)
    return analysis


def _speaker_span(quote: quotes.Quote, mentions: list[entities.Mention]) -> events.Span | None:
    """The quote's speaker as an event's actor, with the name of the entity it names ("Esper": Mark Esper)."""
    if quote.speaker is None or quote.speaker_start is None:
        return None
    name = next((m.name for m in mentions if m.start_char <= quote.speaker_start < m.end_char), None)
    return events.Span(quote.speaker, quote.speaker_start, quote.speaker_end, name)


@cache
def event_lexicon(path: Path, confidence_path: Path) -> events.Lexicon:
    """The event lexicon with the confidence model's fitted weights (read once per process)."""
    table = load_event_types(path)
    table["confidence"] = {**table.get("confidence", {}), **load_event_confidence(confidence_path)}
    return events.lexicon_from(table)


def known_places(settings: NlpSettings) -> frozenset[str]:
    """Loaded once per process, once the gazetteer exists (the flow builds it before any page)."""
    cache_key = (str(settings.gazetteer_dir), settings.gazetteer_min_population)
    if cache_key not in _known_places:
        places_path, names_path = places.gazetteer_paths(settings.gazetteer_dir)
        if not places_path.exists():
            return frozenset()
        _known_places[cache_key] = places.well_known_keys(settings.gazetteer_min_population, places_path, names_path)
    return _known_places[cache_key]


@cache
def curated_entries(path: Path) -> list[dict]:
    """Read once per process: every page of a run uses the same table."""
    return load_curated_entities(path)


# --- the batch half ---


def with_expected_language(result: FetchResult, outcome: PageOutcome | None, languages: dict[str, str]):
    """The outcome, or other_language when the page's source (`languages`: page URL, or the URL or path
    of the feed, sitemap or WARC file that listed it -> the language expected) expects another language
    than its text's (its raw HTML is archived all the same)."""
    expected = languages.get(result.input_url) or languages.get(result.source_url or "")
    article = outcome.extraction.article if outcome else None
    if not expected or article is None or article["language"] == expected:
        return outcome
    found = article["language"] or "no language we can tell"
    error = f"the article reads as {found}; its source expects {expected}"
    return PageOutcome(outcome.html_sha256, extract.Extraction(FetchStatus.OTHER_LANGUAGE, error))


def batch_tables(
    results: list[FetchResult],
    outcomes: list[PageOutcome | None],
    context: NlpContext | None,
    run_id: str,
    batch_id: str,
    languages: dict[str, str] | None = None,
) -> dict[str, list[dict]]:
    """Every table's rows for a batch: one fetch_log row per result (its outcome, None for pages not
    processed, deciding its status), the articles, and their analyses resolved to entities.
    `languages`: what sources expect (see with_expected_language)."""
    fetch_rows, article_rows, analysed = [], [], []
    for result, outcome in zip(results, outcomes, strict=True):
        outcome = with_expected_language(result, outcome, languages or {})
        log_row = FetchLogRow.of(result, outcome.html_sha256 if outcome else None)
        extraction = outcome.extraction if outcome else None
        if extraction is not None and extraction.status != FetchStatus.OK:
            log_row.status, log_row.error = str(extraction.status), extraction.error
        elif extraction is not None:
            article = extraction.article
            fetched = {
                "final_url": log_row.final_url,
                "html_sha256": log_row.html_sha256,
                "fetched_at": result.fetched_at,
            }
            article_rows.append({**article, **fetched})
            log_row.article_id = article["article_id"]
            if outcome.analysis is not None:
                analysed.append(resolve.ArticleAnalysis(log_row.article_id, article["content_hash"], outcome.analysis))
        fetch_rows.append(log_row.as_row())
    tables = stamped({"fetch_log": fetch_rows, "articles": article_rows}, run_id, batch_id)
    if context is not None:
        tables |= analysis_tables(analysed, context, run_id, batch_id)  # stamped there
    return tables


def analysis_tables(
    articles: list[resolve.ArticleAnalysis], context: NlpContext, run_id: str, batch_id: str
) -> dict[str, list[dict]]:
    """Sentences, mentions, entity_names, events and quotes of analysed articles: spans resolved to
    corpus-wide entities (the context's registry learns the new names), rows stamped with the NLP
    version."""
    tables = resolve.resolve_articles(articles, context.registry, context.gazetteer, context.pinned, context.settings)
    tables["sentences"] = [row for article in articles for row in _sentence_rows(article)]
    for name in ("sentences", "mentions", "events", "quotes"):
        for row in tables[name]:
            row["nlp_version"] = context.nlp_version
    return stamped(tables, run_id, batch_id)


def _sentence_rows(article: resolve.ArticleAnalysis) -> list[dict]:
    rows = []
    for index, (start, end) in enumerate(article.analysis.sentences):
        row = {"article_id": article.article_id, "sentence_index": index, "start_char": start, "end_char": end}
        rows.append({**row, "content_hash": article.content_hash})
    return rows


def stamped(tables: dict[str, list[dict]], run_id: str, batch_id: str) -> dict[str, list[dict]]:
    for rows in tables.values():
        for row in rows:
            row["run_id"], row["batch_id"] = run_id, batch_id
    return tables


def process_batch(
    root: Warehouse,
    results: list[FetchResult],
    config: Settings,
    context: NlpContext | None,
    run_id: str,
    batch_id: str,
    languages: dict[str, str] | None = None,
) -> dict[str, list[dict]]:
    """Both halves in this process: the tables of a batch of fetched (or archived) pages."""
    outcomes = [process_pages(root, [(r.html, r.page_url)], config)[0] if r.ok else None for r in results]
    return batch_tables(results, outcomes, context, run_id, batch_id, languages)
