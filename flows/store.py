"""The only code that writes the warehouse.

Layout under the warehouse root (a local directory, or an fsspec URL such as s3://bucket/prefix):
    raw/<sha[:2]>/<sha256>.html.gz            raw HTML (decoded, UTF-8), content-addressed, compressed
    <table>/<run_id>/<batch_id>.parquet       one file per table per batch; runs only ever add files
    <table>/_schema/empty.parquet             zero rows, so views work on an empty warehouse
    state/...                                 the current state the views read (compaction.py)
    newsflow.duckdb                           the views (see views.py); local state of a remote warehouse
                                              (views and run lock) lives under ~/.cache/newsflow/warehouses/

Every local file is written to a hidden temporary name and renamed into place, so a reader (or a
killed run) never sees half a file; an object store's PUT is atomic by itself. Within a batch, its
`batches` row is written last: it is the batch's commit marker, and the views read only the rows of
committed batches (sql/macros/committed_rows.sql).
"""

from __future__ import annotations

import fcntl
import gzip
import hashlib
import os
import time
import uuid
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from newsflow.schemas import TABLES
from newsflow.warehouse import Warehouse, as_warehouse


class WarehouseError(OSError):
    """The warehouse cannot be written; the message names the path."""


def init_warehouse(root: Warehouse | Path | str, options: dict[str, Any] | None = None) -> Warehouse:
    warehouse = as_warehouse(root, options)
    try:
        for name, schema in TABLES.items():
            if stored_schema(warehouse, name, "_schema", "empty.parquet") != schema:  # new, or by an older newsflow
                put_parquet(warehouse, schema.empty_table(), name, "_schema", "empty.parquet")
        warehouse.local_path.mkdir(parents=True, exist_ok=True)
        _remove_orphaned_temporaries(warehouse.local_path)
    except Exception as exc:  # noqa: BLE001 - fsspec backends raise their own types (NoCredentialsError...)
        reason = getattr(exc, "strerror", None) or f"{type(exc).__name__}: {exc}"
        raise WarehouseError(f"cannot write the warehouse at {warehouse}: {reason}") from exc
    return warehouse


@contextmanager
def warehouse_lock(root: Warehouse | Path | str, timeout_s: float, on_wait=None):
    """One run at a time per warehouse: an overlapping run waits, then finds the first run's pages
    already stored (no double store, and per-host limits hold across both). The lock is released
    by the kernel when its process dies, killed or not. A remote warehouse's lock is a local file:
    it orders the runs of one machine."""
    path = as_warehouse(root).local_path / ".newsflow.lock"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a+") as handle:
        deadline = time.monotonic() + timeout_s
        waited = False
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise WarehouseError(f"another run has held {path} for over {timeout_s:.0f} s") from None
                if not waited and on_wait is not None:
                    on_wait(path)
                waited = True
                time.sleep(0.2)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def archive_html(root: Warehouse | Path | str, html: str) -> str:
    """Store the page once, keyed by the SHA-256 of its UTF-8 bytes; return that key."""
    warehouse = as_warehouse(root)
    data = html.encode("utf-8")
    digest = hashlib.sha256(data).hexdigest()
    parts = _raw_html_parts(digest)
    if not exists(warehouse, *parts):
        # Level 1: a fifth larger than level 6 but three times faster, on the extraction hot path.
        put_bytes(warehouse, gzip.compress(data, compresslevel=1, mtime=0), *parts)
    return digest


def read_archived_html(root: Warehouse | Path | str, digest: str) -> str:
    return gzip.decompress(get_bytes(as_warehouse(root), *_raw_html_parts(digest))).decode("utf-8")


def _raw_html_parts(digest: str) -> tuple[str, str, str]:
    return "raw", digest[:2], f"{digest}.html.gz"


def write_batch(
    root: Warehouse | Path | str, run_id: str, batch_id: str, flow: str, tables: dict[str, list[dict] | pa.Table]
):
    """Commit one batch: its tables' files, then its `batches` row (the commit marker). Every row is
    stamped with the run and batch (the pipeline core stamps them already; this makes it certain)."""
    warehouse = as_warehouse(root)
    stamp = {"run_id": run_id, "batch_id": batch_id}
    for name, rows in tables.items():
        if len(rows):
            table = _stamped(rows, stamp, TABLES[name])
            put_parquet(warehouse, table, name, run_id, f"{batch_id}.parquet")
    marker = pa.Table.from_pylist(
        [{**stamp, "flow": flow, "committed_at": datetime.now(timezone.utc)}], schema=TABLES["batches"]
    )
    put_parquet(warehouse, marker, "batches", run_id, f"{batch_id}.parquet")


def _stamped(rows: list[dict] | pa.Table, stamp: dict[str, str], schema: pa.Schema) -> pa.Table:
    """Rows (dicts, or an Arrow table: benchmarks write millions) in the table's schema, stamped."""
    if isinstance(rows, list):
        return pa.Table.from_pylist([{**row, **stamp} for row in rows], schema=schema)
    for column, value in stamp.items():
        rows = rows.drop_columns([column]) if column in rows.column_names else rows
        rows = rows.append_column(column, pa.array([value] * len(rows), pa.string()))
    missing = [field for field in schema if field.name not in rows.column_names]
    for field in missing:
        rows = rows.append_column(field, pa.nulls(len(rows), field.type))
    return rows.select(schema.names).cast(schema)


# Every write into a local warehouse goes through a temporary file here, renamed into place when whole, so
# that the temporaries a killed process leaves are found in one folder, however long the history.
TEMPORARIES = ".tmp"


def _remove_orphaned_temporaries(folder: Path) -> None:
    """Temporary files a killed process left (".<name>.<pid>.tmp", and a views build's ".wal"), once that
    process is gone: every write goes through one, so a SIGKILL mid-write leaves one behind. They are in
    the warehouse's folder of temporaries (the views database's beside it), so the sweep lists two folders,
    not every run's."""
    temporaries = folder / TEMPORARIES
    for path in [*folder.glob(".*.tmp"), *folder.glob(".*.tmp.wal"), *temporaries.glob(".*.tmp")]:
        pid = path.name.split(".tmp")[0].rsplit(".", 1)[-1]
        if pid.isdigit() and not _alive(int(pid)):
            path.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def stored_schema(warehouse: Warehouse, *parts: str) -> pa.Schema | None:
    """The schema of a table's zero-row file: the views see every column it has (union_by_name), so a
    column added by a newer newsflow reads as null in the rows of older batches."""
    if not exists(warehouse, *parts):
        return None
    return pq.read_schema(pa.BufferReader(get_bytes(warehouse, *parts)))


def committed_batch_ids(warehouse: Warehouse) -> list[str]:
    """The batches whose commit marker (their `batches` row) exists: batches/<run_id>/<batch_id>.parquet."""
    folder = warehouse.local_path / "batches"
    if warehouse.is_local and folder.is_dir():  # a listing per run, without pathlib's glob: a year has 365 runs
        runs = [entry.path for entry in os.scandir(folder) if entry.is_dir() and entry.name != "_schema"]
        names = [name for run in runs for name in os.listdir(run) if name.endswith(".parquet")]
        return sorted(name.removesuffix(".parquet") for name in names)
    markers = list_files(warehouse, "batches", "*", "*.parquet")
    return [path.rsplit("/", 1)[-1].removesuffix(".parquet") for path in markers if "/_schema/" not in path]


def list_files(warehouse: Warehouse, *pattern: str) -> list[str]:
    """The files matching a glob pattern under the warehouse, as the paths the views read them by."""
    if warehouse.is_local:
        return sorted(str(path) for path in warehouse.local_path.glob("/".join(pattern)))
    protocol = f"{warehouse.protocol}://"
    found = warehouse.fs().glob(warehouse.join(*pattern))
    return sorted(path if "://" in path else protocol + path for path in found)


def exists_path(warehouse: Warehouse, path: str) -> bool:
    return Path(path).exists() if warehouse.is_local else warehouse.fs().exists(path)


def get_path_bytes(warehouse: Warehouse, path: str) -> bytes:
    return Path(path).read_bytes() if warehouse.is_local else warehouse.fs().cat_file(path)


def remove_path(warehouse: Warehouse, path: str) -> None:
    if warehouse.is_local:
        Path(path).unlink(missing_ok=True)
    else:
        warehouse.fs().rm_file(path)


def exists(warehouse: Warehouse, *parts: str) -> bool:
    if warehouse.is_local:
        return warehouse.local_path.joinpath(*parts).exists()
    return warehouse.fs().exists(warehouse.join(*parts))


def get_bytes(warehouse: Warehouse, *parts: str) -> bytes:
    if warehouse.is_local:
        return warehouse.local_path.joinpath(*parts).read_bytes()
    return warehouse.fs().cat_file(warehouse.join(*parts))


def put_bytes(warehouse: Warehouse, data: bytes, *parts: str) -> None:
    if warehouse.is_local:
        write_bytes_atomic(data, warehouse.local_path.joinpath(*parts), warehouse.local_path / TEMPORARIES)
    else:  # an object appears whole or not at all
        warehouse.fs().pipe_file(warehouse.join(*parts), data)


def put_parquet(warehouse: Warehouse, table: pa.Table, *parts: str, row_group_size: int | None = None) -> None:
    put_bytes(warehouse, _parquet_bytes(table, row_group_size), *parts)


def put_parquet_batches(
    warehouse: Warehouse, schema: pa.Schema, batches, *parts: str, row_group_size: int | None = None
) -> None:
    """Record batches to one Parquet file as they come, never whole in memory: locally under a temporary
    name renamed into place, on an object store as one upload that completes (or not) at close."""
    if warehouse.is_local:
        path = warehouse.local_path.joinpath(*parts)
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = _temporary_for(path, warehouse.local_path / TEMPORARIES)
        try:
            _write_batches(temporary, schema, batches, row_group_size)
            _fsync_and_replace(temporary, path)
        finally:
            temporary.unlink(missing_ok=True)
    else:
        with warehouse.fs().open(warehouse.join(*parts), "wb") as handle:
            _write_batches(handle, schema, batches, row_group_size)


def _write_batches(where, schema: pa.Schema, batches, row_group_size: int | None) -> None:
    with pq.ParquetWriter(where, schema, compression="zstd") as writer:
        for batch in batches:
            writer.write_batch(batch, row_group_size=row_group_size)


def write_parquet_atomic(table: pa.Table, path: Path) -> None:
    write_bytes_atomic(_parquet_bytes(table), path)


def _parquet_bytes(table: pa.Table, row_group_size: int | None = None) -> bytes:
    buffer = pa.BufferOutputStream()
    pq.write_table(table, buffer, compression="zstd", row_group_size=row_group_size)
    return buffer.getvalue().to_pybytes()


def write_bytes_atomic(data: bytes, path: Path, temporaries: Path | None = None) -> None:
    """`data` to `path` through a temporary file (in `temporaries`, else beside it) that a killed run's
    successor removes: readers never see half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = _temporary_for(path, temporaries)
    try:
        temporary.write_bytes(data)
        _fsync_and_replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def _temporary_for(path: Path, temporaries: Path | None) -> Path:
    """A name no other write of this process shares (tables write files of one name into their own
    folders), ending in this process's id, which the sweep reads."""
    if temporaries is None:
        return path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporaries.mkdir(parents=True, exist_ok=True)
    return temporaries / f".{path.name}.{uuid.uuid4().hex[:12]}.{os.getpid()}.tmp"


def _fsync_and_replace(temporary: Path, path: Path) -> None:
    with temporary.open("rb") as handle:
        os.fsync(handle.fileno())
    os.replace(temporary, path)
