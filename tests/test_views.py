"""The views: each is unique on the grain its first line states, on a warehouse of the demo pages;
the staging views read Parquet through the one state_rows() macro; no SQL, no success."""

import re

import pytest

from newsflow import store, views

_GRAIN = re.compile(r"^-- one row per (?:\(([^)]*)\)|(\w+)):")


def stated_grain(view: str) -> list[str]:
    """The key columns a view's first line names: `-- one row per (a, b): ...` or `-- one row per a: ...`."""
    path = views.SQL_DIR / "staging" / f"{view}.sql" if view.startswith("stg_") else views.SQL_DIR / f"{view}.sql"
    first_line = path.read_text(encoding="utf-8").splitlines()[0]
    match = _GRAIN.match(first_line)
    assert match, f"{view}: the first line does not state a grain: {first_line!r}"
    return [column.strip() for column in (match.group(1) or match.group(2)).split(",")]


def test_every_view_states_its_grain_on_its_first_line():
    for view in views.view_names():
        assert stated_grain(view)


@pytest.mark.slow
@pytest.mark.parametrize("view", views.view_names())
def test_each_view_is_unique_on_its_stated_grain(demo_warehouse, view):
    columns = ", ".join(stated_grain(view))
    total, distinct_keys = views.read_query(
        demo_warehouse, f"select count(*), count(distinct ({columns})) from {view}"
    )[1][0]
    assert total > 0, f"{view} is empty on the demo warehouse: its grain is not tested"
    assert distinct_keys == total, f"{view}: {total} rows but {distinct_keys} distinct ({columns})"


def test_staging_views_read_parquet_only_through_the_current_state():
    for path in (views.SQL_DIR / "staging").glob("*.sql"):
        sql = path.read_text(encoding="utf-8")
        assert "read_parquet" not in sql and "state_rows('" in sql, path.name


def test_building_views_without_sql_is_an_error(tmp_path):
    root = store.init_warehouse(tmp_path / "warehouse")
    (tmp_path / "no-sql").mkdir()
    with pytest.raises(FileNotFoundError, match="no view definitions"):
        views.build_views(root, tmp_path / "no-sql")
    assert not views.database_path(root).exists()


def test_a_warehouse_from_an_older_newsflow_gains_the_new_columns(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    from newsflow.schemas import TABLES

    root = store.init_warehouse(tmp_path / "warehouse")
    old_events = pa.schema([field for field in TABLES["events"] if field.name != "modality"])
    pq.write_table(old_events.empty_table(), tmp_path / "warehouse" / "events" / "_schema" / "empty.parquet")
    store.init_warehouse(tmp_path / "warehouse")  # as the next run does
    views.build_views(root)
    assert views.read_query(root, "select count(modality) from events")[1] == [(0,)]


@pytest.mark.slow
def test_the_duckdb_shell_from_the_package_index_queries_every_view(demo_warehouse):
    import subprocess
    import sys
    from pathlib import Path

    shell = Path(sys.executable).parent / "duckdb"  # duckdb-cli, installed with the test extra
    database = str(views.database_path(demo_warehouse))
    queries = "".join(f"select '{view}', count(*) from {view};" for view in views.view_names())
    result = subprocess.run(
        [shell, "-readonly", "-csv", "-noheader", database, "-c", queries], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    counted = dict(line.split(",") for line in result.stdout.split())
    assert set(counted) == set(views.view_names()) and int(counted["events"]) > 0
