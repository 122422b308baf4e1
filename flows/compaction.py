"""The current state: every table kept deduplicated as it is written, so that a query reads what is
current instead of re-deduplicating all of history.

The raw batches (store.py) stay the append-only audit trail. Compaction folds the committed batches it
has not yet seen into the state:

    state/<table>/month=<YYYY-MM>/<segment_id>.parquet   one file per table per segment
    state/<table>/_schema/empty.parquet                   zero rows (schemas.STATE_TABLES)
    state/_manifest.json                                   the live segments; the commit point

A family of state tables shares a unit (an article, an input, a URL, a registered name): each unit's
rows live in exactly one segment of its family, so the marts add segments up without deduplicating.
The articles family also keeps each segment's contributions to the counting marts (entity_counts,
event_day_counts, place_days, speaker_counts), and each event's point and sentence, so the views join
and aggregate little. The SQL of each table is sql/compaction/<family>/<NN>_<table>.sql, over
`incoming_<raw table>` (the new batches), `previous_<table>` (the state rows it replaces) and the
`new_<table>` tables computed before it; `00_units.sql` names the units the new batches touch.

A compaction writes the new segments (the units the new batches touch; the segments they leave,
rewritten without them; a month's segments merged into one once the month is over, or when the
month has more than `max_segments_per_month`), then the manifest, atomically. A kill before that
leaves the previous state whole; files it wrote are removed by the next compaction, and so are the
files a compaction retired (one compaction later, so a reader that opened the views before is not
cut short).
"""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from newsflow import registry_index, store
from newsflow.resources import sql_dir
from newsflow.schemas import STATE_TABLES, TABLES
from newsflow.vocab import SETTLED_WITHOUT_ARTICLE
from newsflow.warehouse import Warehouse, as_warehouse

COMPACTION_SQL = sql_dir() / "compaction"
# The scalar macros compaction's SQL uses (the views database defines them too).
SCALAR_MACROS = [sql_dir() / "macros" / f"{name}.sql" for name in ("consonant_skeleton", "search_terms")]
MANIFEST = ("state", "_manifest.json")
MANIFEST_FORMAT = 1
# Rows sorted so that Parquet's per-row-group statistics let a filtered query skip the rest of a file.
SORT_KEYS = {
    "events": ["event_date", "event_type"],
    "event_day_counts": ["event_date"],
    "place_days": ["place_entity_id", "event_date"],
    "mentions": ["entity_id"],
    "entity_counts": ["entity_id"],
    "article_terms": ["term", "article_id"],
}
ROW_GROUP_SIZE = 100_000
# This month's segments are merged into one past this many (a nightly run adds one); a month that is
# over, as soon as it has two.
MAX_SEGMENTS_PER_MONTH = 8
MEMORY_LIMIT = "1GB"


@dataclass(frozen=True)
class Family:
    unit: tuple[str, ...]  # the columns naming a unit: its rows live in one segment
    raw: tuple[str, ...]  # the raw tables it is computed from
    tables: tuple[str, ...]  # in the order computed; the first holds every unit (it locates them)
    partials: tuple[str, ...] = ()  # computed from the segment's tables only, never carried over
    indexed: bool = False  # each segment has a registry index (registry_index.py) beside it


# In dependency order: the articles family places its events from the registry as it now stands.
FAMILIES = {
    "entity_names": Family(("entity_id", "name_key"), ("entity_names",), ("entity_names",), indexed=True),
    "inputs": Family(("input_url", "input_kind"), ("fetch_log",), ("fetch_log",)),
    "pages": Family(("url",), ("fetch_log",), ("page_fetches",)),
    "articles": Family(
        ("article_id",),
        ("articles", "sentences", "mentions", "events", "quotes"),
        ("articles", "sentences", "mentions", "events", "quotes"),
        ("entity_counts", "event_day_counts", "place_days", "speaker_counts", "article_terms"),
    ),
}


@dataclass
class Segment:
    segment_id: str
    month: str
    unit_count: int = 0

    def path(self, table: str) -> tuple[str, ...]:
        return ("state", table, f"month={self.month}", f"{self.segment_id}.parquet")

    def index_path(self) -> tuple[str, ...]:
        return ("state", "entity_names_index", f"month={self.month}", f"{self.segment_id}.arrow")


@dataclass
class Manifest:
    compacted_batches: list[str] = field(default_factory=list)
    segments: dict[str, list[Segment]] = field(default_factory=dict)
    schemas: dict[str, str] = field(default_factory=dict)  # family -> the fingerprint of its segments' schemas

    def live_files(self, warehouse: Warehouse, table: str) -> list[str]:
        family = family_of(table)
        return [warehouse.join(*segment.path(table)) for segment in self.segments.get(family, [])]

    def to_json(self) -> str:
        segments = {name: [vars(s) for s in listed] for name, listed in self.segments.items()}
        body = {"format": MANIFEST_FORMAT, "compacted_batches": self.compacted_batches, "segments": segments}
        return json.dumps({**body, "schemas": self.schemas}, indent=1)

    @classmethod
    def from_json(cls, text: str) -> Manifest:
        body = json.loads(text)
        segments = {name: [Segment(**s) for s in listed] for name, listed in body["segments"].items()}
        return cls(body["compacted_batches"], segments, body.get("schemas", {}))


@dataclass
class CompactionSummary:
    batch_count: int = 0  # new batches folded in
    written: dict[str, int] = field(default_factory=dict)  # family -> segments written
    retired: dict[str, int] = field(default_factory=dict)  # family -> segments replaced

    @property
    def changed(self) -> bool:
        return bool(self.batch_count or any(self.written.values()))


def family_of(table: str) -> str:
    return next(name for name, family in FAMILIES.items() if table in (*family.tables, *family.partials))


def state_tables() -> list[str]:
    return [table for family in FAMILIES.values() for table in (*family.tables, *family.partials)]


def read_manifest(root: Warehouse | Path | str) -> Manifest:
    warehouse = as_warehouse(root)
    if not store.exists(warehouse, *MANIFEST):
        return Manifest()
    return Manifest.from_json(store.get_bytes(warehouse, *MANIFEST).decode("utf-8"))


def state_files(root: Warehouse | Path | str) -> dict[str, list[str]]:
    """State table -> the files the views read: its live segments' and its zero-row schema file."""
    warehouse = as_warehouse(root)
    manifest = read_manifest(warehouse)
    return {
        table: [warehouse.join("state", table, "_schema", "empty.parquet"), *manifest.live_files(warehouse, table)]
        for table in state_tables()
    }


def init_state(warehouse: Warehouse) -> None:
    """Write each state table's zero-row schema file (the views read every column it names)."""
    for table, schema in STATE_TABLES.items():
        parts = ("state", table, "_schema", "empty.parquet")
        if store.stored_schema(warehouse, *parts) != schema:
            store.put_parquet(warehouse, schema.empty_table(), *parts)


def schema_fingerprint(family: Family) -> str:
    """What the segments of a family were written with: a newer newsflow that changes it rebuilds them
    (recorded in the manifest, so a rebuild a kill cut short is done again by the next compaction)."""
    described = "\n".join(f"{table}: {STATE_TABLES[table]}" for table in (*family.tables, *family.partials))
    if family.indexed:
        described += f"\nregistry index: {registry_index.FORMAT}"
    return hashlib.sha256(described.encode("utf-8")).hexdigest()[:16]


def compact(
    root: Warehouse | Path | str,
    month: str | None = None,
    max_segments_per_month: int = MAX_SEGMENTS_PER_MONTH,
    refresh: bool = False,
) -> CompactionSummary:
    """Fold the committed batches not yet compacted into the state, and merge the segments of each
    month that is over (or that has more than `max_segments_per_month`). `month` (YYYY-MM): the month
    new segments are filed under, this month by default. `refresh`: rebuild every segment from its own
    rows (as after an upgrade that changes the state's schema, which does it by itself: new columns,
    places the registry has placed since). The caller holds the warehouse lock."""
    warehouse = as_warehouse(root)
    init_state(warehouse)
    manifest = read_manifest(warehouse)
    outdated = {name for name, family in FAMILIES.items() if manifest.schemas.get(name) != schema_fingerprint(family)}
    _remove_unreferenced(warehouse, manifest)
    month = month or f"{datetime.now(timezone.utc):%Y-%m}"
    new_batches = sorted(set(store.committed_batch_ids(warehouse)) - set(manifest.compacted_batches))
    summary = CompactionSummary(batch_count=len(new_batches))
    connection = _scratch_connection(warehouse)
    try:
        _register_incoming(connection, warehouse, new_batches)
        for name, family in FAMILIES.items():
            run = _FamilyCompaction(connection, warehouse, manifest, name, family, month, max_segments_per_month)
            run.refresh = refresh or (name in outdated and bool(manifest.segments.get(name)))
            replaced = run.compact()
            summary.written[name] = len(run.written)
            summary.retired[name] = len(replaced)
            if name == "entity_names":
                _register_registry_places(connection, warehouse, manifest)
    finally:
        connection.close()
    if not summary.changed and not outdated:
        return summary
    manifest.compacted_batches = sorted({*manifest.compacted_batches, *new_batches})
    manifest.schemas = {name: schema_fingerprint(family) for name, family in FAMILIES.items()}
    store.put_bytes(warehouse, manifest.to_json().encode("utf-8"), *MANIFEST)  # the commit point
    return summary


class _FamilyCompaction:
    """One family's part of a compaction: the new units' segment, the segments they leave rewritten
    without them, the month merges. Updates `manifest.segments[name]` in place."""

    def __init__(self, connection, warehouse, manifest, name, family, month, max_segments_per_month):
        self.connection, self.warehouse, self.manifest = connection, warehouse, manifest
        self.name, self.family, self.month, self.max_segments = name, family, month, max_segments_per_month
        self.compaction_id = f"{datetime.now(timezone.utc):%Y%m%dT%H%M%SZ}-{secrets.token_hex(4)}"
        self.written: list[Segment] = []
        self.refresh = False  # rebuild every month's segments, even a lone one

    def compact(self) -> list[Segment]:
        live = list(self.manifest.segments.get(self.name, []))
        _point_incoming(self.connection, self.family, with_rows=True)
        unit_count = self._select_units()
        replaced: list[Segment] = []
        if unit_count:
            touched = self._segments_holding_units(live)
            self._build(touched, "semi", self.month)
            for segment in touched:
                self._build([segment], "anti", segment.month)
            replaced += touched
        live = [s for s in live if s not in replaced] + self.written
        for group in _merge_groups(live, self.month, 0 if self.refresh else self.max_segments):
            before = len(self.written)
            self._build(group, None, group[0].month)
            replaced += group
            live = [s for s in live if s not in group] + self.written[before:]
        self.manifest.segments[self.name] = [s for s in live if s.unit_count]
        return replaced

    def _select_units(self) -> int:
        sql = (COMPACTION_SQL / self.name / "00_units.sql").read_text(encoding="utf-8")
        self._execute(f"create or replace temp table units as {sql}")
        return self.connection.execute("select count(*) from units").fetchall()[0][0]

    def _segments_holding_units(self, live: list[Segment]) -> list[Segment]:
        locator = self.family.tables[0]
        if not live:
            return []
        files = [self.warehouse.join(*s.path(locator)) for s in live]
        found = self.connection.execute(
            "select distinct filename from read_parquet($files, filename = true) "
            f"semi join units using ({', '.join(self.family.unit)})",
            {"files": files},
        ).fetchall()
        holding = {row[0] for row in found}
        return [s for s, path in zip(live, files, strict=True) if path in holding]

    def _build(self, segments: list[Segment], units_join: str | None, month: str) -> None:
        """Compute one segment from the rows of `segments`, taken as `units_join` says: only the units
        ("semi": the units' own segment, which also takes the incoming rows), all but the units ("anti":
        a segment they leave) or all (None: a merge); write its files when it holds any unit."""
        _point_incoming(self.connection, self.family, with_rows=units_join == "semi")
        for table in self.family.tables:
            self._register_previous(table, [self.warehouse.join(*s.path(table)) for s in segments], units_join)
        if self.name == "articles":
            self._register_other_articles()
        for table in (*self.family.tables, *self.family.partials):
            self._execute(f"create or replace temp table new_{table} as {_table_sql(self.name, table)}")
        unit_count = self.connection.execute(f"select count(*) from new_{self.family.tables[0]}").fetchall()[0][0]
        if not unit_count:
            return
        segment = Segment(f"{self.compaction_id}-{len(self.written):03d}", month, unit_count)
        for table in (*self.family.tables, *self.family.partials):
            self._write(table, segment)
        if self.family.indexed:
            names = self.connection.sql(f"select * from new_{self.family.tables[0]}").to_arrow_table()
            store.put_bytes(self.warehouse, registry_index.to_bytes(registry_index.build(names)), *segment.index_path())
        if self.name == "articles":
            self._execute(
                "insert into built_articles select article_id, content_hash, first_fetched_at from new_articles"
            )
        self.written.append(segment)

    def _register_previous(self, table: str, files: list[str], units_join: str | None) -> None:
        schema_file = self.warehouse.join("state", table, "_schema", "empty.parquet")
        relation = f"read_parquet({_sql_list([schema_file, *files])}, union_by_name = true)"
        unit = ", ".join(self.family.unit)
        if units_join is not None:
            relation = f"(select * from {relation} {units_join} join units using ({unit}))"
        self._execute(f"create or replace temp view previous_{table} as select * from {relation}")

    def _register_other_articles(self) -> None:
        """The articles outside the segment being built (duplicate_of looks for the first one seen with
        the same text among all of them): the live state without this compaction's units, and the
        segments it has built so far."""
        live = self.manifest.live_files(self.warehouse, "articles")
        schema_file = self.warehouse.join("state", "articles", "_schema", "empty.parquet")
        self._execute(
            "create temp table if not exists built_articles"
            " (article_id varchar, content_hash varchar, first_fetched_at timestamptz)"
        )
        self._execute(
            "create or replace temp view other_articles as"
            f" select article_id, content_hash, first_fetched_at from read_parquet({_sql_list([schema_file, *live])},"
            " union_by_name = true) anti join units using (article_id)"
            " union all select * from built_articles"
        )

    def _write(self, table: str, segment: Segment) -> None:
        """Stream the table out in Arrow batches (a month's merge never sits whole in Python), sorted."""
        schema = STATE_TABLES[table]
        # a partial's rows name their segment: the marts add them up over segments
        segment_column = f"'{segment.segment_id}' as segment_id"
        columns = ", ".join(segment_column if name == "segment_id" else f'"{name}"' for name in schema.names)
        order = f" order by {', '.join(SORT_KEYS[table])}" if table in SORT_KEYS else ""
        reader = self.connection.sql(f"select {columns} from new_{table}{order}").to_arrow_reader(ROW_GROUP_SIZE)
        batches = (batch.cast(schema) for batch in reader)
        store.put_parquet_batches(self.warehouse, schema, batches, *segment.path(table), row_group_size=ROW_GROUP_SIZE)

    def _execute(self, sql: str) -> None:
        parameters = {"settled": [str(s) for s in SETTLED_WITHOUT_ARTICLE]} if "$settled" in sql else None
        self.connection.execute(sql, parameters)


def _merge_groups(live: list[Segment], month: str, max_segments: int) -> list[list[Segment]]:
    """The segments to merge: those of each month that is over, when it has several; this month's,
    when it has more than `max_segments` (0: every month's, however few)."""
    by_month: dict[str, list[Segment]] = {}
    for segment in live:
        by_month.setdefault(segment.month, []).append(segment)
    return [
        group
        for key, group in sorted(by_month.items())
        if (key < month and len(group) > 1) or len(group) > max_segments
    ]


def _table_sql(family: str, table: str) -> str:
    (path,) = COMPACTION_SQL.joinpath(family).glob(f"[0-9][0-9]_{table}.sql")
    return path.read_text(encoding="utf-8")


def _scratch_connection(warehouse: Warehouse):
    config = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}
    connection = duckdb.connect(":memory:", config=config)
    temporary = warehouse.local_path / ".compaction-spill"
    connection.execute(f"set temp_directory = '{_sql_text(str(temporary))}'")
    # A month's merge must fit beside a nightly run on a laptop: past this DuckDB spills to disk.
    connection.execute(f"set memory_limit = '{MEMORY_LIMIT}'")
    connection.execute("set preserve_insertion_order = false")
    for macro in SCALAR_MACROS:
        connection.execute(macro.read_text(encoding="utf-8"))
    if not warehouse.is_local:
        connection.register_filesystem(warehouse.fs())
    return connection


def _register_incoming(connection, warehouse: Warehouse, batch_ids: list[str]) -> None:
    """new_batch_<raw table>: the rows of the new batches; incoming_<raw table> points at them."""
    for raw in TABLES:
        files = _batch_files(warehouse, raw, batch_ids)
        schema_file = warehouse.join(raw, "_schema", "empty.parquet")
        connection.execute(
            f"create or replace temp view new_batch_{raw} as select * from"
            f" read_parquet({_sql_list([schema_file, *files])}, union_by_name = true)"
        )
        connection.execute(f"create or replace temp view incoming_{raw} as select * from new_batch_{raw}")


def _point_incoming(connection, family: Family, with_rows: bool) -> None:
    """The units' own segment takes the new batches' rows; a rewritten or merged one, none of them."""
    for raw in family.raw:
        limit = "" if with_rows else " limit 0"
        connection.execute(f"create or replace temp view incoming_{raw} as select * from new_batch_{raw}{limit}")


def _register_registry_places(connection, warehouse: Warehouse, manifest: Manifest) -> None:
    """registry_places: each place entity's point, as the registry now stands (the places view's rule)."""
    files = manifest.live_files(warehouse, "entity_names")
    schema_file = warehouse.join("state", "entity_names", "_schema", "empty.parquet")
    connection.execute(
        "create or replace temp table registry_places as"
        " select entity_id, max(latitude) as latitude, max(longitude) as longitude, max(geo_precision) as geo_precision"
        f" from read_parquet({_sql_list([schema_file, *files])}, union_by_name = true)"
        " where type = 'PLACE' group by entity_id"
    )


def _batch_files(warehouse: Warehouse, table: str, batch_ids: list[str]) -> list[str]:
    """The files of a raw table that these batches wrote (a batch need not write every table)."""
    files = [warehouse.join(table, batch_id.rsplit("-", 1)[0], f"{batch_id}.parquet") for batch_id in batch_ids]
    return [path for path in files if store.exists_path(warehouse, path)]


def _remove_unreferenced(warehouse: Warehouse, manifest: Manifest) -> None:
    """The files of the segments the previous compaction replaced (a reader that opened the views
    before it may have been reading them until now), and those a killed compaction wrote but never
    committed."""
    live = {
        warehouse.join(*segment.path(table))
        for name, family in FAMILIES.items()
        for segment in manifest.segments.get(name, [])
        for table in (*family.tables, *family.partials)
    }
    live |= {warehouse.join(*segment.index_path()) for segment in manifest.segments.get("entity_names", [])}
    written = [store.list_files(warehouse, "state", "*", "month=*", f"*.{kind}") for kind in ("parquet", "arrow")]
    for path in written[0] + written[1]:
        if path not in live:
            store.remove_path(warehouse, path)


def registry_lookup(root: Warehouse | Path | str) -> Callable[[set[str], set[str]], list[dict]]:
    """A lookup of the registered names (entity_id, type, name, name_key) whose key has one of some
    consonant skeletons or whose entity is one of some ids, oldest registration first: over the compacted
    registry's indexes and the batches not yet compacted as they stand now. A run takes it at its start;
    the names its own batches register later are in its registry already, and a run compacts only at its
    start and end, so the files stay valid. The manifest and the batch list are read once, not at every
    batch; the indexes are opened once, and each lookup reads only the rows it finds."""
    warehouse = as_warehouse(root)
    manifest = read_manifest(warehouse)
    indexes = [_read_index(warehouse, segment) for segment in manifest.segments.get("entity_names", [])]
    pending = sorted(set(store.committed_batch_ids(warehouse)) - set(manifest.compacted_batches))
    batch_files = _batch_files(warehouse, "entity_names", pending)
    if batch_files:
        batches = [pq.read_table(pa.BufferReader(store.get_path_bytes(warehouse, path))) for path in batch_files]
        columns = [column for column in registry_index.ROWS if column != "name_skeleton"]
        indexes.append(registry_index.build(pa.concat_tables([batch.select(columns) for batch in batches])))

    def lookup(skeletons: set[str], entity_ids: set[str]) -> list[dict]:
        rows = registry_index.find(indexes, skeletons, entity_ids)
        return sorted(rows, key=lambda row: (row["run_id"], row["batch_id"]))

    return lookup


def _read_index(warehouse: Warehouse, segment: Segment) -> pa.Table:
    """A segment's index; one an older newsflow wrote without it (the next compaction adds it) is built
    from the segment."""
    try:
        if warehouse.is_local:
            return registry_index.read(str(warehouse.local_path.joinpath(*segment.index_path())))
        return registry_index.read(store.get_bytes(warehouse, *segment.index_path()))
    except FileNotFoundError:
        rows = pq.read_table(pa.BufferReader(store.get_bytes(warehouse, *segment.path("entity_names"))))
        return registry_index.build(rows)


def _sql_list(paths: list[str]) -> str:
    """A list literal of file paths: DDL of views takes no bound parameters, and the paths are ours."""
    return "[" + ", ".join(f"'{_sql_text(path)}'" for path in paths) + "]"


def _sql_text(text: str) -> str:
    return text.replace("'", "''")
