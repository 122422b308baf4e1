"""Per-host limits shared across runs: a Prefect global concurrency limit `newsflow-host:<host>` per
host, drawn on by every run that reports to the same Prefect server, whatever its warehouse or machine.
fetch.py takes it as its `host_slot`; without a server that outlives the run there is nothing to share."""

from __future__ import annotations

import asyncio
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

import prefect.settings

from newsflow.orchestration.runtime import is_temporary_server
from newsflow.settings import Settings


class SharedHostLimits:
    """fetch_all's host_slot: the Prefect global concurrency limit `newsflow-host:<host>`, which every
    run reporting to the same Prefect server draws on, whatever its warehouse or machine.

    A run holds all of a host's slots (fetch.max_connections_per_host) while it has requests for that
    host under way or waiting in a fetch call, and gives them back when that host's queue empties: one
    acquisition per host per batch, so overlapping runs take turns on a host batch by batch. (A slot
    per request cost about 200 ms a request: bench/host_limits.py.) Each limit is created (or resized)
    at its first use in a run; a killed run's slots come back when their 60 s lease runs out."""

    def __init__(self, slots: int, wait_s: float):
        self.slots, self.wait_s = slots, wait_s
        self.created: set[str] = set()
        self.error: str | None = None  # set when the server failed us: the run goes on with its own limits
        self._holds: dict[str, _HostHold] = {}
        self._loop: asyncio.AbstractEventLoop | None = None

    @asynccontextmanager
    async def __call__(self, host: str):
        loop = asyncio.get_running_loop()
        if loop is not self._loop:  # each fetch_all call runs its own event loop
            self._loop, self._holds = loop, {}
        if self.error is not None:
            yield
            return
        hold = self._holds.get(host)
        if hold is None:
            hold = self._holds[host] = _HostHold()
            hold.task = loop.create_task(self._hold(f"newsflow-host:{host}", hold))
        hold.users += 1
        try:
            await self._until_held(hold)
            yield
        finally:
            hold.users -= 1
            if hold.users == 0:  # the host's queue is empty: give its slots back now
                del self._holds[host]
                hold.done.set()
                await asyncio.wait({hold.task})
                self._note_failure(hold.task)

    async def _hold(self, name: str, hold: _HostHold) -> None:
        # The slots are taken and given back in this one task: Prefect's lease renewal needs that.
        from prefect.client.orchestration import get_client
        from prefect.concurrency.asyncio import concurrency

        if name not in self.created:
            async with get_client() as client:
                await client.upsert_global_concurrency_limit_by_name(name, self.slots)
            self.created.add(name)
        try:
            slots = concurrency(name, occupy=self.slots, timeout_seconds=self.wait_s, lease_duration=60, strict=True)
            async with slots:
                hold.held.set()
                await hold.done.wait()
        except TimeoutError as exc:
            raise TimeoutError(f"no slots of {name} within fetch.shared_slot_wait_s ({self.wait_s:g} s)") from exc

    async def _until_held(self, hold: _HostHold) -> None:
        held = asyncio.ensure_future(hold.held.wait())
        await asyncio.wait({held, hold.task}, return_when=asyncio.FIRST_COMPLETED)
        if not hold.held.is_set():  # the server failed us: go on under the run's own per-host limit
            held.cancel()
            self._note_failure(hold.task)

    def _note_failure(self, task: asyncio.Task) -> None:
        if task.done() and not task.cancelled() and task.exception() is not None and self.error is None:
            self.error = f"{type(task.exception()).__name__}: {task.exception()}"


@dataclass
class _HostHold:
    task: asyncio.Task | None = None
    users: int = 0  # requests for the host under way or waiting in this fetch call
    held: asyncio.Event = field(default_factory=asyncio.Event)
    done: asyncio.Event = field(default_factory=asyncio.Event)


def shared_host_limits(config: Settings) -> SharedHostLimits | None:
    """Only a Prefect server that outlives the run can share limits with other runs; without one, runs
    on one warehouse take turns on its lock and the per-host limit holds within each run."""
    api_url = prefect.settings.PREFECT_API_URL.value()
    if not config.fetch.shared_host_limits or not api_url or is_temporary_server(api_url):
        return None
    return SharedHostLimits(config.fetch.max_connections_per_host, config.fetch.shared_slot_wait_s)
