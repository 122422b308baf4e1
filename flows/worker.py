"""The pool of worker processes that run the pipeline's page work (pipeline.process_page).

Kept apart from the flows so that worker processes import the stages, not Prefect. The pool lives
as long as the process that made it: a long-running `newsflow serve` keeps warm workers (and their
loaded spaCy model) across runs, and `newsflow run` starts them while Prefect is still starting.
"""

from __future__ import annotations

import atexit
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from newsflow import extract, pipeline
from newsflow.settings import Settings

_pools: dict[int, ProcessPoolExecutor] = {}
_WARM_UP_PAGE = Path(__file__).parent / "demo_pages" / "kupyansk-article.html"


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
    pipeline.analyze_texts([extraction.article["text"][:500]], settings.nlp)


@atexit.register
def _shutdown_pools() -> None:
    """At exit (a signal included): cancel what waits and end the workers now, not after their page."""
    for pool in _pools.values():
        processes = list((pool._processes or {}).values())
        pool.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            process.terminate()
