"""Quality on the development gold set: the gold's pages served on loopback, ingested by the same code
path as `newsflow run`, then scored by the gold's own scorer, train and test side by side.

    python bench/quality.py ../shared/corpora/article-extraction-benchmark ../shared/gold/dev.json

Prints score.py's figures (entity recall, place accuracy, event recall and precision, date and quote
accuracy) for `train` and `test` in two columns, and the per-type event table; writes the misses of each
split to bench/out/quality-misses-<split>.json and keeps the warehouse in bench/out/quality-warehouse.
Tune on train; read test only to report (a gap over 0.10 means the rules fit train, not news).
"""

from __future__ import annotations

import argparse
import gzip
import json
import shutil
import subprocess
import sys
from pathlib import Path

from newsflow.demo import serve_pages
from newsflow.orchestration.flows import run_ingest
from newsflow.settings import load_settings

OUT = Path(__file__).resolve().parent / "out"
SPLITS = ("train", "test")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path, help="the article-extraction-benchmark folder (html/<id>.html.gz)")
    parser.add_argument("gold", type=Path, help="the gold file (dev.json), with its score.py beside it")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    gold = json.loads(args.gold.read_text(encoding="utf-8"))
    warehouse = args.out / "quality-warehouse"
    shutil.rmtree(warehouse, ignore_errors=True)
    ingest_gold_pages(gold, args.corpus, warehouse)
    results = {split: score(warehouse, args.gold, split, args.out) for split in SPLITS}
    print_report(results)


def ingest_gold_pages(gold: list[dict], corpus: Path, warehouse: Path) -> None:
    """Each gold page served at /g/<id16>, where score.py looks for it, and run through `newsflow run`'s path."""
    pages = {
        f"g/{record['id'][:16]}": gzip.decompress((corpus / "html" / f"{record['id']}.html.gz").read_bytes())
        for record in gold
    }
    settings = load_settings(warehouse=str(warehouse), fetch={"allow_private_hosts": True})
    with serve_pages(pages) as base_url:
        summary = run_ingest([f"{base_url}/{name}.html" for name in pages], settings)
    print(f"ingested {summary['article_count']} of {len(pages)} gold pages into {warehouse}", file=sys.stderr)


def score(warehouse: Path, gold_path: Path, split: str, out: Path) -> dict:
    misses = out / f"quality-misses-{split}.json"
    command = [sys.executable, str(gold_path.parent / "score.py"), str(warehouse), str(gold_path)]
    printed = subprocess.run(
        [*command, "--split", split, "--misses", str(misses), "--json"], capture_output=True, text=True, check=True
    ).stdout
    return json.loads(printed)


def print_report(results: dict[str, dict]) -> None:
    print(f"\n{'figure':18}" + "".join(f"{split:>8}" for split in SPLITS) + f"{'gap':>8}")
    for figure in results["train"]["figures"]:
        values = [results[split]["figures"][figure] for split in SPLITS]
        print(f"{figure:18}" + "".join(f"{value:8.2f}" for value in values) + f"{abs(values[0] - values[1]):8.2f}")
    counts = {split: results[split]["counts"] for split in SPLITS}
    print(f"{'gold events':18}" + "".join(f"{counts[split]['evr']:8d}" for split in SPLITS))
    print(f"{'predicted events':18}" + "".join(f"{counts[split]['evp']:8d}" for split in SPLITS))
    print(f"\n{'type':10}" + "".join(f"{split + ' ' + column:>13}" for split in SPLITS for column in ("g/f/p/r",)))
    types = sorted({t for split in SPLITS for t in results[split]["by_type"]})
    for event_type in types:
        cells = ["/".join(str(n) for n in results[split]["by_type"].get(event_type, [0, 0, 0, 0])) for split in SPLITS]
        print(f"{event_type:10}" + "".join(f"{cell:>13}" for cell in cells))
    print("\ng/f/p/r: gold events, gold events found, events predicted, predicted events right")
    print(f"misses: {OUT}/quality-misses-<split>.json")


if __name__ == "__main__":
    main()
