"""The entity registry's lookup index: each segment of the entity_names state again, as an Arrow file
sorted by a 64-bit hash of each name's consonant skeleton, with the row order by a hash of the entity
id beside it. A run finds the names its batch could match by binary search in the memory-mapped file,
so its cost follows the names it looks up, not the registry's size (a Parquet scan reads every row).

    state/entity_names_index/month=<YYYY-MM>/<segment_id>.arrow
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

import numpy as np
import pyarrow as pa
import pyarrow.ipc

from newsflow.names import consonant_skeleton

FORMAT = 1  # part of the entity_names segments' fingerprint: a newer format rebuilds them
ROWS = ["entity_id", "type", "name", "name_key", "name_skeleton", "run_id", "batch_id"]


def key_hash(text: str) -> int:
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "little")


def build(names: pa.Table) -> pa.Table:
    """The index of registry rows (entity_names rows; a raw batch's gain their skeleton here)."""
    if "name_skeleton" not in names.column_names:
        skeletons = [consonant_skeleton(key) for key in names["name_key"].to_pylist()]
        names = names.append_column("name_skeleton", pa.array(skeletons, pa.string()))
    skeleton_hashes = _hashes(names["name_skeleton"].to_pylist())
    order = np.argsort(skeleton_hashes, kind="stable")
    rows = names.select(ROWS).take(order)
    entity_hashes = _hashes(rows["entity_id"].to_pylist())
    by_entity = np.argsort(entity_hashes, kind="stable")
    return (
        rows.append_column("skeleton_hash", pa.array(skeleton_hashes[order]))
        .append_column("entity_hash", pa.array(entity_hashes[by_entity]))
        .append_column("entity_row", pa.array(by_entity.astype(np.int64)))
    )


def to_bytes(index: pa.Table) -> bytes:
    """One record batch: each column maps as one array."""
    sink = pa.BufferOutputStream()
    with pa.ipc.new_file(sink, index.schema) as writer:
        writer.write_table(index.combine_chunks())
    return sink.getvalue().to_pybytes()


def read(source: str | bytes) -> pa.Table:
    """A local file memory-mapped (only the pages a lookup touches are read), or a remote one's bytes."""
    handle = pa.memory_map(source) if isinstance(source, str) else pa.BufferReader(source)
    return pa.ipc.open_file(handle).read_all()


def find(indexes: list[pa.Table], skeletons: set[str], entity_ids: set[str]) -> list[dict]:
    """The rows of these indexes with one of these skeletons or entity ids."""
    by_skeleton, by_entity = _wanted(skeletons), _wanted(entity_ids)  # hashed once for every index
    found = []
    for index in indexes:
        rows = np.union1d(
            _positions(index["skeleton_hash"], by_skeleton),
            _column(index["entity_row"])[_positions(index["entity_hash"], by_entity)],
        )
        found += index.select(ROWS).take(rows).to_pylist()
    # a hash two keys share finds a stranger too
    return [row for row in found if row["name_skeleton"] in skeletons or row["entity_id"] in entity_ids]


def _hashes(texts: Iterable[str]) -> np.ndarray:
    return np.fromiter((key_hash(text) for text in texts), dtype=np.uint64)


def _wanted(texts: set[str]) -> np.ndarray:
    return np.unique(_hashes(texts))


def _positions(column: pa.ChunkedArray, wanted: np.ndarray) -> np.ndarray:
    """The positions in a sorted column of the values in `wanted`."""
    values = _column(column)
    start = np.searchsorted(values, wanted, "left")
    held = start < len(values)
    held[held] = values[start[held]] == wanted[held]  # most are in another segment: their run is looked up no further
    start, end = start[held], np.searchsorted(values, wanted[held], "right")
    counts = end - start
    first_out = np.cumsum(counts) - counts  # where each value's run starts in the output
    return np.repeat(start - first_out, counts) + np.arange(counts.sum())


def _column(column: pa.ChunkedArray) -> np.ndarray:
    """Without a copy when the file holds one record batch."""
    return column.chunk(0).to_numpy() if column.num_chunks == 1 else column.to_numpy()
