"""The deployments against a real Prefect server: `newsflow serve` registers them, a run triggered
through the API with parameters completes, fills the warehouse and publishes its report."""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from newsflow.cli import query
from tests.conftest import CORPUS_PAGES

pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(condition, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            value = condition()
            if value:
                return value
        except (httpx.HTTPError, KeyError, TypeError, ValueError):
            pass  # a busy server's error answer: ask again
        time.sleep(0.5)
    raise AssertionError(f"timed out waiting for {what}")


def stop(process: subprocess.Popen) -> None:
    os.killpg(process.pid, signal.SIGINT)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


@pytest.fixture(scope="module")
def prefect_server(tmp_path_factory):
    """A real `prefect server start` on a free loopback port, with its own PREFECT_HOME."""
    port = free_port()
    api = f"http://127.0.0.1:{port}/api"
    env = {
        **os.environ,
        "PREFECT_HOME": str(tmp_path_factory.mktemp("prefect-home")),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_SERVER_API_HOST": "127.0.0.1",
        "PREFECT_SERVER_API_PORT": str(port),
        "PREFECT_API_URL": api,
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "prefect", "server", "start"],
        env=env,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for(lambda: httpx.get(f"{api}/health", timeout=2).status_code == 200, 90, "the Prefect server")
        yield api, env
    finally:
        stop(server)


@pytest.fixture(scope="module")
def served(prefect_server, tmp_path_factory):
    api, env = prefect_server
    warehouse = tmp_path_factory.mktemp("served") / "warehouse"
    process = subprocess.Popen(
        [sys.executable, "-m", "newsflow.cli", "serve", "--warehouse", str(warehouse)],
        env=env,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deployments = wait_for(lambda: _deployments(api) if len(_deployments(api)) == 3 else None, 90, "3 deployments")
        yield api, warehouse, deployments
    finally:
        stop(process)


def _deployments(api: str) -> dict[str, dict]:
    response = httpx.post(f"{api}/deployments/filter", json={}, timeout=5)
    return {deployment["name"]: deployment for deployment in response.json()}


def create_flow_run(api: str, deployment_id: str, parameters: dict) -> dict:
    """POST create_flow_run, retried briefly: a server on SQLite answers a busy moment with a 5xx."""
    responses = []

    def created():
        response = httpx.post(
            f"{api}/deployments/{deployment_id}/create_flow_run", json={"parameters": parameters}, timeout=10
        )
        responses.append(f"{response.status_code} {response.text[:300]}")
        return response.json() if response.status_code == 201 else None

    try:
        return wait_for(created, 60, "a flow run to be created")
    except AssertionError as exc:
        raise AssertionError(f"{exc}: {responses[-3:]}") from None


def test_serve_registers_the_three_deployments(served):
    _, _, deployments = served
    assert set(deployments) == {"nightly-ingest", "ingest-urls", "reprocess"}


def test_nightly_deployment_carries_its_cron_schedule(served):
    api, _, deployments = served
    url = f"{api}/deployments/{deployments['nightly-ingest']['id']}/schedules"
    schedules = wait_for(lambda: httpx.get(url, timeout=5).raise_for_status().json(), 30, "the schedules")
    assert [(s["schedule"]["cron"], s["schedule"]["timezone"]) for s in schedules] == [("0 2 * * *", "UTC")]


def test_ingest_urls_run_through_the_api_fills_the_warehouse_and_reports(served, module_site):
    api, warehouse, deployments = served
    request = {
        "urls": [f"{module_site}/seed", f"{module_site}/corpus/{CORPUS_PAGES[0]}", f"{module_site}/no-such-page"],
        "warehouse": str(warehouse),
        "allow_private_hosts": True,
    }
    flow_run = create_flow_run(api, deployments["ingest-urls"]["id"], {"request": request})

    def finished():
        state = httpx.get(f"{api}/flow_runs/{flow_run['id']}", timeout=5).json()["state"]
        return state if state["type"] in ("COMPLETED", "FAILED", "CRASHED", "CANCELLED") else None

    state = wait_for(finished, 180, "the ingest-urls run")
    assert state["type"] == "COMPLETED", state
    assert query(warehouse, "select count(*) from articles")[1] == [(2,)]
    assert query(warehouse, "select status from fetch_log where input_url like '%no-such-page'")[1] == [("http_404",)]
    artifacts = httpx.post(f"{api}/artifacts/filter", json={}, timeout=5).json()
    keys = {artifact["key"] for artifact in artifacts}
    assert {"ingest-summary", "ingest-failures", "newest-events"} <= keys
    summary = next(a for a in artifacts if a["key"] == "ingest-summary")["data"]
    assert "| inputs | articles |" in summary


def test_a_bad_parameter_is_refused_by_the_deployment(served):
    api, _, deployments = served
    url = f"{api}/deployments/{deployments['ingest-urls']['id']}/create_flow_run"
    answer = lambda: httpx.post(url, json={"parameters": {"request": {"max_articles": 0}}}, timeout=10)  # noqa: E731
    status = wait_for(lambda: (code := answer().status_code) < 500 and code, 30, "an answer")
    assert status in (409, 422)


def test_a_run_naming_an_unknown_source_is_refused_before_it_is_created(served):
    from newsflow.settings import Settings, load_sources

    api, _, deployments = served
    known = [source.name for source in load_sources(Settings().schedule.sources_file)]
    url = f"{api}/deployments/{deployments['ingest-urls']['id']}/create_flow_run"
    runs_before = httpx.post(f"{api}/flow_runs/count", json={}, timeout=10).json()
    answer = lambda: httpx.post(url, json={"parameters": {"request": {"sources": ["no-such-source"]}}}, timeout=10)  # noqa: E731
    refused = wait_for(lambda: (response := answer()).status_code < 500 and response, 30, "an answer")
    assert refused.status_code in (409, 422) and "no-such-source" in refused.text
    assert httpx.post(f"{api}/flow_runs/count", json={}, timeout=10).json() == runs_before
    schema = httpx.get(f"{api}/deployments/{deployments['ingest-urls']['id']}", timeout=10).json()
    sources = schema["parameter_openapi_schema"]["definitions"]["IngestRequest"]["properties"]["sources"]
    assert sources["items"]["enum"] == known


def test_prefect_yaml_declares_the_deployments_serve_registers():
    import yaml

    from newsflow.orchestration.deployments import DEPLOYMENTS, ENTRYPOINT_MODULE
    from newsflow.settings import Settings

    declared = yaml.safe_load((Path(__file__).resolve().parent.parent / "prefect.yaml").read_text(encoding="utf-8"))
    by_name = {entry["name"]: entry for entry in declared["deployments"]}
    assert set(by_name) == {deployment.name for deployment in DEPLOYMENTS}
    schedule = Settings().schedule
    for deployment in DEPLOYMENTS:
        entry = by_name[deployment.name]
        assert entry["entrypoint"] == f"{ENTRYPOINT_MODULE}:{deployment.flow.fn.__name__}"
        assert entry["description"] == deployment.description
        expected = [{"cron": schedule.cron, "timezone": schedule.timezone}] if deployment.scheduled else None
        assert entry.get("schedules") == expected


def test_a_run_triggered_with_partial_parameters_writes_the_served_warehouse(served, module_site):
    """As `prefect deployment run 'ingest-urls/ingest-urls' --param 'request={"urls": [...]}'` does: the
    request replaces the form's defaults, the warehouse among them."""
    api, warehouse, deployments = served
    page = f"{module_site}/corpus/{CORPUS_PAGES[1]}"
    request = {"urls": [page], "allow_private_hosts": True}
    flow_run = create_flow_run(api, deployments["ingest-urls"]["id"], {"request": request})

    def finished():
        state = httpx.get(f"{api}/flow_runs/{flow_run['id']}", timeout=5).json()["state"]
        return state if state["type"] in ("COMPLETED", "FAILED", "CRASHED", "CANCELLED") else None

    assert wait_for(finished, 180, "the ingest-urls run")["type"] == "COMPLETED"
    assert query(warehouse, f"select count(*) from fetch_log where input_url = '{page}' and is_ok")[1] == [(1,)]
    # the run the user lands on (the deployment's, not its ingest subflow) carries the report
    artifacts = httpx.post(f"{api}/artifacts/filter", json={}, timeout=5).json()
    on_the_run = {a["key"] for a in artifacts if a["flow_run_id"] == flow_run["id"]}
    assert {"ingest-summary", "html-report"} <= on_the_run
