"""Extraction quality, scored as Zyte's article-extraction benchmark scores it.

Word 4-gram shingles of the true and the extracted body; per page TP/FP/FN counted over shingles
and normalized by their sum (so long articles weigh no more than short ones); precision and
recall averaged over pages; F1 of those two averages. Used by the quality-gate test and bench/.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from statistics import mean

_TOKEN = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class Scores:
    precision: float
    recall: float
    f1: float
    page_count: int


def shingle_counts(true_text: str, predicted_text: str, n: int = 4) -> tuple[float, float, float]:
    """Normalized (tp, fp, fn) of one page."""
    true_shingles, predicted_shingles = _shingles(true_text, n), _shingles(predicted_text, n)
    tp = fp = fn = 0
    for key in true_shingles.keys() | predicted_shingles.keys():
        true_count, predicted_count = true_shingles[key], predicted_shingles[key]
        tp += min(true_count, predicted_count)
        fp += max(0, predicted_count - true_count)
        fn += max(0, true_count - predicted_count)
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def score_pages(pairs: list[tuple[str, str]]) -> Scores:
    """`pairs` of (true body, extracted body), one per page; a page with nothing extracted scores
    precision 0 and recall 0."""
    precisions, recalls = [], []
    for true_text, predicted_text in pairs:
        tp, fp, fn = shingle_counts(true_text, predicted_text or "")
        precisions.append(tp / (tp + fp) if tp + fp else 0.0)
        recalls.append(tp / (tp + fn) if tp + fn else 0.0)
    precision, recall = (mean(precisions), mean(recalls)) if pairs else (0.0, 0.0)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Scores(precision, recall, f1, len(pairs))


def _shingles(text: str, n: int) -> Counter:
    tokens = _TOKEN.findall(text or "")
    return Counter(tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens[i : i + n])


# --- events and quotes, against a hand-annotated gold file (tests/fixtures/events-gold.json) ---


def analyze_pages(pages: dict[str, str], warehouse: Path) -> tuple[dict[str, list[dict]], dict[str, list[dict]]]:
    """Event rows and quote rows of each page (name -> HTML), made by the pipeline core as the ingest
    flow makes them (raw HTML archived under `warehouse`), with a fresh entity registry."""
    from newsflow import ids, pipeline
    from newsflow.records import FetchResult
    from newsflow.settings import Settings

    config = Settings(warehouse=str(warehouse))
    results = []
    for name, html in pages.items():
        result = FetchResult(name, f"https://example.org/{name}", final_url=f"https://example.org/{name}")
        result.html = html
        results.append(result)
    context = pipeline.load_nlp_context(config)
    run_id = ids.run_id()
    tables = pipeline.process_batch(warehouse, results, config, context, run_id, ids.batch_id(run_id, 1))
    page_of = {row["article_id"]: row["input_url"] for row in tables["fetch_log"]}
    events_by_page = {name: [] for name in pages}
    quotes_by_page = {name: [] for name in pages}
    for name, by_page in (("events", events_by_page), ("quotes", quotes_by_page)):
        for row in tables[name]:
            by_page[page_of[row["article_id"]]].append(row)
    return events_by_page, quotes_by_page


@dataclass
class EventScores:
    by_type: dict[str, dict[str, int]]  # type -> tp, fp, fn
    field_accuracy: dict[str, tuple[int, int]]  # field -> (right, scored)
    quote_recall: float
    quote_speaker_accuracy: float

    def precision_recall(self, event_type: str | None = None) -> tuple[float, float]:
        counts = [self.by_type[event_type]] if event_type else list(self.by_type.values())
        tp, fp, fn = (sum(c[key] for c in counts) for key in ("tp", "fp", "fn"))
        return (tp / (tp + fp) if tp + fp else 0.0), (tp / (tp + fn) if tp + fn else 0.0)


def score_events(
    gold: dict, events_by_page: dict[str, list[dict]], quotes_by_page: dict[str, list[dict]]
) -> EventScores:
    """Match gold events to extracted events (one per event_group_id) on page, type and trigger (the
    nth occurrence for "occurrence": n), then score the fields of the matches. Extracted events that
    match nothing count as false positives only on pages marked complete."""
    groups = {page: _event_groups(rows) for page, rows in events_by_page.items()}
    by_type: dict[str, dict[str, int]] = {}
    fields: dict[str, list[int]] = {}
    matched: set[tuple[str, str]] = set()
    for expected in gold["events"]:
        counts = by_type.setdefault(expected["type"], {"tp": 0, "fp": 0, "fn": 0})
        same = [
            g
            for g in groups.get(expected["page"], [])
            if g["event_type"] == expected["type"] and g["trigger"].lower() == expected["trigger"].lower()
        ]
        found = same[expected.get("occurrence", 1) - 1] if len(same) >= expected.get("occurrence", 1) else None
        if found is None:
            counts["fn"] += 1
            continue
        counts["tp"] += 1
        matched.add((expected["page"], found["event_group_id"]))
        for name, right in _field_checks(expected, found).items():
            fields.setdefault(name, [0, 0])
            fields[name][0] += int(right)
            fields[name][1] += 1
    for page in gold.get("complete", []):
        for group in groups.get(page, []):
            if (page, group["event_group_id"]) not in matched:
                by_type.setdefault(group["event_type"], {"tp": 0, "fp": 0, "fn": 0})["fp"] += 1
    recall, speakers = _score_quotes(gold.get("quotes", []), quotes_by_page)
    return EventScores(by_type, {k: (v[0], v[1]) for k, v in fields.items()}, recall, speakers)


def _event_groups(rows: list[dict]) -> list[dict]:
    groups: dict[str, dict] = {}
    for row in sorted(rows, key=lambda r: r["trigger_start"]):
        group = groups.setdefault(row["event_group_id"], {**row, "locations": set()})
        if row["location"]:
            group["locations"].add(row["location"])
    return list(groups.values())


def _field_checks(expected: dict, found: dict) -> dict[str, bool]:
    checks = {}
    if "date" in expected:
        found_date = found["event_date"].isoformat() if found["event_date"] else None
        checks["date"] = found_date == expected["date"]  # null: no day-level anchor, so no date
    if "locations" in expected:
        checks["place"] = set(expected["locations"]) <= found["locations"]
    for name in ("actor", "target", "quantity", "killed", "arrested", "negated", "attributed_to"):
        if name in expected:
            checks[name] = found[name] == expected[name]
    return checks


def _score_quotes(gold_quotes: list[dict], quotes_by_page: dict[str, list[dict]]) -> tuple[float, float]:
    found = right = 0
    for expected in gold_quotes:
        quote = next(
            (q for q in quotes_by_page.get(expected["page"], []) if q["quote"].startswith(expected["starts"])), None
        )
        if quote is not None:
            found += 1
            right += int(quote["speaker"] == expected["speaker"])
    total = len(gold_quotes)
    return (found / total if total else 0.0), (right / found if found else 0.0)
