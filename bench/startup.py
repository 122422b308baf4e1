"""Start-up benchmark: how long `newsflow run` on two URLs takes from its launch to its first fetch (the
first request the page server sees) and in all, with no Prefect server configured (a temporary one per
run) and with a running server (PREFECT_API_URL), side by side in one run, three runs each.

    python bench/startup.py [--runs 3]

The pages are served from loopback by this process; every run writes a fresh warehouse.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx

PAGE = (
    b"<html><head><title>Bridge</title></head><body><article><p>"
    + b"Police arrested ten protesters in Kharkiv on Monday, officials said. " * 30
    + b"</p></article></body></html>"
)
FIRST_HITS: list[float] = []


class Pages(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802
        if "robots" not in self.path:
            FIRST_HITS.append(time.time())
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(PAGE)))
        self.end_headers()
        self.wfile.write(PAGE)

    def log_message(self, *args) -> None:
        pass


def timed_run(base_url: str, folder: Path, number: int, environment: dict) -> tuple[float, float]:
    FIRST_HITS.clear()
    urls = [f"{base_url}/a{number}", f"{base_url}/b{number}"]
    command = [sys.executable, "-m", "newsflow.cli", "run", *urls, "--allow-private-hosts"]
    command += ["--warehouse", str(folder / f"warehouse-{number}")]
    started = time.time()
    subprocess.run(command, env=environment, check=True, capture_output=True)
    return FIRST_HITS[0] - started, time.time() - started


def running_server(folder: Path) -> tuple[subprocess.Popen, str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    api_url = f"http://127.0.0.1:{port}/api"
    environment = {
        **os.environ,
        "PREFECT_HOME": str(folder / "prefect-home"),
        "PREFECT_SERVER_API_HOST": "127.0.0.1",
        "PREFECT_SERVER_API_PORT": str(port),
        "PREFECT_API_URL": api_url,
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "prefect", "server", "start"], env=environment, stdout=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{api_url}/health").status_code == 200:
                return process, api_url
        except httpx.TransportError:
            time.sleep(0.2)
    process.terminate()
    raise RuntimeError("the Prefect server did not start within 90 s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", 0), Pages)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base_url = f"http://127.0.0.1:{server.server_address[1]}"
    plain = {key: value for key, value in os.environ.items() if key != "PREFECT_API_URL"}
    plain["PREFECT_SERVER_ANALYTICS_ENABLED"] = "false"
    results: dict[str, list[tuple[float, float]]] = {"no server (temporary one per run)": [], "running server": []}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        prefect_server, api_url = running_server(folder)
        try:
            for number in range(args.runs):  # alternating, so that both meet the same machine load
                results["no server (temporary one per run)"].append(timed_run(base_url, folder, 2 * number, plain))
                with_server = {**plain, "PREFECT_API_URL": api_url}
                results["running server"].append(timed_run(base_url, folder, 2 * number + 1, with_server))
        finally:
            prefect_server.terminate()
            prefect_server.wait(timeout=30)
    print(f"\n`newsflow run` on 2 URLs, {args.runs} runs each (seconds)\n")
    print(f"{'Prefect':36}{'to first fetch':>22}{'in all':>22}")
    for name, runs in results.items():
        first = " / ".join(f"{a:.1f}" for a, _ in runs)
        total = " / ".join(f"{b:.1f}" for _, b in runs)
        print(f"{name:36}{first:>22}{total:>22}")


if __name__ == "__main__":
    main()
