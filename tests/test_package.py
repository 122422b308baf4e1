"""newsflow as users and deployers install it: a wheel (not an editable checkout) carries its SQL, its
default config and its demo pages, and works from any directory."""

import os
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

REPO_DIR = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_the_wheel_runs_the_demo_and_a_query_from_another_directory(prefect_api, tmp_path):
    """The wheel is installed with pip into a fresh venv; its dependencies come from this test
    environment (one .pth line), so the test needs no network and checks what the wheel carries."""
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", tmp_path / "dist", REPO_DIR],
        check=True,
        timeout=300,
    )
    [wheel] = (tmp_path / "dist").glob("newsflow-*.whl")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", venv], check=True, timeout=120)
    subprocess.run([venv / "bin" / "pip", "install", "--no-deps", "-q", wheel], check=True, timeout=300)
    [site_packages] = (venv / "lib").glob("python*/site-packages")
    (site_packages / "test-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PREFECT_API_URL": prefect_api, "PYTHONPATH": ""}

    def newsflow(*args: str) -> subprocess.CompletedProcess:
        command = [venv / "bin" / "newsflow", *args, "--warehouse", "wh"]
        return subprocess.run(command, cwd=elsewhere, env=env, capture_output=True, text=True, timeout=300)

    located = subprocess.run(
        [venv / "bin" / "python", "-c", "import newsflow.resources as r; print(r.sql_dir(), r.config_dir())"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert all(path.startswith(str(site_packages / "newsflow")) for path in located), located
    demo = newsflow("demo")
    assert demo.returncode == 0, demo.stderr[-3000:]
    assert "inputs: 21   articles stored: 21" in demo.stdout
    query = newsflow("sql", "select count(*) > 0 as has_events from events", "--format", "csv")
    assert query.stdout.split() == ["has_events", "True"], query.stderr
    views = newsflow("views")
    assert views.returncode == 0 and "views rebuilt" in views.stdout
