"""What extraction processes do, and the pool that runs them.

Kept apart from ingest.py so that worker processes import the stages, not Prefect. The pool lives
as long as the process that made it: a long-running `newsflow serve` keeps warm workers (and their
loaded spaCy model) across runs, and `newsflow run` starts them while Prefect is still starting.
"""

from __future__ import annotations

import atexit
import multiprocessing
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path

from flows import entities, events, extract, places, quotes, store
from flows.settings import EntitySettings, Settings, load_curated_entities, load_event_types
from flows.warehouse import Warehouse

_pools: dict[int, ProcessPoolExecutor] = {}
_known_places: dict[tuple[str, int], frozenset[str]] = {}
_WARM_UP_PAGE = Path(__file__).parent / "demo_pages" / "kupyansk-article.html"


@dataclass
class PageOutcome:
    html_sha256: str | None
    extraction: extract.Extraction
    analysis: entities.Analysis | None = None
    extract_seconds: float = 0.0
    nlp_seconds: float = 0.0


def process_page(root: Warehouse, html: str, url: str, config: Settings) -> PageOutcome:
    """Archive the raw HTML, extract the article, and find its entities."""
    started = time.perf_counter()
    html_sha256 = store.archive_html(root, html)
    extraction = extract.extract_article(html, url, config.extract)
    extracted = time.perf_counter()
    article = extraction.article
    wanted = article is not None and config.entities.enabled
    analysis = analyze_texts([article["text"]], config.entities, [article["published_at"]])[0] if wanted else None
    return PageOutcome(html_sha256, extraction, analysis, extracted - started, time.perf_counter() - extracted)


def process_pages(root: Warehouse, pages: list[tuple[str, str]], config: Settings) -> list[PageOutcome]:
    """process_page over (html, url) pairs: a task's worth of pages on a Dask worker. A page that fails
    gets status extract_error; the others go on."""
    outcomes = []
    for html, url in pages:
        try:
            outcomes.append(process_page(root, html, url, config))
        except Exception as exc:  # noqa: BLE001 - one bad page must never stop a run
            outcomes.append(failed_outcome(exc))
    return outcomes


def failed_outcome(exc: BaseException) -> PageOutcome:
    error = f"extraction failed: {type(exc).__name__}: {exc}"
    return PageOutcome(None, extract.Extraction("extract_error", error))


def analyze_texts(
    texts: list[str], settings: EntitySettings, published: list[datetime | None] | None = None
) -> list[entities.Analysis]:
    """Entities, events and quotes of each text, from one spaCy pass (dates relative to `published`)."""
    entries = curated_entries(settings.aliases_file)
    nlp, index = entities.pipeline_for(settings, entries), entities.curated_index(entries)
    lexicon = event_lexicon(settings.events_file)
    analyses = []
    docs = nlp.pipe(texts, batch_size=settings.batch_size)
    for doc, published_at in zip(docs, published or [None] * len(texts), strict=True):
        analysis = entities.analyze_doc(doc, settings, index, known_places(settings))
        places_found = [events.Span(m.text, m.start_char, m.end_char) for m in analysis.mentions if m.label == "PLACE"]
        analysis.events = events.extract_events(doc, lexicon, published_at, places_found)
        people = [(m.start_char, m.end_char, m.name) for m in analysis.mentions if m.label == "PERSON"]
        analysis.quotes = quotes.find_quotes(doc, lexicon.reporting, people)
        analyses.append(analysis)
    return analyses


@cache
def event_lexicon(path: Path) -> events.Lexicon:
    return events.lexicon_from(load_event_types(path))


def known_places(settings: EntitySettings) -> frozenset[str]:
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


def shared_pool(workers: int) -> ProcessPoolExecutor:
    """A pool of `workers` processes, started at the first call and warmed in the background.
    Processes are spawned, not forked: forking a process that runs Prefect's threads is unsafe."""
    if workers not in _pools or _pools[workers]._broken:  # a crashed worker breaks a pool for good
        pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"))
        for _ in range(workers):
            pool.submit(_warm_up)
        _pools[workers] = pool
    return _pools[workers]


def _warm_up() -> None:
    """Load the models (language identifier, dateparser's locale data, spaCy) before the first page
    arrives, by processing one bundled page with the default settings."""
    settings = Settings()
    extraction = extract.extract_article(
        _WARM_UP_PAGE.read_text(encoding="utf-8"), "https://example.org/", settings.extract
    )
    analyze_texts([extraction.article["text"][:500]], settings.entities)


@atexit.register
def _shutdown_pools() -> None:
    for pool in _pools.values():
        pool.shutdown(wait=False, cancel_futures=True)
