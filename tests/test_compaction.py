"""The current state: compaction keeps each table deduplicated as batches are committed, the marts that
count add up segments exactly as a recount over every row would, months are merged, and a compaction
killed at any point leaves the previous state whole. Real Parquet files and DuckDB throughout."""

import json
import os
import signal
import subprocess
import sys
from datetime import datetime, timedelta, timezone

from newsflow import compaction, store, views

T0 = datetime(2026, 10, 1, tzinfo=timezone.utc)


def article_tables(number: int, version: int = 1, fetched_at: datetime = T0) -> dict[str, list[dict]]:
    """One stored and analysed article: its fetch, its text, two sentences, mentions and an event.
    `version`: a changed text (a new content hash and analysis) for the same article."""
    article_id, url = f"{number:016x}", f"https://news.example.org/story/{number}"
    digest = f"{number:032x}{version:032x}"
    text = f"Story {number} version {version}. Police arrested {version} people in Kharkiv."
    place, second = "e-kharkiv", text.index("Police")
    analysis = {"content_hash": digest, "nlp_version": f"nlp-{version}"}
    mentions = [
        {"entity_id": "e-police", "text": "Police", "name": "Police", "label": "GROUP", "start_char": second},
        {"entity_id": place, "text": "Kharkiv", "name": "Kharkiv", "label": "PLACE", "start_char": len(text) - 8},
    ]
    return {
        "fetch_log": [
            {
                "input_url": url,
                "input_kind": "page",
                "url": url,
                "status": "ok",
                "article_id": article_id,
                "fetched_at": fetched_at,
            }
        ],
        "articles": [
            {
                "article_id": article_id,
                "url": url,
                "canonical_url": url,
                "domain": "news.example.org",
                "title": f"Story {number}",
                "text": text,
                "word_count": len(text.split()),
                "content_hash": digest,
                "extractor_version": "test",
                "nlp_status": "analysed",
                "fetched_at": fetched_at,
            }
        ],
        "sentences": [
            {"article_id": article_id, "sentence_index": 0, "start_char": 0, "end_char": second - 1, **analysis},
            {"article_id": article_id, "sentence_index": 1, "start_char": second, "end_char": len(text), **analysis},
        ],
        "mentions": [
            {
                **mention,
                "article_id": article_id,
                "source": "model",
                "sentence_index": 1,
                "end_char": mention["start_char"] + len(mention["text"]),
                **analysis,
            }
            for mention in mentions
        ],
        "events": [
            {
                "event_id": f"ev-{number}-{version}",
                "event_group_id": f"evg-{number}-{version}",
                "article_id": article_id,
                "event_type": "ARREST",
                "trigger": "arrested",
                "trigger_start": second + 7,
                "actor": "Police",
                "location": "Kharkiv",
                "place_entity_id": place,
                "place_count": 1,
                "event_date": (fetched_at - timedelta(days=1)).date(),
                "quantity": version,
                "negated": False,
                "is_event": True,
                "sentence_index": 1,
                **analysis,
            }
        ],
        "entity_names": [
            {
                "entity_id": place,
                "type": "PLACE",
                "name": "Kharkiv",
                "name_key": "kharkiv",
                "match": "gazetteer",
                "latitude": 49.98,
                "longitude": 36.25,
                "geo_precision": "town",
            },
            {"entity_id": "e-police", "type": "GROUP", "name": "Police", "name_key": "police", "match": "new"},
        ],
    }


def commit(root, run: int, *tables: dict) -> None:
    """One committed batch holding `tables` (the rows of several articles)."""
    merged: dict[str, list[dict]] = {}
    for table in tables:
        for name, rows in table.items():
            merged.setdefault(name, []).extend(rows)
    run_id = f"20261001T{run:06d}Z-test"
    store.write_batch(root, run_id, f"{run_id}-0001", "ingest", merged)


def query(root, sql: str) -> list[tuple]:
    return views.read_query(root, sql)[1]


def segment_files(root) -> list:
    return sorted(root.local_path.glob("state/*/month=*/*.parquet"))


def index_files(root) -> set[str]:
    return {str(path) for path in root.local_path.glob("state/*/month=*/*.arrow")}


def live_indexes(root) -> set[str]:
    segments = compaction.read_manifest(root).segments["entity_names"]
    return {str(root.local_path.joinpath(*segment.index_path())) for segment in segments}


def registered_names(number: int) -> list[dict]:
    """Names of several kinds: some share a skeleton ("Kharkiv", "Kharkov"), some an entity."""
    stems = ["kharkiv", "kharkov", "kupiansk", "kupyansk", "lviv", "odesa", "odessa", "rutte", "syrskyi"]
    return [
        {"entity_id": f"e-{i % 40}", "type": "PERSON", "name": f"{stems[i % 9]} {i % 13}".title(),
         "name_key": f"{stems[i % 9]} {i % 13}", "match": "new"}
        for i in range(number * 50, number * 50 + 50)
    ]  # fmt: skip


def test_an_article_stored_again_is_one_row_with_its_latest_text_and_analysis_only(tmp_path):
    root = store.init_warehouse(tmp_path / "warehouse")
    commit(root, 1, article_tables(1), article_tables(2))
    views.build_views(root)
    commit(root, 2, article_tables(1, version=2, fetched_at=T0 + timedelta(days=3)))
    views.build_views(root)

    assert query(root, "select article_id, text, first_fetched_at, nlp_version from articles order by 1") == [
        (f"{1:016x}", "Story 1 version 2. Police arrested 2 people in Kharkiv.", T0, "nlp-2"),
        (f"{2:016x}", "Story 2 version 1. Police arrested 1 people in Kharkiv.", T0, "nlp-1"),
    ]
    assert query(
        root, "select count(*), count(distinct nlp_version) from sentences where article_id = '0000000000000001'"
    ) == [(2, 1)]
    assert query(root, "select event_id, latitude, sentence from events order by 1") == [
        ("ev-1-2", 49.98, "Police arrested 2 people in Kharkiv."),
        ("ev-2-1", 49.98, "Police arrested 1 people in Kharkiv."),
    ]
    assert query(root, "select count(*) from fetch_log") == [(2,)]


def test_the_counting_marts_equal_a_recount_over_every_row_after_updates_and_merges(tmp_path):
    root = store.init_warehouse(tmp_path / "warehouse")
    for run in range(1, 6):  # five nights in October, each re-telling one earlier story
        commit(root, run, *[article_tables(run * 10 + n) for n in range(3)], article_tables(10, version=run))
        compaction.compact(root, month="2026-10", max_segments_per_month=3)
    compaction.compact(root, month="2026-11")  # October is over: its segments become one
    views.build_views(root)

    assert query(root, "select count(*) from articles") == [(15,)]
    recount = query(root, "select entity_id, count(*), count(distinct article_id) from mentions group by 1 order by 1")
    assert query(root, "select entity_id, mention_count, article_count from entities order by 1") == recount
    recount = query(
        root,
        "select event_date, event_type, count(distinct event_group_id), count(distinct article_id), sum(quantity)"
        " from events group by all order by all",
    )
    summed = "select event_date, event_type, event_count, article_count, quantity_sum from daily_event_counts"
    assert query(root, summed + " order by all") == recount
    assert query(root, "select sum(quantity) from events where article_id = '000000000000000a'") == [(5,)]
    manifest = compaction.read_manifest(root)
    assert [segment.month for segment in manifest.segments["articles"]] == ["2026-10"]


def test_this_months_segments_are_merged_once_there_are_more_than_the_limit(tmp_path):
    root = store.init_warehouse(tmp_path / "warehouse")
    for run in range(1, 5):
        commit(root, run, article_tables(run))
        compaction.compact(root, month="2026-10", max_segments_per_month=3)
    assert len(compaction.read_manifest(root).segments["articles"]) == 1  # the fourth made it four: merged
    commit(root, 5, article_tables(5))
    compaction.compact(root, month="2026-10", max_segments_per_month=3)
    assert len(compaction.read_manifest(root).segments["articles"]) == 2


def test_files_a_compaction_retires_stay_readable_until_the_next_one(tmp_path):
    root = store.init_warehouse(tmp_path / "warehouse")
    commit(root, 1, article_tables(1))
    views.build_views(root)
    before = set(segment_files(root))
    commit(root, 2, article_tables(1, version=2))
    views.build_views(root)
    assert before <= set(segment_files(root))  # a reader that opened the previous views still finds them
    commit(root, 3, article_tables(2))
    views.build_views(root)
    assert not before & set(segment_files(root))
    assert query(root, "select count(*) from articles") == [(2,)]


KILLER = """
import os, signal, sys
from newsflow import compaction, store

real_put, writes = store.put_bytes, []

def put_then_die(warehouse, data, *parts):
    writes.append(parts)
    if parts[-1] == "_manifest.json" or len(writes) == int(sys.argv[2]):
        os.kill(os.getpid(), signal.SIGKILL)  # the worst moments: before the commit point, mid-way
    real_put(warehouse, data, *parts)

store.put_bytes = put_then_die
compaction.compact(sys.argv[1])
"""


def test_a_compaction_killed_at_any_point_leaves_the_previous_state_and_the_next_one_completes(tmp_path):
    root = store.init_warehouse(tmp_path / "warehouse")
    commit(root, 1, article_tables(1), article_tables(2))
    views.build_views(root)
    manifest_before = (root.local_path / "state" / "_manifest.json").read_text()
    for run, die_at_write in ((2, 7), (3, 1000)):  # mid-way through the segment files; at the manifest
        commit(root, run, article_tables(1, version=run), article_tables(run * 10))
        killed = subprocess.run([sys.executable, "-c", KILLER, str(root), str(die_at_write)], env=os.environ)
        assert killed.returncode == -signal.SIGKILL
        assert (root.local_path / "state" / "_manifest.json").read_text() == manifest_before
        assert query(root, "select count(*), max(text) from articles") == [
            (2, "Story 2 version 1. Police arrested 1 people in Kharkiv.")
        ]  # the views still read the previous state, whole

    views.build_views(root)  # the next compaction removes what the killed ones wrote, and folds both in
    assert query(root, "select count(*) from articles") == [(4,)]
    assert query(root, "select text from articles where article_id = '0000000000000001'") == [
        ("Story 1 version 3. Police arrested 3 people in Kharkiv.",)
    ]
    views.build_views(root)  # and the one after, the files that one retired
    live = {path for table in compaction.state_tables() for path in compaction.state_files(root)[table][1:]}
    assert {str(path) for path in segment_files(root)} == live
    assert index_files(root) == live_indexes(root)


def test_a_query_reads_one_file_per_table_per_month_however_many_nights_wrote_it(tmp_path):
    root = store.init_warehouse(tmp_path / "warehouse")
    for run in range(1, 7):  # six nights of October, then the first of November
        commit(root, run, article_tables(run), article_tables(run + 100))
        compaction.compact(root, month="2026-10")
    commit(root, 7, article_tables(7))
    compaction.compact(root, month="2026-11")
    views.build_views(root, compact=False)
    files = compaction.state_files(root)
    assert [len(files[table]) - 1 for table in ("articles", "events", "entity_counts")] == [2, 2, 2]  # Oct, Nov
    assert query(root, "select count(*) from articles") == [(13,)]


def test_newsflow_compact_folds_in_the_committed_batches_and_says_what_it_did(tmp_path, capsys):
    from newsflow.cli import main

    root = store.init_warehouse(tmp_path / "warehouse")
    commit(root, 1, article_tables(1))
    commit(root, 2, article_tables(2))
    assert main(["compact", "--warehouse", str(root.local_path)]) == 0
    assert "compacted 2 new batches; segments written: entity_names 1, inputs 1, pages 1, articles 1" in (
        capsys.readouterr().out
    )
    assert query(root, "select count(*) from articles") == [(2,)]
    assert main(["compact", "--warehouse", str(root.local_path)]) == 0
    assert "compacted 0 new batches; segments written: none" in capsys.readouterr().out


def test_a_newer_state_schema_rebuilds_the_segments_so_new_columns_are_filled(tmp_path):
    import pyarrow.parquet as pq

    root = store.init_warehouse(tmp_path / "warehouse")
    commit(root, 1, article_tables(1))
    views.build_views(root)
    for path in [
        root.local_path / "state/events/_schema/empty.parquet",
        *root.local_path.glob("state/events/month=*/*"),
    ]:
        older = pq.read_table(path).drop_columns(["published_at", "first_fetched_at"])  # as an older newsflow wrote
        pq.write_table(older, path)
    manifest = root.local_path / "state" / "_manifest.json"
    recorded = json.loads(manifest.read_text())
    manifest.write_text(json.dumps({**recorded, "schemas": {**recorded["schemas"], "articles": "an older one"}}))
    views.build_views(root)
    assert query(root, "select first_fetched_at from events") == [(T0,)]
    (live,) = compaction.state_files(root)["events"][1:]
    assert "first_fetched_at" in pq.read_schema(live).names


def test_newsflow_compact_refresh_places_events_the_registry_has_placed_since(tmp_path):
    from newsflow.cli import main

    root = store.init_warehouse(tmp_path / "warehouse")
    unplaced = article_tables(1)
    unplaced["entity_names"][0].update(latitude=None, longitude=None, geo_precision=None)
    commit(root, 1, unplaced)
    views.build_views(root)
    assert query(root, "select latitude from events") == [(None,)]
    commit(root, 2, {"entity_names": [{**article_tables(1)["entity_names"][0], "name_key": "kharkov"}]})
    assert main(["compact", "--refresh", "--warehouse", str(root.local_path)]) == 0
    assert query(root, "select latitude from events") == [(49.98,)]


def test_the_registry_lookup_finds_exactly_the_names_of_the_skeletons_and_entities_asked_oldest_first(tmp_path):
    from newsflow.names import consonant_skeleton

    root = store.init_warehouse(tmp_path / "warehouse")
    for run, month in enumerate(["2026-09", "2026-09", "2026-10", "2026-10", "2026-11"], start=1):
        commit(root, run, {"entity_names": registered_names(run)})
        compaction.compact(root, month=month)
    commit(root, 6, {"entity_names": registered_names(6)})  # a batch not yet compacted
    assert len(live_indexes(root)) == 3 and live_indexes(root) <= index_files(root)  # one per month, merged
    every = [row for run in range(1, 7) for row in registered_names(run)]
    skeletons, entity_ids = {consonant_skeleton("kharkiv 3"), consonant_skeleton("lviv 12"), "no such"}, {"e-7"}
    found = compaction.registry_lookup(root)(skeletons, entity_ids)
    wanted = [r for r in every if consonant_skeleton(r["name_key"]) in skeletons or r["entity_id"] in entity_ids]
    assert {(r["entity_id"], r["name_key"]) for r in found} == {(r["entity_id"], r["name_key"]) for r in wanted}
    assert {r["name_key"] for r in found} >= {"kharkiv 3", "kharkov 3", "lviv 12"}  # near-spellings too
    assert [r["run_id"] for r in found] == sorted(r["run_id"] for r in found)


def test_a_registry_compacted_before_its_index_existed_gains_one_at_the_next_compaction(tmp_path):
    root = store.init_warehouse(tmp_path / "warehouse")
    commit(root, 1, {"entity_names": registered_names(1)})
    compaction.compact(root)
    for path in index_files(root):  # as an older newsflow left it: no index, another fingerprint
        os.remove(path)
    manifest = root.local_path / "state" / "_manifest.json"
    recorded = json.loads(manifest.read_text())
    manifest.write_text(json.dumps({**recorded, "schemas": {**recorded["schemas"], "entity_names": "older"}}))
    assert {row["name_key"] for row in compaction.registry_lookup(root)({"rt 0"}, set())} == {"rutte 0"}
    compaction.compact(root)
    assert index_files(root) == live_indexes(root) != set()
    assert {row["name_key"] for row in compaction.registry_lookup(root)({"rt 0"}, set())} == {"rutte 0"}


def test_search_articles_finds_every_word_of_the_current_texts_only(tmp_path):
    root = store.init_warehouse(tmp_path / "warehouse")
    commit(root, 1, *(article_tables(n) for n in range(1, 4)))
    commit(root, 2, article_tables(2, version=7))  # story 2's text changes: "arrested 7 people"
    views.build_views(root)

    def found(words: str) -> list[str]:
        return [row[0] for row in query(root, f"select title from search_articles('{words}') order by title")]

    assert found("arrested") == ["Story 1", "Story 2", "Story 3"]
    assert found("ARRESTED, kharkiv") == ["Story 1", "Story 2", "Story 3"]  # every word, any case and order
    assert found("version 7") == ["Story 2"]
    assert found("story 2 version 1") == []  # story 2's first text is no longer indexed
    assert found("arrest") == []  # whole words, not parts of words
    recount = query(root, "select count(*) from articles where text ilike '%kharkiv%'")
    assert query(root, "select count(*) from search_articles('kharkiv')") == recount == [(3,)]
