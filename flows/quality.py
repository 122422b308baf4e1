"""Extraction quality, scored as Zyte's article-extraction benchmark scores it.

Word 4-gram shingles of the true and the extracted body; per page TP/FP/FN counted over shingles
and normalized by their sum (so long articles weigh no more than short ones); precision and
recall averaged over pages; F1 of those two averages. Used by the quality-gate test and bench/.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
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
