"""What extraction processes do, and the pool that runs them.

Kept apart from ingest.py so that worker processes import the stages, not Prefect. The pool lives
as long as the process that made it: a long-running `newsflow serve` keeps warm workers across
runs, and `newsflow run` starts them while Prefect is still starting.
"""

from __future__ import annotations

import atexit
import multiprocessing
import time
from concurrent.futures import ProcessPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path

from flows import extract, store
from flows.settings import ExtractSettings

_pools: dict[int, ProcessPoolExecutor] = {}


@dataclass
class PageOutcome:
    html_sha256: str | None
    extraction: extract.Extraction
    seconds: float


def archive_and_extract(root: Path, html: str, url: str, settings: ExtractSettings) -> PageOutcome:
    started = time.perf_counter()
    html_sha256 = store.archive_html(root, html)
    extraction = extract.extract_article(html, url, settings)
    return PageOutcome(html_sha256, extraction, time.perf_counter() - started)


def shared_pool(workers: int) -> ProcessPoolExecutor:
    """A pool of `workers` processes, started at the first call and warmed in the background.
    Processes are spawned, not forked: forking a process that runs Prefect's threads is unsafe."""
    if workers not in _pools or _pools[workers]._broken:  # a crashed worker breaks a pool for good
        pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"))
        for _ in range(workers):
            pool.submit(_warm_up)
        _pools[workers] = pool
    return _pools[workers]


def wait_until_warm(workers: int) -> None:
    wait([shared_pool(workers).submit(_warm_up) for _ in range(workers)])


_WARM_UP_PAGE = Path(__file__).parent / "demo_pages" / "kupyansk-article.html"


def _warm_up() -> None:
    """Import the stages and load their models (language identifier, dateparser's locale data)
    before the first page arrives, by extracting one bundled page."""
    extract.extract_article(_WARM_UP_PAGE.read_text(encoding="utf-8"), "https://example.org/warm-up", ExtractSettings())


@atexit.register
def _shutdown_pools() -> None:
    for pool in _pools.values():
        pool.shutdown(wait=False, cancel_futures=True)
