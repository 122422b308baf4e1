"""Events shown on benchmark pages outside the gold set, for reading precision by hand: the true bodies of a
random sample of the article-extraction benchmark's pages that dev.json does not annotate go through the
pipeline core's analysis (as `newsflow run` analyses a page), and every event the events view would show is
printed with its sentence.

    python bench/outside_sample.py ../shared/corpora/article-extraction-benchmark ../shared/gold/dev.json

No gold: it counts what is shown and leaves the judging to the reader (the codebook, GUIDELINES.md).
`--quotes` prints every quote with its speaker instead; `--warehouse DIR` also runs the sample's HTML through
`newsflow run`'s path into DIR, for reading its places and names with `newsflow sql --warehouse DIR`.
`--pages 151` takes every page outside the gold set.
"""

from __future__ import annotations

import argparse
import json
import random
from datetime import datetime
from pathlib import Path

from newsflow import extract, pipeline
from newsflow.settings import NlpSettings

PUBLISHED = datetime(2019, 11, 20)  # the benchmark's pages were fetched in November 2019


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path, help="the article-extraction-benchmark folder (ground-truth.json)")
    parser.add_argument("gold", type=Path, help="dev.json: its pages are left out")
    parser.add_argument("--pages", type=int, default=30)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--quotes", action="store_true", help="print the quotes and their speakers")
    parser.add_argument("--warehouse", type=Path, help="also ingest the sample's HTML into this warehouse")
    args = parser.parse_args()
    truth = json.loads((args.corpus / "ground-truth.json").read_text(encoding="utf-8"))
    annotated = {record["id"] for record in json.loads(args.gold.read_text(encoding="utf-8"))}
    outside = sorted(page for page in truth if page not in annotated)
    sample = random.Random(args.seed).sample(outside, args.pages)
    if args.warehouse is not None:
        from quality import ingest_gold_pages  # (bench/quality.py, beside this script)

        ingest_gold_pages([{"id": page} for page in sample], args.corpus, args.warehouse)
    settings, shown_count = NlpSettings(), 0
    for page in sample:
        text = truth[page]["articleBody"][: settings.max_chars]
        if extract.detect_language(text) not in settings.languages:
            continue  # as `newsflow run` leaves it (nlp_status other_language)
        analysis = pipeline.analyze_text(text, settings, PUBLISHED)
        if args.quotes:
            print(f"== {truth[page]['url']}")
            for quote in analysis.quotes:
                print(f"  [{quote.speaker!r} via {quote.verb}] {quote.quote[:160]!r}")
            continue
        shown = [event for event in analysis.events if event.is_event]
        shown_count += len(shown)
        if shown:
            print(f"== {truth[page]['url']} (domain {shown[0].domain})")
        for event in shown:
            start, end = analysis.sentences[event.sentence_index]
            actor = event.actor.text if event.actor else None
            print(f"  {event.event_type} {event.trigger!r} actor {actor!r} ({event.actor_kind}), {event.modality}")
            print(f"    {text[start:end].strip()[:200]}")
    if not args.quotes:
        print(f"\n{shown_count} events shown on {args.pages} pages outside the gold set (seed {args.seed})")


if __name__ == "__main__":
    main()
