"""The first batch's downloads, begun on a thread as `newsflow run` starts, while Prefect's temporary
server starts and Prefect, the flows and the models import (about 5 s, which the fetches then overlap).

Only for plain URLs and a temporary server: with a configured server the flow starts at once, and
per-host limits may be shared with other runs through it. The early fetch reads the warehouse (which
pages are stored) and writes nothing; the flow takes its results over only when its own plan gives the
same first batch, else it drops them and fetches as usual. Measured by bench/startup.py.
"""

from __future__ import annotations

import threading

from newsflow import fetch
from newsflow.inputs.planning import split_stored
from newsflow.records import FetchResult, Target
from newsflow.settings import Settings
from newsflow.store import init_warehouse
from newsflow.views import database_path

_EARLY: list[EarlyFetch] = []


class EarlyFetch:
    def __init__(self, urls: list[str], config: Settings) -> None:
        self.urls, self.config = urls, config
        self.targets: list[Target] = []
        self.results: list[FetchResult] | None = None
        self.robots: dict = {}
        self.thread = threading.Thread(target=self._fetch, name="newsflow-early-fetch", daemon=True)
        self.thread.start()

    def _fetch(self) -> None:
        try:
            to_fetch, _ = fetch.plan_inputs(self.urls)
            root = init_warehouse(self.config.warehouse, self.config.storage.options)
            if database_path(root).exists():  # else a new warehouse: nothing is stored yet
                to_fetch, _, _ = split_stored(root, to_fetch, self.config, read_archive=False)
            self.targets = to_fetch[: self.config.run.batch_size]
            self.results = fetch.fetch_all(self.targets, self.config.fetch, robots=self.robots)
        except Exception:  # noqa: BLE001 - an early start is an optimization: the flow fetches as usual
            self.results = None

    def take(self, targets: list[Target]) -> list[FetchResult] | None:
        """The results for `targets`, if they are the ones fetched early (waiting for them)."""
        self.thread.join()
        if self.results is None or [t.url for t in targets] != [t.url for t in self.targets]:
            return None
        return self.results


def begin(urls: list[str], config: Settings) -> None:
    """Start fetching `urls`' first batch for the run this process is about to make."""
    _EARLY.append(EarlyFetch(urls, config))


def take(targets: list[Target]) -> tuple[list[FetchResult], dict] | None:
    """The early results for the run's first batch, and the robots.txt rules read on the way, once."""
    if not _EARLY:
        return None
    early = _EARLY.pop()
    results = early.take(targets)
    return (results, early.robots) if results is not None else None
