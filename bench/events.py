"""Event and quote quality report: precision and recall by event type, date, place and field
accuracy, and quote speakers, against the hand-annotated gold file, on the bundled sample pages.

    python bench/events.py [tests/fixtures/events-gold.json]

Recall counts every gold event; precision counts extracted events as false positives only on the
pages the gold file marks complete (fully annotated).
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

from newsflow.demo import demo_pages
from newsflow.quality import analyze_pages, score_events

GOLD = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "events-gold.json"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("gold", nargs="?", type=Path, default=GOLD)
    gold = json.loads(parser.parse_args().gold.read_text(encoding="utf-8"))
    pages = {
        name: html.decode("utf-8")
        for name, html in demo_pages().items()
        if name in {event["page"] for event in gold["events"]}
    }
    with tempfile.TemporaryDirectory() as warehouse:
        events_by_page, quotes_by_page = analyze_pages(pages, Path(warehouse))
    scores = score_events(gold, events_by_page, quotes_by_page)
    print(f"\n{len(gold['events'])} gold events on {len(pages)} pages (complete: {', '.join(gold['complete'])})\n")
    print(f"{'type':10} {'tp':>4} {'fp':>4} {'fn':>4} {'precision':>10} {'recall':>7}")
    for event_type in sorted(scores.by_type):
        counts = scores.by_type[event_type]
        precision, recall = scores.precision_recall(event_type)
        print(f"{event_type:10} {counts['tp']:4} {counts['fp']:4} {counts['fn']:4} {precision:10.2f} {recall:7.2f}")
    precision, recall = scores.precision_recall()
    print(f"{'all':10} {'':14} {precision:10.2f} {recall:7.2f}\n")
    for name, (right, scored) in sorted(scores.field_accuracy.items()):
        print(f"{name + ' accuracy':22} {right}/{scored} = {right / scored:.2f}")
    print(
        f"\nquotes found {scores.quote_recall:.2f}; speaker right on {scores.quote_speaker_accuracy:.2f} of those found"
    )


if __name__ == "__main__":
    main()
