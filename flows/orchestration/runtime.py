"""Where a run runs: Prefect's API (a configured server, or a temporary one for this run), the task
runner (worker processes on this machine, or a Dask cluster) and the local worker pool.

The temporary server is started by temporary_server.py, as early as the command line can.
"""

from __future__ import annotations

import logging
from concurrent.futures import Executor
from contextlib import contextmanager

import prefect.settings

from newsflow import worker
from newsflow.orchestration.temporary_server import TEMPORARY_API_URLS, temporary_server
from newsflow.settings import ConfigError, Settings


def is_temporary_server(api_url: str) -> bool:
    return api_url in TEMPORARY_API_URLS


def local_pool(config: Settings) -> Executor | None:
    """The worker processes of this machine, unless the CPU work goes to a Dask cluster."""
    return worker.shared_pool(config.extract.workers) if config.run.task_runner == "processes" else None


def with_task_runner(flow_function, config: Settings):
    """`flow_function` on the task runner run.task_runner names: its page work goes there."""
    if config.run.task_runner != "dask":
        return flow_function
    try:
        from prefect_dask import DaskTaskRunner
    except ImportError as exc:
        raise ConfigError("run.task_runner = 'dask' needs prefect-dask: pip install 'newsflow[dask]'") from exc

    # Dask's INFO lines (and the tracebacks its shutdown races log at INFO) would drown the run's log.
    logging.getLogger("distributed").setLevel(logging.WARNING)
    if config.run.dask_address:
        return flow_function.with_options(task_runner=DaskTaskRunner(address=config.run.dask_address))
    local_cluster = {
        "n_workers": config.extract.workers,
        "threads_per_worker": 1,  # spaCy and trafilatura hold the GIL: processes, not threads
        "processes": True,
        "host": "127.0.0.1",
        "dashboard_address": "127.0.0.1:0",  # not 0.0.0.0:8787, the default
        # In the workers too, down to the shutdown race of a heartbeat meeting the closing scheduler
        # (logged as an error); task failures still reach Prefect's log and the fetch log.
        "silence_logs": logging.CRITICAL,
    }
    return flow_function.with_options(task_runner=DaskTaskRunner(cluster_kwargs=local_cluster))


@contextmanager
def prefect_for(config: Settings):
    """The configured server, else a temporary one for this run (temporary_server.py); Dask
    workers report to it too. Flow-run heartbeats let a server spot crashed runs; a temporary server
    is gone when the run ends, so they watch nothing, and stopping their thread costs a second."""
    if prefect.settings.PREFECT_API_URL.value():
        yield
        return
    server = temporary_server()  # started already by the command line, or now
    server.wait_until_ready(prefect.settings.PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS.value())
    updates = {
        prefect.settings.PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None,
        prefect.settings.PREFECT_API_URL: server.api_url,
    }
    with prefect.settings.temporary_settings(updates=updates):
        yield
