"""A run killed with SIGKILL mid-way leaves a readable, consistent warehouse; the next run completes."""

import os
import signal
import subprocess
import sys
import time

import pyarrow.parquet as pq
import pytest

from newsflow.cli import query

pytestmark = pytest.mark.slow
PAGE_COUNT = 8


def committed_batches(warehouse) -> list:
    return [path for path in warehouse.glob("batches/*/*.parquet") if path.parent.name != "_schema"]


def newsflow(*args: str, env: dict) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "newsflow.cli", *args],
        env=env,
        start_new_session=True,  # its own process group: the kill reaches its extraction workers too
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_killed_run_leaves_no_partial_parquet_and_the_next_run_completes(prefect_api, site, tmp_path):
    warehouse = tmp_path / "warehouse"
    urls = [f"{site}/delayed/{number}" for number in range(PAGE_COUNT)]  # 0.3 s each, one at a time
    env = {
        **os.environ,
        "PREFECT_API_URL": prefect_api,
        "NEWSFLOW_RUN__BATCH_SIZE": "1",
        "NEWSFLOW_FETCH__MAX_CONNECTIONS": "1",
    }
    run = newsflow("run", *urls, "--warehouse", str(warehouse), "--allow-private-hosts", env=env)
    deadline = time.monotonic() + 90
    while len(committed_batches(warehouse)) < 2 and time.monotonic() < deadline and run.poll() is None:
        time.sleep(0.02)
    os.killpg(run.pid, signal.SIGKILL)
    run.wait()

    assert 2 <= len(committed_batches(warehouse)) < PAGE_COUNT, "the kill should land mid-way"
    for path in warehouse.rglob("*.parquet"):
        pq.read_table(path)  # every visible Parquet file is whole
    # The views still show the state before the run, whole; the next compaction folds in what it committed.
    assert query(warehouse, "select count(*) from articles")[1] == [(0,)]
    views = newsflow("views", "--warehouse", str(warehouse), env=env)
    assert views.wait(timeout=120) == 0, views.stderr.read()
    stored = query(warehouse, "select count(*) from articles")[1][0][0]
    logged_ok = query(warehouse, "select count(*) from fetch_log where is_ok")[1][0][0]
    assert 2 <= stored == logged_ok < PAGE_COUNT

    rerun = newsflow("run", *urls, "--warehouse", str(warehouse), "--allow-private-hosts", env=env)
    stdout, stderr = rerun.communicate(timeout=180)
    assert rerun.returncode == 0, stderr
    assert f"articles stored: {PAGE_COUNT - stored}" in stdout and f"already_stored {stored}" in stdout
    assert query(warehouse, "select count(*) from articles")[1] == [(PAGE_COUNT,)]
    assert query(warehouse, "select count(*), bool_and(is_ok) from fetch_log")[1] == [(PAGE_COUNT, True)]


def test_overlapping_runs_take_turns_and_never_store_a_page_twice(prefect_api, site, tmp_path):
    from newsflow.orchestration.flows import ingest
    from tests.conftest import make_settings

    warehouse = tmp_path / "warehouse"
    urls = [f"{site}/delayed/{number}" for number in range(PAGE_COUNT)]
    env = {**os.environ, "PREFECT_API_URL": prefect_api, "NEWSFLOW_FETCH__MAX_CONNECTIONS": "1"}
    first = newsflow("run", *urls, "--warehouse", str(warehouse), "--allow-private-hosts", env=env)
    deadline = time.monotonic() + 90
    while not (warehouse / ".newsflow.lock").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(1.0)  # the first run is fetching now
    second = ingest(urls, make_settings(warehouse).model_dump(mode="json"))
    _, stderr = first.communicate(timeout=180)
    assert first.returncode == 0, stderr
    assert second["status_counts"] == {"already_stored": PAGE_COUNT}  # it waited, then found them stored
    assert sum(site.hits[f"/delayed/{number}"] for number in range(PAGE_COUNT)) == PAGE_COUNT
    _, rows = query(warehouse, "select count(*) from read_parquet(warehouse_root() || '/articles/*/*.parquet')")
    assert rows == [(PAGE_COUNT,)]  # every article written once


def test_overlapping_runs_on_different_warehouses_share_each_hosts_limit(prefect_api, site, tmp_path):
    """Two runs into two warehouses do not take turns; one request at a time per host still holds across
    both, through the Prefect server's global concurrency limit for that host."""
    from newsflow.orchestration.flows import ingest
    from tests.conftest import make_settings

    first_urls = [f"{site}/delayed/{number}" for number in range(20)]  # 6 s at one request at a time
    second_urls = [f"{site}/delayed/{number}" for number in range(100, 105)]
    env = {**os.environ, "PREFECT_API_URL": prefect_api, "NEWSFLOW_FETCH__MAX_CONNECTIONS_PER_HOST": "1"}
    first = newsflow("run", *first_urls, "--warehouse", str(tmp_path / "a"), "--allow-private-hosts", env=env)
    deadline = time.monotonic() + 90
    while site.hits["/delayed/0"] == 0 and time.monotonic() < deadline and first.poll() is None:
        time.sleep(0.05)
    second_started = time.monotonic()
    second = ingest(second_urls, make_settings(tmp_path / "b", max_connections_per_host=1).model_dump(mode="json"))
    _, stderr = first.communicate(timeout=180)

    assert first.returncode == 0, stderr
    assert second["status_counts"] == {"ok": 5}
    assert query(tmp_path / "a", "select count(*) from articles")[1] == [(20,)]
    # The second run began while the first had seconds of fetching left, so both wanted the host at once:
    assert site.in_flight.first_requested["/delayed/19"] - second_started > 2
    assert site.in_flight.peak == 1


def test_a_prefect_server_gone_mid_run_leaves_each_host_to_the_runs_own_limit(site, refused_url, tmp_path):
    from prefect.settings import PREFECT_API_URL, PREFECT_CLIENT_MAX_RETRIES, temporary_settings

    from newsflow import fetch
    from newsflow.orchestration.host_limits import SharedHostLimits
    from tests.conftest import make_settings

    shared = SharedHostLimits(1, wait_s=5)
    server_gone = {PREFECT_API_URL: refused_url.rsplit("/", 1)[0] + "/api", PREFECT_CLIENT_MAX_RETRIES: 0}
    with temporary_settings(updates=server_gone):
        urls = [f"{site}/article/{number}" for number in range(3)]
        results = fetch.fetch_all(urls, make_settings(tmp_path).fetch, host_slot=shared)
    assert [result.status for result in results] == ["ok", "ok", "ok"]
    assert shared.error and "Connect" in shared.error


HOLD_SLOTS_FOREVER = """
import asyncio, sys
from prefect.concurrency.asyncio import concurrency

async def hold():
    async with concurrency(sys.argv[1], occupy=2, lease_duration=60, strict=True):
        print("holding", flush=True)
        await asyncio.sleep(3600)

asyncio.run(hold())
"""


def test_slots_a_killed_run_still_holds_delay_the_next_run_only_so_long(prefect_api, site, tmp_path):
    """A SIGKILLed run's lease keeps its host's slots until the server reclaims them: the next run waits
    at most fetch.shared_slot_wait_s, then fetches under its own per-host limit."""
    from prefect.client.orchestration import get_client

    from newsflow import fetch
    from newsflow.orchestration.host_limits import SharedHostLimits
    from tests.conftest import make_settings

    name = f"newsflow-host:{site.removeprefix('http://')}"
    with get_client(sync_client=True) as client:
        client.upsert_global_concurrency_limit_by_name(name, 2)
    env = {**os.environ, "PREFECT_API_URL": prefect_api}
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_SLOTS_FOREVER, name], env=env, stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout.readline().strip() == "holding"
    holder.kill()
    holder.wait()

    shared = SharedHostLimits(2, wait_s=3)
    started = time.monotonic()
    results = fetch.fetch_all(
        [f"{site}/article/{n}" for n in range(3)], make_settings(tmp_path).fetch, host_slot=shared
    )
    assert [result.status for result in results] == ["ok", "ok", "ok"]
    assert time.monotonic() - started >= 3  # it waited for the slots first
    assert "no slots of " + name in shared.error


def test_sigterm_ends_the_run_in_one_line_with_no_process_left(prefect_api, site, tmp_path):
    import psutil

    urls = [f"{site}/delayed/{number}" for number in range(40)]  # 0.3 s each, one at a time
    env = {**os.environ, "PREFECT_API_URL": prefect_api, "NEWSFLOW_FETCH__MAX_CONNECTIONS": "1"}
    process = newsflow("run", *urls, "--warehouse", str(tmp_path / "warehouse"), "--allow-private-hosts", env=env)
    deadline = time.monotonic() + 120
    while not site.hits and time.monotonic() < deadline:  # fetching has begun: the workers are up
        time.sleep(0.2)
    children = psutil.Process(process.pid).children(recursive=True)
    assert children, "the run has no worker processes to stop"
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130
    assert stderr.strip().splitlines()[-1] == "newsflow: stopped; the batches committed before the stop are kept"
    gone, alive = psutil.wait_procs(children, timeout=15)
    assert not alive, [p.cmdline() for p in alive]
    assert query(tmp_path / "warehouse", "select count(*) from fetch_log")[1][0][0] >= 0  # still readable


def test_the_next_run_removes_the_temporary_files_of_a_killed_one(tmp_path):
    from newsflow.store import init_warehouse

    warehouse = tmp_path / "warehouse"
    init_warehouse(warehouse)
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead_pid = int(gone.stdout)  # a process that has exited
    leftovers = [
        warehouse / f".newsflow.duckdb.{dead_pid}.tmp",
        warehouse / f".newsflow.duckdb.{dead_pid}.tmp.wal",
        warehouse / ".tmp" / f".run-1-0001.parquet.0a1b2c3d4e5f.{dead_pid}.tmp",
    ]
    ours = warehouse / ".tmp" / f".run-1-0002.parquet.5f4e3d2c1b0a.{os.getpid()}.tmp"  # a live writer's
    for path in [*leftovers, ours]:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"half")
    init_warehouse(warehouse)
    assert not any(path.exists() for path in leftovers) and ours.exists()


def test_a_writer_killed_mid_file_leaves_its_temporary_in_the_one_folder_the_next_run_sweeps(tmp_path):
    warehouse = tmp_path / "warehouse"
    writer = (  # a state segment written batch by batch, killed after its first batch
        "import sys, time, pyarrow as pa\n"
        "from newsflow import store\n"
        "root = store.init_warehouse(sys.argv[1])\n"
        "table = pa.table({'n': [1, 2]})\n"
        "def batches():\n"
        "    yield from table.to_batches()\n"
        "    time.sleep(60)\n"
        "store.put_parquet_batches(root, table.schema, batches(), 'state', 't', 'month=2025-01', '0.parquet')\n"
    )
    process = subprocess.Popen([sys.executable, "-c", writer, str(warehouse)])
    temporaries = warehouse / ".tmp"
    deadline = time.monotonic() + 60
    # init_warehouse's own empty schema files pass through the same folder first; wait for the segment's
    while not list(temporaries.glob(".0.parquet.*.tmp")) and time.monotonic() < deadline:
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    assert [path.name.split(".")[1] for path in temporaries.glob(".*.tmp")] == ["0"]  # ".0.parquet.<id>.<pid>.tmp"
    assert not list((warehouse / "state").rglob("*tmp*"))  # nothing half-written where readers look
    from newsflow.store import init_warehouse

    init_warehouse(warehouse)  # the next run
    assert not list(temporaries.glob(".*.tmp"))
