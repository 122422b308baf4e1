"""Scale benchmark: the analysts' queries and a nightly run's fixed costs on a warehouse of a month and of a
year of nightly runs, side by side in one run (the month is the baseline).

    python bench/scale.py [--nights 30 365] [--articles-per-night 2000] [--keep bench/out/scale]

Each warehouse is written through the project's own store and compaction code (store.write_batch, then
compaction.compact, a month at a time), with per-article table sizes of a real run over the dev pages
of the benchmark corpus: about 4,000 characters of text, 34 sentences, 48 entity mentions, 7 event
candidates (half of them shown), 5 quotes. Texts are drawn from a pool of 5,000 generated texts, each
article's made unique by its first sentence. `--keep DIR` keeps the warehouses there and reuses them
on the next invocation (a year takes a while to write).

Every query runs in a process of its own, on the views database the way `newsflow sql` opens it: the
first execution is "cold" (a new process, the operating system's file cache as it is), the best of the
next two "warm"; memory is the process's peak resident size. Then one night of 2,000 new articles is
added to each warehouse, timing its planning, entity-registry loading, commit, compaction with the
views build, and the HTML report.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import numpy as np
import pyarrow as pa

from newsflow import compaction, store, views

SENTENCES, MENTIONS, EVENTS, QUOTES = 34, 48, 7, 5
TEXT_POOL, PLACE_POOL, WORDS = 5_000, 5_000, 4_000
EVENT_TYPES = ["ASSAULT", "PROTEST", "ARREST", "ACCUSE", "REQUEST", "AGREE", "COERCE", "MOBILIZE",
               "CONSULT", "SUPPORT", "THREATEN", "RETREAT", "SANCTION", "AID", "REJECT", "INVESTIGATE"]  # fmt: skip
FIRST_NIGHT = date(2025, 1, 1)
SAME_NAMES = "entity registry: the same names in both"

QUERIES = {
    "count(*) from events": "select count(*) from events",
    "one type in one week, with places": (
        "select event_id, event_date, actor, location, latitude, longitude from events"
        " where event_type = 'ASSAULT' and event_date between $last - 7 and $last - 1"
    ),
    "daily_event_counts for a month": (
        "select * from daily_event_counts where event_date between $last - 30 and $last - 1"
    ),
    "top 20 entities by article count": (
        "select entity_id, name, article_count from entities order by article_count desc limit 20"
    ),
    "place_timeline for one place": "select * from place_timeline where place_entity_id = 'place-000042'",
    "articles where text ilike '%ceasefire%'": "select count(*) from articles where text ilike '%ceasefire%'",
    "the same by the word index: search_articles('ceasefire')": "select count(*) from search_articles('ceasefire')",
    "titles of articles with two words: search_articles('ceasefire talks')": (
        "select title, url from search_articles('ceasefire talks')"
    ),
    "newest-events artifact of a run": (
        "select event_date, event_type, actor, trigger, location, attributed_to from events"
        " where run_id = $run order by event_date desc nulls last limit 50"
    ),
}


class Generator:
    """One night's tables, drawn with numpy: entity and place pools grow as the nights go by."""

    def __init__(self, articles_per_night: int, seed: int = 7):
        self.rng = np.random.default_rng(seed)
        self.per_night = articles_per_night
        words = np.array([f"w{n:04d}" for n in range(WORDS)])
        self.texts = [
            " ".join(self.rng.choice(words, 640)) + (" ceasefire talks stalled." if n % 50 == 0 else " end.")
            for n in range(TEXT_POOL)
        ]

    def night(self, number: int) -> dict[str, pa.Table]:
        count, rng = self.per_night, self.rng
        day = FIRST_NIGHT + timedelta(days=number)
        fetched_at = datetime(day.year, day.month, day.day, 2, tzinfo=timezone.utc)
        ids = np.array([f"{number:05d}{n:011x}" for n in range(count)])
        urls = np.array([f"https://news{n % 40}.example.org/{number}/{n}" for n in range(count)])
        texts = [f"Story {a}. " + self.texts[t] for a, t in zip(ids, rng.integers(0, TEXT_POOL, count), strict=True)]
        lengths = np.array([len(text) for text in texts])
        hashes = np.array([f"{number:032x}{n:032x}" for n in range(count)])
        timestamps = pa.array([fetched_at] * count, pa.timestamp("us", tz="UTC"))
        per = {"content_hash": hashes, "nlp_version": "bench"}
        tables = {
            "fetch_log": pa.table(
                {
                    "input_url": urls,
                    "input_kind": ["page"] * count,
                    "url": urls,
                    "final_url": urls,
                    "status": ["ok"] * count,
                    "http_status": pa.array([200] * count, pa.int32()),
                    "article_id": ids,
                    "fetched_at": timestamps,
                }  # fmt: skip
            ),
            "articles": pa.table(
                {
                    "article_id": ids,
                    "url": urls,
                    "canonical_url": urls,
                    "domain": [u.split("/")[2] for u in urls],
                    "title": [f"Story {a}" for a in ids],
                    "published_at": timestamps,
                    "language": ["en"] * count,
                    "text": texts,
                    "word_count": pa.array(lengths // 6, pa.int32()),
                    "content_hash": hashes,
                    "extractor_version": ["bench"] * count,
                    "nlp_status": ["analysed"] * count,
                    "fetched_at": timestamps,
                }  # fmt: skip
            ),
            "sentences": self._sentences(ids, lengths, per),
            "mentions": self._mentions(number, ids, lengths, per),
            "events": self._events(number, ids, day, per),
            "quotes": self._quotes(number, ids, per),
            "entity_names": self._names(number),
        }
        return tables

    def _repeat(self, values, times):
        return np.repeat(np.asarray(values), times)

    def _sentences(self, ids, lengths, per):
        index = np.tile(np.arange(SENTENCES), len(ids))
        step = self._repeat(lengths // SENTENCES, SENTENCES)
        return pa.table(
            {
                "article_id": self._repeat(ids, SENTENCES),
                "sentence_index": pa.array(index, pa.int32()),
                "start_char": pa.array(index * step, pa.int32()),
                "end_char": pa.array(index * step + step - 1, pa.int32()),
                **{k: self._repeat(v, SENTENCES) if k == "content_hash" else [v] * len(index) for k, v in per.items()},
            }  # fmt: skip
        )

    def _entity_pool(self, night: int) -> int:
        return PLACE_POOL + (night + 1) * self.per_night

    def _mentions(self, night, ids, lengths, per):
        rows = len(ids) * MENTIONS
        entity = np.minimum(self.rng.zipf(1.3, rows), self._entity_pool(night)) - 1
        names = np.array([_entity_name(e) for e in entity])
        entity_ids = np.array([_entity_id(e) for e in entity])
        sentence = self.rng.integers(0, SENTENCES, rows)
        start = np.minimum(
            sentence * self._repeat(lengths // SENTENCES, MENTIONS), self._repeat(lengths - 20, MENTIONS)
        )
        return pa.table(
            {
                "article_id": self._repeat(ids, MENTIONS),
                "entity_id": entity_ids,
                "text": names,
                "name": names,
                "label": np.where(entity < PLACE_POOL, "PLACE", "ORG"),
                "source": ["model"] * rows,
                "sentence_index": pa.array(sentence, pa.int32()),
                "start_char": pa.array(start, pa.int32()),
                "end_char": pa.array(start + 10, pa.int32()),
                "content_hash": self._repeat(per["content_hash"], MENTIONS),
                "nlp_version": ["bench"] * rows,
            }  # fmt: skip
        )

    def _events(self, night, ids, day, per):
        rows = len(ids) * EVENTS
        place = self.rng.integers(0, PLACE_POOL, rows)
        placed = self.rng.random(rows) < 0.8
        days = np.array([day - timedelta(days=int(d)) for d in self.rng.integers(0, 3, rows)])
        actor = self.rng.integers(PLACE_POOL, self._entity_pool(night), rows)
        return pa.table(
            {
                "event_id": [f"ev{night:05d}{n:010x}" for n in range(rows)],
                "event_group_id": [f"eg{night:05d}{n // 2:010x}" for n in range(rows)],
                "article_id": self._repeat(ids, EVENTS),
                "event_type": self.rng.choice(EVENT_TYPES, rows),
                "trigger": ["attacked"] * rows,
                "trigger_start": pa.array([40] * rows, pa.int32()),
                "actor": [_entity_name(a) for a in actor],
                "actor_entity_id": [_entity_id(a) for a in actor],
                "location": np.where(placed, [_entity_name(p) for p in place], None),
                "place_entity_id": np.where(placed, [_entity_id(p) for p in place], None),
                "place_count": pa.array([1] * rows, pa.int32()),
                "event_date": pa.array(days, pa.date32()),
                "quantity": pa.array(self.rng.integers(0, 20, rows), pa.int32()),
                "negated": [False] * rows,
                "is_event": self.rng.random(rows) < 0.5,
                "confidence": self.rng.random(rows),
                "sentence_index": pa.array(self.rng.integers(0, SENTENCES, rows), pa.int32()),
                "content_hash": self._repeat(per["content_hash"], EVENTS),
                "nlp_version": ["bench"] * rows,
            }  # fmt: skip
        )

    def _quotes(self, night, ids, per):
        rows = len(ids) * QUOTES
        speaker = self.rng.integers(PLACE_POOL, self._entity_pool(night), rows)
        return pa.table(
            {
                "quote_id": [f"q{night:05d}{n:011x}" for n in range(rows)],
                "article_id": self._repeat(ids, QUOTES),
                "quote": ["We will not stop until the job is done."] * rows,
                "speaker": [_entity_name(s) for s in speaker],
                "speaker_entity_id": [_entity_id(s) for s in speaker],
                "verb": ["said"] * rows,
                "sentence_index": pa.array([3] * rows, pa.int32()),
                "start_char": pa.array([100] * rows, pa.int32()),
                "end_char": pa.array([140] * rows, pa.int32()),
                "content_hash": self._repeat(per["content_hash"], QUOTES),
                "nlp_version": ["bench"] * rows,
            }  # fmt: skip
        )

    def _names(self, night):
        first = 0 if night == 0 else self._entity_pool(night - 1)
        numbers = np.arange(first, self._entity_pool(night))
        is_place = numbers < PLACE_POOL
        return pa.table(
            {
                "entity_id": [_entity_id(e) for e in numbers],
                "type": np.where(is_place, "PLACE", "ORG"),
                "name": [_entity_name(e) for e in numbers],
                "name_key": [_entity_name(e).lower() for e in numbers],
                "match": ["new"] * len(numbers),
                "latitude": np.where(is_place, self.rng.uniform(-60, 70, len(numbers)), np.nan),
                "longitude": np.where(is_place, self.rng.uniform(-180, 180, len(numbers)), np.nan),
                "geo_precision": np.where(is_place, "town", None),
            }  # fmt: skip
        )


def _entity_id(number: int) -> str:
    return f"place-{number:06d}" if number < PLACE_POOL else f"entity-{number:08d}"


def _entity_name(number: int) -> str:
    """ "Entity 5-5-5-5-0-8": digits apart, so that no two names share a consonant skeleton (the registry
    lookup's key folds doubled letters, and "Entity 555508" would be "Entity 508"), as distinct real names
    seldom do."""
    digits = "-".join(str(number))
    return f"Place {digits}" if number < PLACE_POOL else f"Entity {digits}"


def build(root: Path, nights: int, generator: Generator) -> float:
    """Write `nights` nights, compacting a month at a time; return the seconds it took."""
    started = time.perf_counter()
    store.init_warehouse(root)
    for night in range(nights):
        run_id = f"{FIRST_NIGHT + timedelta(days=night):%Y%m%d}T020000Z-bench"
        store.write_batch(root, run_id, f"{run_id}-0001", "ingest", generator.night(night))
        month_ends = night == nights - 1 or (FIRST_NIGHT + timedelta(days=night + 1)).day == 1
        if month_ends:
            compaction.compact(root, month=f"{FIRST_NIGHT + timedelta(days=night):%Y-%m}")
            print(
                f"  {root.name}: night {night + 1}/{nights} compacted, {time.perf_counter() - started:.0f} s",
                flush=True,
            )
    compaction.compact(root, month=f"{FIRST_NIGHT + timedelta(days=nights):%Y-%m}")  # the last month is over
    views.build_views(root)
    return time.perf_counter() - started


MEASURE = """
import json, sys, time
from newsflow import views

def high_water_gb():  # VmHWM starts afresh at exec; ru_maxrss would carry the parent's peak over
    line = next(line for line in open("/proc/self/status") if line.startswith("VmHWM"))
    return int(line.split()[1]) / 1e6

root, sql, parameters = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
views.connect(root).close()
baseline = high_water_gb()
seconds = []
for _ in range(3):
    connection = views.connect(root)
    connection.execute("set enable_progress_bar = false")
    started = time.perf_counter()
    connection.execute(sql, parameters or None).fetchall()
    seconds.append(time.perf_counter() - started)
    connection.close()
peak = high_water_gb()
print(json.dumps({"cold": seconds[0], "warm": min(seconds[1:]), "peak_gb": peak, "query_gb": peak - baseline}))
"""


def measure(root: Path, sql: str, parameters: dict) -> dict:
    used = {key: value for key, value in parameters.items() if f"${key}" in sql}
    output = subprocess.run(
        [sys.executable, "-c", MEASURE, str(root), sql, json.dumps(used)], capture_output=True, text=True, check=True
    )
    return json.loads(output.stdout.strip().splitlines()[-1])  # after any progress bar DuckDB drew


def best_of_three(step) -> float:
    seconds = []
    for _ in range(3):
        started = time.perf_counter()
        step()
        seconds.append(time.perf_counter() - started)
    return min(seconds)


def nightly_costs(root: Path, generator: Generator, shared_mentions: pa.Table) -> dict[str, float]:
    """One more night of new articles: what its fixed steps cost on this warehouse. The night is the
    first one the warehouse does not hold (a kept warehouse gains one at every invocation), so that
    its URLs, names and rows are new. `shared_mentions`: one night's mentions every warehouse looks up
    too, so that history alone differs (a later night of the generator names more distinct entities)."""
    from newsflow import report, resolve
    from newsflow.inputs.planning import stored_pages
    from newsflow.names import consonant_skeleton
    from newsflow.settings import load_curated_entities, load_settings

    night = len(store.committed_batch_ids(store.init_warehouse(root)))  # one batch per night
    tables = generator.night(night)
    urls = tables["fetch_log"].column("url").to_pylist()
    costs = {}
    warehouse = store.init_warehouse(root)

    def plan() -> None:  # as the flow plans: on the warehouse it opened at its start
        stored_pages(warehouse, urls, 30)

    def look_up(mentions: pa.Table):
        names = {name.lower() for name in mentions.column("name").to_pylist()}
        # a run also asks for the entities its places could be (resolve.place_entity_ids)
        labels = zip(mentions.column("entity_id").to_pylist(), mentions.column("label").to_pylist(), strict=True)
        place_ids = {entity for entity, label in labels if label == "PLACE"}

        def step() -> None:
            consonant_skeleton.cache_clear()  # a run's process starts without them
            registry = resolve.load_registry(
                load_curated_entities(load_settings().nlp.aliases_file), compaction.registry_lookup(root)
            )
            registry.prefetch(names, place_ids)

        return step

    # These only read: the best of three, as for the queries (the steps below write, and run once).
    costs["opening the warehouse (orphaned temporaries swept)"] = best_of_three(lambda: store.init_warehouse(root))
    costs["planning 2,000 new URLs"] = best_of_three(plan)
    costs["entity registry: the night's names looked up"] = best_of_three(look_up(tables["mentions"]))
    costs[SAME_NAMES] = best_of_three(look_up(shared_mentions))
    run_id = f"{FIRST_NIGHT + timedelta(days=night):%Y%m%d}T020000Z-bench"
    started = time.perf_counter()
    store.write_batch(root, run_id, f"{run_id}-0001", "ingest", tables)
    costs["commit"] = time.perf_counter() - started
    started = time.perf_counter()
    views.build_views(root)
    costs["compaction and views"] = time.perf_counter() - started
    started = time.perf_counter()
    report.write_report(root)
    costs["HTML report"] = time.perf_counter() - started
    return costs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--nights", type=int, nargs="+", default=[30, 365])
    parser.add_argument("--articles-per-night", type=int, default=2000)
    parser.add_argument("--keep", type=Path, help="keep the warehouses here, and reuse them next time")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="newsflow-scale-"))
    generator = Generator(args.articles_per_night)
    roots = {}
    for nights in args.nights:
        root = folder / f"nights-{nights}-x{args.articles_per_night}"
        if not (root / "newsflow.duckdb").exists():
            shutil.rmtree(root, ignore_errors=True)
            print(f"writing {nights} nights of {args.articles_per_night:,} articles...", flush=True)
            print(f"  written in {build(root, nights, generator):.0f} s", flush=True)
        roots[nights] = root
    results = {}
    for nights, root in roots.items():
        last = FIRST_NIGHT + timedelta(days=nights)
        run = f"{FIRST_NIGHT + timedelta(days=nights - 1):%Y%m%d}T020000Z-bench"
        parameters = {"last": str(last), "run": run}
        results[nights] = {
            name: measure(root, sql.replace("$last", f"date '{last}'"), parameters) for name, sql in QUERIES.items()
        }
        results[nights]["building the views"] = _timed_build(root)
    _print_queries(results, args)
    baseline = roots[min(roots)]
    shared_mentions = generator.night(len(store.committed_batch_ids(store.init_warehouse(baseline))))["mentions"]
    costs = {nights: nightly_costs(root, generator, shared_mentions) for nights, root in roots.items()}
    _print_costs(costs)
    print(f"\nwarehouses in {folder} ({_size_gb(folder):.1f} GB); peak memory of this process "
          f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e6:.1f} GB")  # fmt: skip
    if not args.keep:
        shutil.rmtree(folder, ignore_errors=True)


def _timed_build(root: Path) -> dict:
    started = time.perf_counter()
    views.build_views(root)
    return {
        "cold": time.perf_counter() - started,
        "warm": float("nan"),
        "peak_gb": float("nan"),
        "query_gb": float("nan"),
    }


def _print_queries(results: dict, args) -> None:
    sizes = "  ".join(f"{n} nights x {args.articles_per_night:,}" for n in results)
    print(f"\nqueries (seconds cold / warm; the process's peak memory, GB, and what the query added), {sizes}\n")
    header = "".join(f"{f'{n} nights':>34}" for n in results)
    print(f"{'query':42}{header}")
    for name in next(iter(results.values())):
        cells = "".join(
            f"{results[n][name]['cold']:>9.2f} /{results[n][name]['warm']:>5.2f} s"
            f" {results[n][name]['peak_gb']:>5.2f} (+{results[n][name]['query_gb']:.2f}) GB"
            for n in results
        )
        print(f"{name:42}{cells}")


def _print_costs(costs: dict) -> None:
    print("\na nightly run of 2,000 new articles: its fixed steps (seconds)\n")
    print(f"{'step':32}" + "".join(f"{f'{n} nights':>14}" for n in costs) + f"{'ratio':>8}")
    first, last = next(iter(costs)), list(costs)[-1]
    for step in costs[first]:
        ratio = costs[last][step] / costs[first][step]
        print(f"{step:32}" + "".join(f"{costs[n][step]:>14.2f}" for n in costs) + f"{ratio:>7.2f}x")
    own = [step for step in costs[first] if step != SAME_NAMES]  # a night's steps, each once
    totals = {n: sum(costs[n][step] for step in own) for n in costs}
    ratio = totals[last] / totals[first]
    label = "all of the night's own steps"
    print(f"{label:32}" + "".join(f"{totals[n]:>14.2f}" for n in costs) + f"{ratio:>7.2f}x")


def _size_gb(folder: Path) -> float:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file()) / 1e9


if __name__ == "__main__":
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    main()
