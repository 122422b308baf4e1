"""What a run reports: its summary (printed by the CLI, returned by the flow), the HTML report, and the
artifacts on its Prefect page (the summary, the failed URLs, the newest events, a link to the report)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from newsflow import report, views
from newsflow.vocab import FetchStatus
from newsflow.warehouse import Warehouse


def status_line(rows: list[dict]) -> str:
    counts = Counter(row["status"] for row in rows)
    return ", ".join(f"{status} {count}" for status, count in counts.most_common()) or "no inputs"


def summary_of(
    run_id: str, root: Warehouse, rows: list[dict], stage_seconds: Counter, wall_seconds: float
) -> dict[str, Any]:
    return {
        "run_id": run_id,
        "warehouse": str(root),
        "input_count": len(rows),
        "status_counts": dict(Counter(row["status"] for row in rows).most_common()),
        "article_count": sum(1 for row in rows if row["article_id"] and row["status"] == FetchStatus.OK),
        "failures": [
            {"input_url": row["input_url"], "status": row["status"], "error": row["error"]}
            for row in rows
            if row["status"] not in (FetchStatus.OK, FetchStatus.ALREADY_STORED)  # stored earlier: no failure
        ],
        "stage_seconds": {stage: round(seconds, 3) for stage, seconds in stage_seconds.items()},
        "wall_seconds": round(wall_seconds, 3),
    }


def publish_report(summary: dict[str, Any], root: Warehouse) -> None:
    """The run's report on its Prefect page: a summary, the failed URLs, the newest events."""
    from prefect.artifacts import create_link_artifact, create_markdown_artifact, create_table_artifact

    lines = [
        f"## newsflow run {summary['run_id']}",
        "",
        "| inputs | articles | " + " | ".join(summary["status_counts"]) + " |",
        "| --- | --- | " + " | ".join("---" for _ in summary["status_counts"]) + " |",
        f"| {summary['input_count']} | {summary['article_count']} | "
        + " | ".join(str(count) for count in summary["status_counts"].values())
        + " |",
        "",
        "| stage | seconds |",
        "| --- | --- |",
        *(f"| {stage} | {seconds:.2f} |" for stage, seconds in summary["stage_seconds"].items()),
        "",
        f"Warehouse: `{summary['warehouse']}`",
    ]
    create_markdown_artifact("\n".join(lines), key="ingest-summary", description="newsflow run summary")
    if summary["failures"]:
        create_table_artifact(summary["failures"][:500], key="ingest-failures", description="URLs that failed, and why")
    newest = _newest_events(root, summary["run_id"])
    if newest:
        create_table_artifact(newest, key="newest-events", description="Events found in this run")
    if summary.get("report_path"):
        create_link_artifact(
            Path(summary["report_path"]).as_uri(),
            link_text=f"HTML report: {summary['report_path']}",
            key="html-report",
            description="A map of events, events per day, top actors, places and speakers (a file on the machine"
            " that ran the flow)",
        )


def write_html_report(root: Warehouse, logger) -> str | None:
    """The warehouse's HTML report, rewritten; its path. A report that fails is a warning: the run's
    data is committed by then."""
    try:
        path, _ = report.write_report(root)
    except Exception as exc:  # noqa: BLE001 - the run succeeded; only its picture failed
        logger.warning("the HTML report was not written: %s: %s", type(exc).__name__, exc)
        return None
    return str(path)


def _newest_events(root: Warehouse, run_id: str) -> list[dict]:
    rows = views.read_dicts(
        root,
        "select event_date, event_type, actor, trigger, location, attributed_to from events"
        " where run_id = ? order by event_date desc nulls last limit 50",
        [run_id],
    )
    return [{key: None if value is None else str(value) for key, value in row.items()} for row in rows]
