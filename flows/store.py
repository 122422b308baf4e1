"""The only code that writes the warehouse.

Layout under the warehouse root:
    raw/<sha[:2]>/<sha256>.html.gz            raw HTML (decoded, UTF-8), content-addressed, compressed
    <table>/<run_id>/<batch_id>.parquet       one file per table per batch; runs only ever add files
    <table>/_schema/empty.parquet             zero rows, so views work on an empty warehouse
    newsflow.duckdb                           the views (see views.py)

Every file is written to a hidden temporary name and renamed into place, so a reader (or a killed
run) never sees half a file. Within a batch, fetch_log is written last: it is the batch's commit
marker... see write_batch.
"""

from __future__ import annotations

import fcntl
import gzip
import hashlib
import os
import time
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from flows.schemas import TABLES


class WarehouseError(OSError):
    """The warehouse cannot be written; the message names the path."""


def init_warehouse(root: Path) -> Path:
    root = Path(root).resolve()
    try:
        for name, schema in TABLES.items():
            empty = root / name / "_schema" / "empty.parquet"
            if not empty.exists():
                write_parquet_atomic(schema.empty_table(), empty)
        (root / "raw").mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WarehouseError(f"cannot write the warehouse at {root}: {exc.strerror or exc}") from exc
    return root


@contextmanager
def warehouse_lock(root: Path, timeout_s: float, on_wait=None):
    """One run at a time per warehouse: an overlapping run waits, then finds the first run's pages
    already stored (no double store, and per-host limits hold across both). The lock is released
    by the kernel when its process dies, killed or not."""
    path = Path(root) / ".newsflow.lock"
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


def archive_html(root: Path, html: str) -> str:
    """Store the page once, keyed by the SHA-256 of its UTF-8 bytes; return that key."""
    data = html.encode("utf-8")
    digest = hashlib.sha256(data).hexdigest()
    path = raw_html_path(root, digest)
    if not path.exists():
        # Level 1: a fifth larger than level 6 but three times faster, on the extraction hot path.
        _write_bytes_atomic(gzip.compress(data, compresslevel=1, mtime=0), path)
    return digest


def read_archived_html(root: Path, digest: str) -> str:
    return gzip.decompress(raw_html_path(root, digest).read_bytes()).decode("utf-8")


def raw_html_path(root: Path, digest: str) -> Path:
    return Path(root) / "raw" / digest[:2] / f"{digest}.html.gz"


def write_batch(root: Path, run_id: str, batch_id: str, flow: str, tables: dict[str, list[dict]]) -> None:
    """Commit one batch: its tables' files, then its `batches` row (the commit marker)."""
    stamp = {"run_id": run_id, "batch_id": batch_id}
    for name, rows in tables.items():
        if rows:
            table = pa.Table.from_pylist([{**row, **stamp} for row in rows], schema=TABLES[name])
            write_parquet_atomic(table, Path(root) / name / run_id / f"{batch_id}.parquet")
    marker = [{**stamp, "flow": flow, "committed_at": datetime.now(timezone.utc)}]
    write_parquet_atomic(
        pa.Table.from_pylist(marker, schema=TABLES["batches"]), Path(root) / "batches" / run_id / f"{batch_id}.parquet"
    )


def read_rows(root: Path, name: str, columns: list[str] | None = None) -> list[dict]:
    """Every row of a table, committed or not (for registries, where an extra row is harmless)."""
    import pyarrow.dataset as ds

    files = sorted(str(path) for path in (Path(root) / name).glob("*/*.parquet"))
    if not files:
        return []
    return ds.dataset(files, schema=TABLES[name], format="parquet").to_table(columns=columns).to_pylist()


def write_parquet_atomic(table: pa.Table, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        pq.write_table(table, temporary, compression="zstd")
        _fsync_and_replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def _write_bytes_atomic(data: bytes, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        temporary.write_bytes(data)
        _fsync_and_replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def _fsync_and_replace(temporary: Path, path: Path) -> None:
    with temporary.open("rb") as handle:
        os.fsync(handle.fileno())
    os.replace(temporary, path)
