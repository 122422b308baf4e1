"""Applies sql/ to WAREHOUSE/newsflow.duckdb, verbatim.

The two statements built here define the macros `warehouse_root()`, the absolute warehouse path or URL
(absolute, so the file opens from any working directory), and `state_files(table)`, the files of the
current state that the staging views read (compaction.py compacts the warehouse first). The
database is built under a temporary name and renamed into place, so a reader holding the old file
open is never disturbed and a killed build leaves the previous views intact.

A remote warehouse (s3://...) is read through its fsspec filesystem, registered on each connection
that `connect` opens: DuckDB needs no extension, so nothing is downloaded at run time. Its database
(views only) lives in the warehouse's local state directory (see warehouse.Warehouse.local_path).
"""

from __future__ import annotations

import os
from pathlib import Path

import duckdb

from newsflow import compaction
from newsflow.resources import sql_dir
from newsflow.warehouse import Warehouse, as_warehouse

SQL_DIR = sql_dir()
DATABASE_NAME = "newsflow.duckdb"
# The views database is written in a storage version the DuckDB shell on the package index reads
# (duckdb-cli 1.5 reads versions up to 1.4's; the library here, 2.0, writes newer ones by default).
STORAGE_VERSION = "v1.4.0"


def database_path(root: Warehouse | Path | str) -> Path:
    return as_warehouse(root).local_path / DATABASE_NAME


def connect(root: Warehouse | Path | str, database: Path | None = None, read_only: bool = True, storage=None):
    """A DuckDB connection to the views (or to `database`), able to read the warehouse where it lives.
    Extensions are never installed or loaded behind our back: that would need the internet. `storage`:
    the storage version a new database file is written in."""
    warehouse = as_warehouse(root)
    config = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}
    if storage:
        config["storage_compatibility_version"] = storage
    connection = duckdb.connect(str(database or database_path(warehouse)), read_only=read_only, config=config)
    if not warehouse.is_local:
        connection.register_filesystem(warehouse.snapshot_fs())
    return connection


def sql_files(sql_dir: Path = SQL_DIR) -> list[Path]:
    """Table macros, staging views, then the analysts' views (build_views resolves dependencies)."""
    return [*sorted((sql_dir / "macros").glob("*.sql")), *view_files(sql_dir)]


def view_files(sql_dir: Path = SQL_DIR) -> list[Path]:
    return [*sorted((sql_dir / "staging").glob("*.sql")), *sorted(sql_dir.glob("*.sql"))]


def build_views(
    root: Warehouse | Path | str, sql_dir: Path = SQL_DIR, compact: bool = True, only_if_changed: bool = False
) -> Path:
    """Fold the committed batches into the current state (compaction.py; `compact` false for a reader
    that must not write), then build the views database from `sql_dir` over it; an error, never an
    empty success, when it holds no views. `only_if_changed`: keep the database there is when the
    compaction changed nothing (a run's start). The caller holds the warehouse lock (or knows no run is
    writing)."""
    if not view_files(sql_dir):
        raise FileNotFoundError(f"no view definitions (*.sql) in {sql_dir}: the installation is incomplete")
    warehouse = as_warehouse(root)
    target = database_path(warehouse)
    changed = compaction.compact(warehouse).changed if compact else True
    if only_if_changed and not changed and target.exists():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)  # a remote warehouse's local state, on a new machine
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    temporary.unlink(missing_ok=True)
    try:
        connection = connect(warehouse, temporary, read_only=False, storage=STORAGE_VERSION)
        try:
            connection.execute(_root_macro_statement(warehouse.url))
            connection.execute(_state_files_statement(compaction.state_files(warehouse)))
            _apply_in_dependency_order(connection, sql_files(sql_dir))
            connection.execute("checkpoint")
        finally:
            connection.close()
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)
        Path(f"{temporary}.wal").unlink(missing_ok=True)
    return target


def read_query(root: Warehouse | Path | str, sql: str, parameters=None) -> tuple[list[str], list[tuple]]:
    """(column names, rows) of one query over the views, on a read-only connection."""
    connection = connect(root)
    try:
        cursor = connection.execute(sql, parameters)
        return [column[0] for column in cursor.description or []], cursor.fetchall()
    finally:
        connection.close()


_ANALYST_STATEMENTS = {duckdb.StatementType.SELECT, duckdb.StatementType.EXPLAIN}


def analyst_query(root: Warehouse | Path | str, sql: str) -> tuple[list[str], list[tuple]]:
    """(column names, rows) of one query a person typed (`newsflow sql`): read-only in every sense. One
    SELECT, WITH, FROM, DESCRIBE, SHOW, SUMMARIZE or EXPLAIN statement; on a local warehouse, no file
    outside it is read, and none anywhere is written (`read_only` protects only the database file, so
    COPY, EXPORT, ATTACH, INSTALL, LOAD, SET and PRAGMA are refused by type, and the configuration is
    locked)."""
    connection = connect(root)
    try:
        statements = connection.extract_statements(sql)
        refused = [s.type.name for s in statements if s.type not in _ANALYST_STATEMENTS]
        if len(statements) != 1 or refused:
            raise ValueError(
                "newsflow sql runs one read-only query (SELECT, WITH, FROM, DESCRIBE, SHOW, SUMMARIZE or EXPLAIN)"
                + (f"; {refused[0]} is not one" if refused else f"; got {len(statements)} statements")
            )
        _sandbox(connection, as_warehouse(root))
        cursor = connection.execute(sql)
        return [column[0] for column in cursor.description or []], cursor.fetchall()
    finally:
        connection.close()


def _sandbox(connection: duckdb.DuckDBPyConnection, warehouse: Warehouse) -> None:
    """Files outside the warehouse become unreachable (a remote warehouse is read through its registered
    filesystem, which needs external access: there only the statement types guard)."""
    if warehouse.is_local:
        folder = str(warehouse.local_path).replace("'", "''")
        connection.execute(f"set allowed_directories = ['{folder}/']")  # a settings value takes no parameter
        connection.execute("set enable_external_access = false")
    connection.execute("set lock_configuration = true")


def read_dicts(root: Warehouse | Path | str, sql: str, parameters=None) -> list[dict]:
    columns, rows = read_query(root, sql, parameters)
    return [dict(zip(columns, row, strict=True)) for row in rows]


def view_names(sql_dir: Path = SQL_DIR) -> list[str]:
    return [path.stem for path in view_files(sql_dir)]


def _root_macro_statement(root: str) -> str:
    # DDL takes no bound parameters; the path is quoted as a SQL string literal.
    literal = root.replace("'", "''")
    return f"create or replace macro warehouse_root() as '{literal}'"


def _state_files_statement(files: dict[str, list[str]]) -> str:
    """The macro state_files(table): the files of the state's live segments, as the manifest lists them
    now (rebuilt after every compaction), so a query opens them without listing any folder."""
    entries = ", ".join(f"{_literal(table)}: [{', '.join(map(_literal, paths))}]" for table, paths in files.items())
    return f"create or replace macro state_files(table_name) as map {{{entries}}}[table_name]"


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _apply_in_dependency_order(connection: duckdb.DuckDBPyConnection, files: list[Path]) -> None:
    """A view can only be created once the views it reads exist: retry the ones that failed on a
    missing view until a pass makes no progress, then raise the first remaining error."""
    pending = list(files)
    while pending:
        failed: list[tuple[Path, Exception]] = []
        for path in pending:
            try:
                connection.execute(path.read_text(encoding="utf-8"))
            except duckdb.CatalogException as exc:
                failed.append((path, exc))
        if len(failed) == len(pending):
            path, exc = failed[0]
            raise RuntimeError(f"{path.name}: {exc}") from exc
        pending = [path for path, _ in failed]
