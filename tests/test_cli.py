"""The command line: the contract's commands, their output formats and their one-line errors."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from newsflow import views
from newsflow.cli import main
from newsflow.orchestration.flows import ingest
from newsflow.settings import load_settings
from tests.conftest import CORPUS_PAGES, make_settings

REPO_DIR = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def warehouse(prefect_api, module_site, tmp_path_factory):
    settings = make_settings(tmp_path_factory.mktemp("cli") / "warehouse")
    ingest(
        [f"{module_site}/seed", f"{module_site}/corpus/{CORPUS_PAGES[0]}", f"{module_site}/no-such-page"],
        settings.model_dump(mode="json"),
    )
    return Path(settings.warehouse)


def run_cli(capsys, *args) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_sql_prints_a_table(warehouse, capsys):
    code, out, _ = run_cli(
        capsys,
        "sql",
        "select status, count(*) as n from fetch_log group by 1 order by 1",
        "--warehouse",
        str(warehouse),
    )
    assert code == 0
    assert out.splitlines()[0].split() == ["status", "|", "n"]
    assert "http_404 | 1" in out and "ok       | 2" in out and "(2 rows)" in out


def test_sql_prints_csv_and_json(warehouse, capsys):
    sql = "select title from articles order by title"
    _, out, _ = run_cli(capsys, "sql", sql, "--warehouse", str(warehouse), "--format", "csv")
    assert out.splitlines() == [
        "title",
        "Russian forces near collapse in Kupyansk as Moscow allies concede city lost: Report",
        "US service members killed in Afghanistan helicopter crash",
    ]
    _, out, _ = run_cli(capsys, "sql", sql, "--warehouse", str(warehouse), "--format", "json")
    assert [row["title"] for row in json.loads(out)][1] == "US service members killed in Afghanistan helicopter crash"


def test_sql_is_read_only(warehouse, capsys):
    code, _, err = run_cli(capsys, "sql", "drop view articles", "--warehouse", str(warehouse))
    assert code == 1
    assert "read-only" in err and len(err.strip().splitlines()) == 1


def test_database_opens_from_any_working_directory(warehouse, tmp_path, monkeypatch):
    import duckdb

    monkeypatch.chdir(tmp_path)
    connection = duckdb.connect(str(warehouse / "newsflow.duckdb"), read_only=True)
    assert connection.execute("select count(*) from articles").fetchone() == (2,)


def test_sql_without_a_warehouse_says_what_to_do(tmp_path, capsys):
    code, _, err = run_cli(capsys, "sql", "select 1", "--warehouse", str(tmp_path / "nowhere"))
    assert code == 1 and "newsflow run" in err


def test_run_into_an_unwritable_warehouse_fails_with_one_line(tmp_path, capsys):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    code, _, err = run_cli(capsys, "run", "https://example.com/news/1", "--warehouse", str(blocker / "warehouse"))
    assert code == 1
    assert str(blocker) in err and len(err.strip().splitlines()) == 1


def test_run_without_urls_exits_2(capsys):
    code, _, err = run_cli(capsys, "run")
    assert code == 2 and "--urls-file" in err and "--feed" in err


def test_invalid_config_exits_1_naming_the_key(tmp_path, capsys):
    config = tmp_path / "bad.toml"
    config.write_text("[fetch]\nmax_connections = 0\n")
    code, _, err = run_cli(capsys, "run", "https://example.com/a", "--config", str(config))
    assert code == 1 and "max_connections" in err


def test_urls_file_skips_blank_lines_and_comments(tmp_path):
    from newsflow.cli import _read_urls_file

    urls_file = tmp_path / "urls.txt"
    urls_file.write_text("# my sources\nhttps://example.com/a\n\n  https://example.com/b  \n")
    assert _read_urls_file(str(urls_file)) == ["https://example.com/a", "https://example.com/b"]


@pytest.mark.slow
def test_demo_runs_offline_and_prints_a_summary_and_a_query(prefect_api, tmp_path):
    env = {**os.environ, "PREFECT_API_URL": prefect_api}
    result = subprocess.run(
        [sys.executable, "-m", "newsflow.cli", "demo", "--warehouse", str(tmp_path / "warehouse")],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert "inputs: 21   articles stored: 21" in result.stdout
    assert "Russian forces near collapse in Kupyansk" in result.stdout
    assert "placed_places" in result.stdout and "The newest events" in result.stdout
    next_command = result.stdout.split("Next, try:\n  ", 1)[1].split(" sql ", 1)[0]
    assert next_command == "newsflow" or Path(next_command).exists()  # it works exactly as printed


def test_default_warehouse_comes_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("NEWSFLOW_WAREHOUSE", str(tmp_path / "env-warehouse"))
    assert Path(load_settings().warehouse) == tmp_path / "env-warehouse"


def test_readme_documents_every_view_macro_command_and_the_ci_command():
    readme = (REPO_DIR / "README.md").read_text(encoding="utf-8")
    for name in views.view_names():
        assert f"`{name}`" in readme, f"README does not document the view {name}"
    for path in (views.SQL_DIR / "macros").glob("*.sql"):
        assert f"`{path.stem}()`" in readme, f"README does not document the table macro {path.stem}()"
    for command in ("run", "demo", "sql", "analyze", "views", "compact", "report", "serve"):
        assert f"newsflow {command}" in readme
    ci_command = (REPO_DIR / ".ci" / "run").read_text(encoding="utf-8").strip().splitlines()[-1]
    assert ci_command in readme


@pytest.mark.parametrize(
    "statement",
    [
        "copy (select 1) to '{out}/planted.csv'",
        "copy (select 1) to '{warehouse}/articles/forged.parquet' (format parquet)",
        "export database '{out}/exported'",
        "attach '{out}/other.duckdb'",
        "install httpfs",
        "load httpfs",
        "pragma profiling_output = '{out}/profile.json'",
        "set enable_external_access = true",
        "select * from read_text('/etc/passwd')",
        "select * from read_csv('/etc/hosts')",
        "select * from glob('/root/**')",
        "select 1; select 2",
    ],
)
def test_sql_is_read_only_and_reads_only_the_warehouse(tmp_path, capsys, statement):
    from newsflow import store

    warehouse, out = tmp_path / "warehouse", tmp_path / "out"
    out.mkdir()
    views.build_views(store.init_warehouse(warehouse))
    before = sorted(path.name for path in warehouse.rglob("*"))
    code = main(["sql", statement.format(out=out, warehouse=warehouse), "--warehouse", str(warehouse)])
    assert code == 1
    assert len(capsys.readouterr().err.strip().splitlines()) == 1  # one line, no traceback
    assert sorted(path.name for path in warehouse.rglob("*")) == before and not any(out.iterdir())


def test_sql_answers_queries_over_the_views(tmp_path, capsys):
    from newsflow import store

    views.build_views(store.init_warehouse(tmp_path / "warehouse"))
    code = main(
        ["sql", "select count(*) as n from events", "--warehouse", str(tmp_path / "warehouse"), "--format", "csv"]
    )
    assert code == 0 and capsys.readouterr().out.split() == ["n", "0"]


def test_errors_a_person_can_act_on(tmp_path, capsys):
    bad = tmp_path / "bad.toml"
    bad.write_text("[fetch]\nmax_retries = -5\nbogus = 1\n")
    assert main(["run", "https://example.com/a", "--config", str(bad)]) == 1
    lines = capsys.readouterr().err.splitlines()
    assert "  fetch.max_retries = -5: Input should be greater than or equal to 0" in lines
    assert "  fetch.bogus = 1: Extra inputs are not permitted" in lines and len(lines) == 3
    assert main(["run", "--urls-file", str(tmp_path / "missing.txt")]) == 1
    assert capsys.readouterr().err.strip() == f"newsflow: no such URL file: {tmp_path / 'missing.txt'}"


def test_help_lists_the_views_with_their_grain_and_shows_run_examples(capsys):
    with pytest.raises(SystemExit):
        main(["sql", "--help"])
    out = capsys.readouterr().out
    assert all(f"  {name} " in out for name in views.view_names()) and "events               event_id" in out
    with pytest.raises(SystemExit):
        main(["run", "--help"])
    assert "newsflow run --urls-file urls.txt" in capsys.readouterr().out


def test_a_wrong_model_or_table_is_refused_before_the_run(tmp_path, capsys):
    mine = tmp_path / "mine.toml"
    mine.write_text('[nlp]\nmodel = "no_such_model"\n')
    assert main(["run", "https://example.com/a", "--config", str(mine), "--warehouse", str(tmp_path / "w")]) == 1
    assert (
        capsys.readouterr().err.strip() == "newsflow: nlp.model 'no_such_model' is not an installed spaCy model package"
    )
    mine.write_text(f'[nlp]\nevents_file = "{tmp_path / "missing.toml"}"\n')
    assert main(["run", "https://example.com/a", "--config", str(mine), "--warehouse", str(tmp_path / "w")]) == 1
    assert "config file not found" in capsys.readouterr().err
