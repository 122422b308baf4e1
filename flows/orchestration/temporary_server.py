"""Prefect's temporary API server for a run when no server is configured, started as early as the
command line can: before Prefect, the flows and the models are imported, which its start-up then
overlaps. It is the uvicorn command Prefect's own SubprocessASGIServer runs, launched without
importing Prefect (nor its server code, 3 s here) into this process; a run waits for it to answer only
when its flow starts. Measured in the README (start-up paths)."""

from __future__ import annotations

import atexit
import importlib.util
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

TEMPORARY_API_URLS: set[str] = set()  # servers this process started for its own runs, shared with nobody
_SERVERS: list[TemporaryServer] = []


class TemporaryServer:
    """Prefect's API in a subprocess on a free loopback port, for this process's runs only."""

    def __init__(self) -> None:
        self.port = _free_port()
        self.process = self._start()
        atexit.register(self.stop)  # registered before Prefect's log handlers: stopped after they flush
        TEMPORARY_API_URLS.add(self.api_url)

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api"

    def _start(self) -> subprocess.Popen:
        site_packages = Path(importlib.util.find_spec("prefect").origin).parent.parent
        command = [sys.executable, "-m", "uvicorn", "--app-dir", str(site_packages)]
        command += ["--factory", "prefect.server.api.server:create_app", "--host", "127.0.0.1"]
        command += ["--port", str(self.port), "--log-level", "error", "--lifespan", "on"]
        # As Prefect starts it: no UI; it reads the same profile and PREFECT_* variables as this process.
        environment = {**os.environ, "PREFECT_UI_ENABLED": "0", "PREFECT__SERVER_EPHEMERAL": "1"}
        environment["PREFECT__SERVER_FINAL"] = "1"
        return subprocess.Popen(command, env=environment, stdin=subprocess.DEVNULL)

    def wait_until_ready(self, timeout_s: float) -> None:
        import httpx

        deadline = time.monotonic() + timeout_s
        with httpx.Client() as client:
            while time.monotonic() < deadline:
                if self.process.poll() is not None:
                    raise RuntimeError(f"Prefect's temporary server exited with code {self.process.returncode}")
                try:
                    if client.get(f"{self.api_url}/health").status_code == 200:
                        return
                except httpx.TransportError:
                    pass
                time.sleep(0.05)
        raise RuntimeError(f"Prefect's temporary server did not answer within {timeout_s:.0f} s")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def temporary_server() -> TemporaryServer:
    """This process's temporary server, started at the first call; returns at once."""
    if not _SERVERS:
        _SERVERS.append(TemporaryServer())
    return _SERVERS[0]


def launch_temporary_server() -> None:
    """Start it as the command line begins, unless PREFECT_API_URL names a server. (A server named only
    in a Prefect profile is found later; this one then stops unused.)"""
    if not os.environ.get("PREFECT_API_URL"):
        temporary_server()


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
