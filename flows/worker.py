"""The pool of worker processes that run the pipeline's page work (pipeline.process_page).

Kept apart from the flows so that worker processes import the stages, not Prefect. The pool lives
as long as the process that made it: a long-running `newsflow serve` keeps warm workers (and their
loaded spaCy model) across runs, and `newsflow run` starts them while Prefect is still starting.

Pages run within two time limits: the pipeline's own (a timer signal, caught between Python steps,
ending the page with a status), and here a CPU-time backstop for code that never returns to Python
(the kernel ends the worker; the flow replaces the pool and the page ends as extract_error).
"""

from __future__ import annotations

import atexit
import multiprocessing
import resource
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path

from newsflow import extract, pipeline
from newsflow.settings import Settings

_pools: dict[int, ProcessPoolExecutor] = {}
_WARM_UP_PAGE = Path(__file__).parent / "demo_pages" / "kupyansk-article.html"
_BACKSTOP_GRACE_S = 30  # CPU seconds past a page's own limits before the kernel ends its worker


def shared_pool(workers: int) -> ProcessPoolExecutor:
    """A pool of `workers` processes, started at the first call and warmed in the background.
    Processes are spawned, not forked: forking a process that runs Prefect's threads is unsafe."""
    if workers not in _pools or _pools[workers]._broken:  # a crashed worker breaks a pool for good
        pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"))
        for _ in range(workers):
            pool.submit(_warm_up)
        _pools[workers] = pool
    return _pools[workers]


def process_page(root, html: str, url: str, config: Settings) -> pipeline.PageOutcome:
    """pipeline.process_page, in a worker, under the CPU-time backstop."""
    with cpu_backstop(config.extract.page_timeout_s + config.nlp.page_timeout_s):
        return pipeline.process_page(root, html, url, config)


def analyze_texts(texts: list[str], settings, published: list) -> list:
    """pipeline.analyze_texts, in a worker, under the CPU-time backstop."""
    with cpu_backstop(len(texts) * settings.page_timeout_s):
        return pipeline.analyze_texts(texts, settings, published)


@contextmanager
def cpu_backstop(seconds: float):
    """The kernel ends this process (SIGXCPU) once the block has used `seconds` (plus a grace) of CPU
    time: a limit even code that never returns to Python cannot outrun. Only for worker processes."""
    soft, hard = resource.getrlimit(resource.RLIMIT_CPU)
    used = resource.getrusage(resource.RUSAGE_SELF)
    limit = int(used.ru_utime + used.ru_stime + seconds + _BACKSTOP_GRACE_S)
    resource.setrlimit(resource.RLIMIT_CPU, (limit if hard == resource.RLIM_INFINITY else min(limit, hard), hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))


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
