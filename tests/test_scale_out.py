"""The scale-out path: page work on a real local Dask cluster through prefect-dask, and a warehouse on
a real S3-compatible server (moto's server mode on loopback) that the DuckDB views read in place."""

import os
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from distributed import Client

from newsflow import compaction
from newsflow.cli import main, query
from newsflow.names import consonant_skeleton
from newsflow.orchestration.flows import analyze, ingest
from newsflow.orchestration.runtime import with_task_runner
from newsflow.warehouse import as_warehouse
from tests.conftest import CORPUS_PAGES, make_settings

pytestmark = pytest.mark.slow

BUCKET = "newsflow-test"
SEED_ATTACK_SQL = (
    "select count(*) from events where event_type = 'ASSAULT' and quantity = 5 and event_date = date '2025-12-24'"
)


def page_urls(site: str) -> list[str]:
    return [f"{site}/seed", *(f"{site}/corpus/{name}" for name in CORPUS_PAGES), f"{site}/no-such-page"]


def with_runner(settings, **run):
    return settings.model_validate({**settings.model_dump(), "run": {**settings.run.model_dump(), **run}})


@pytest.fixture(scope="module")
def dask_cluster():
    from distributed import LocalCluster  # noqa: I001

    with LocalCluster(
        n_workers=1, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address="127.0.0.1:0"
    ) as cluster:
        yield cluster


@pytest.fixture(scope="module")
def s3_server():
    """A real S3 API on a free loopback port, with an empty bucket."""
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    options = {"endpoint_url": f"http://{host}:{port}", "key": "testing", "secret": "testing"}
    as_warehouse(f"s3://{BUCKET}", options).fs().mkdir(BUCKET)
    yield options
    server.stop()


@pytest.fixture
def local_state(tmp_path, monkeypatch):
    """A remote warehouse keeps its view database and lock under XDG_CACHE_HOME: a temp dir here."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache"


def s3_settings(tmp_path, options, prefix, **run):
    settings = make_settings(tmp_path / "unused")
    dumped = {**settings.model_dump(), "warehouse": f"s3://{BUCKET}/{prefix}", "storage": {"options": options}}
    return with_runner(settings.model_validate(dumped), **run)


def flow_run_task_names(state) -> list[str]:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId

    flow_run_id = state.state_details.flow_run_id
    with get_client(sync_client=True) as client:
        task_runs = client.read_task_runs(flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[flow_run_id])))
    return [task_run.name.rsplit("-", 1)[0] for task_run in task_runs if task_run.state.is_completed()]


def test_dask_task_runner_processes_the_pages_on_the_cluster_with_the_same_result(
    prefect_api, module_site, dask_cluster, tmp_path
):
    on_processes = make_settings(tmp_path / "processes")
    on_dask = with_runner(
        make_settings(tmp_path / "dask"),
        task_runner="dask",
        dask_address=dask_cluster.scheduler_address,
        pages_per_task=2,
    )
    ingest(page_urls(module_site), on_processes.model_dump(mode="json"))
    state = with_task_runner(ingest, on_dask)(
        page_urls(module_site), on_dask.model_dump(mode="json"), return_state=True
    )

    summary = state.result()
    assert summary["status_counts"] == {"ok": 4, "http_404": 1}
    task_names = flow_run_task_names(state)
    assert task_names.count("process-pages") == 2  # 4 pages, 2 a task
    assert "fetch" in task_names and "store" in task_names
    with Client(dask_cluster) as client:
        worker_pids = list(client.run(os.getpid).values())
    assert worker_pids and os.getpid() not in worker_pids  # the cluster's own processes
    same = "select article_id, title, word_count from articles order by article_id"
    assert query(on_dask.warehouse, same) == query(on_processes.warehouse, same)
    events = "select event_type, location, quantity from events order by all"
    assert query(on_dask.warehouse, events) == query(on_processes.warehouse, events)
    assert query(on_dask.warehouse, SEED_ATTACK_SQL)[1] == [(4,)]  # four places, one event group


def test_dask_runner_reprocesses_stored_articles(prefect_api, module_site, dask_cluster, tmp_path):
    settings = with_runner(
        make_settings(tmp_path / "wh"), task_runner="dask", dask_address=dask_cluster.scheduler_address
    )
    ingest([f"{module_site}/seed"], make_settings(tmp_path / "wh").model_dump(mode="json"))
    state = with_task_runner(analyze, settings)(settings.model_dump(mode="json"), return_state=True)
    assert state.result()["article_count"] == 1
    assert "analyze-texts" in flow_run_task_names(state)
    _, rows = query(settings.warehouse, "select count(distinct run_id) from mentions")
    assert rows == [(1,)]  # the views show the latest analysis only


def test_warehouse_on_s3_is_written_there_and_queried_in_place(
    prefect_api, module_site, s3_server, local_state, tmp_path
):
    settings = s3_settings(tmp_path, s3_server, "nightly")
    summary = ingest(page_urls(module_site), settings.model_dump(mode="json"))
    assert summary["status_counts"] == {"ok": 4, "http_404": 1}

    warehouse = as_warehouse(settings.warehouse, s3_server)
    fs = warehouse.fs()
    assert len(fs.glob(f"{BUCKET}/nightly/raw/*/*.html.gz")) == 4
    batch_files = fs.glob(f"{BUCKET}/nightly/articles/*/*.parquet")
    assert sum(pq.read_table(fs.open(path)).num_rows for path in batch_files) == 4
    assert not (tmp_path / "unused").exists()  # nothing went to a local warehouse

    assert query(warehouse, "select count(*) from articles")[1] == [(4,)]
    assert query(warehouse, SEED_ATTACK_SQL)[1] == [(4,)]
    _, rows = query(warehouse, "select status, count(*) from fetch_log group by all order by all")
    assert rows == [("http_404", 1), ("ok", 4)]
    (key,), *_ = query(warehouse, "select name_key from stg_entity_names order by name_key")[1]
    lookup = compaction.registry_lookup(warehouse)  # a run's: over the registry's index objects
    assert key in {row["name_key"] for row in lookup({consonant_skeleton(key)}, set())}

    again = ingest(page_urls(module_site), settings.model_dump(mode="json"))
    assert again["status_counts"] == {"already_stored": 4, "http_404": 1}  # incremental on S3 too
    assert query(warehouse, "select count(*) from articles")[1] == [(4,)]

    reanalysed = analyze(settings.model_dump(mode="json"))  # reprocessing reads the stored texts back
    assert reanalysed["article_count"] == 4
    assert query(warehouse, "select count(distinct run_id) from mentions")[1] == [(1,)]
    assert query(warehouse, SEED_ATTACK_SQL)[1] == [(4,)]

    # The views read the current state alone: with every raw batch object gone, they still answer.
    assert len(compaction.state_files(warehouse)["articles"]) == 2  # its zero-row schema file, one segment
    for table in ("articles", "sentences", "mentions", "events", "quotes", "fetch_log", "entity_names"):
        fs.rm(f"{BUCKET}/nightly/{table}", recursive=True)
    assert query(warehouse, "select count(*) from articles")[1] == [(4,)]
    assert query(warehouse, SEED_ATTACK_SQL)[1] == [(4,)]
    assert query(warehouse, "select count(*) from entities where mention_count > 0")[1][0][0] > 10


def test_sql_command_reads_an_s3_warehouse(
    prefect_api, module_site, s3_server, local_state, tmp_path, capsys, monkeypatch
):
    import json

    settings = s3_settings(tmp_path, s3_server, "cli")
    ingest([f"{module_site}/seed"], settings.model_dump(mode="json"))
    config = tmp_path / "s3.toml"
    config.write_text(
        f'warehouse = "{settings.warehouse}"\n[storage.options]\n'
        + "".join(f'{key} = "{value}"\n' for key, value in s3_server.items())
    )
    assert main(["sql", "select count(*) as n from quotes", "--config", str(config), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == [{"n": 10}]

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "another-machine"))  # no local views yet
    assert main(["sql", "select count(*) as n from articles", "--config", str(config), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == [{"n": 1}]


def test_dask_workers_write_an_s3_warehouse(prefect_api, module_site, dask_cluster, s3_server, local_state, tmp_path):
    settings = s3_settings(
        tmp_path, s3_server, "cluster", task_runner="dask", dask_address=dask_cluster.scheduler_address
    )
    summary = with_task_runner(ingest, settings)(page_urls(module_site), settings.model_dump(mode="json"))
    assert summary["article_count"] == 4
    assert query(as_warehouse(settings.warehouse, s3_server), SEED_ATTACK_SQL)[1] == [(4,)]


def test_unreachable_s3_warehouse_fails_with_one_clear_line(tmp_path, capsys, local_state):
    config = tmp_path / "s3.toml"
    config.write_text(
        'warehouse = "s3://no-such-bucket/x"\n[storage.options]\nendpoint_url = "http://127.0.0.1:9"\n'
        'key = "k"\nsecret = "s"\n'
    )
    code = main(["run", "https://example.org/a", "--config", str(config)])
    err = capsys.readouterr().err
    assert code == 1 and "cannot write the warehouse at s3://no-such-bucket/x" in err
    assert len(err.strip().splitlines()) == 1
    assert not Path(local_state).exists() or not any(Path(local_state).rglob("*.duckdb"))
