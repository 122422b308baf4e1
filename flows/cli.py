"""`newsflow`: a thin command line over the flows and the warehouse.

Prefect is imported only by the commands that run a flow, so `newsflow sql` answers at once.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import signal
import sys
from pathlib import Path
from typing import Any

from newsflow.settings import ConfigError, Settings, load_settings

DEMO_COUNTS = (
    "select (select count(*) from articles) as articles, (select count(*) from entities) as entities,"
    " (select count(*) from places where latitude is not null) as placed_places,"
    " (select count(distinct event_group_id) from events) as events, (select count(*) from quotes) as quotes"
)
DEMO_EVENTS = (
    "select event_date, event_type, actor, any_value(location) as location, any_value(trigger) as trigger"
    " from events where event_date is not null group by event_group_id, event_date, event_type, actor"
    " order by event_date desc, event_type limit 8"
)
EXAMPLE_QUERY = (
    "select title, published_at::date as published, word_count, domain from articles order by published_at desc limit 5"
)


def main(argv: list[str] | None = None) -> int:
    # Prefect's server phones home by default; newsflow runs offline and keeps quiet.
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    args = _parser().parse_args(argv)
    # SIGTERM unwinds like Ctrl-C: exit handlers stop the worker processes and Prefect's temporary server,
    # and the kernel releases the warehouse lock; every committed batch stays.
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        return args.handler(args)
    except (ConfigError, OSError, ValueError) as exc:
        print(f"newsflow: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("newsflow: stopped; the batches committed before the stop are kept", file=sys.stderr)
        return 130


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def cmd_run(args: argparse.Namespace) -> int:
    settings = _settings(args)
    urls = list(args.urls) + _read_urls_file(args.urls_file)
    if not (urls or args.feed or args.sitemap or args.site or args.warc):
        print(
            "newsflow: nothing to fetch: pass URLs, --urls-file FILE, --feed URL, --sitemap URL, --site URL"
            " or --warc FILE",
            file=sys.stderr,
        )
        return 2
    _check_warehouse(settings)
    _start_prefect_early()
    if urls and not (args.feed or args.sitemap or args.site or args.warc) and not os.environ.get("PREFECT_API_URL"):
        from newsflow.orchestration import early_fetch

        early_fetch.begin(urls, settings)  # while the temporary server starts and the flows import
    from newsflow.orchestration.flows import run_ingest

    summary = run_ingest(urls, settings, feeds=args.feed, sitemaps=args.sitemap, warcs=args.warc, sites=args.site)
    print_summary(summary)
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    settings = _settings(args, fetch={"allow_private_hosts": True})
    _check_warehouse(settings)
    _start_prefect_early()
    from newsflow.demo import demo_pages, serve_pages
    from newsflow.orchestration.flows import run_ingest

    pages = demo_pages()
    with serve_pages(pages) as base_url:
        print(f"Serving {len(pages)} sample pages at {base_url} (loopback only)")
        summary = run_ingest([f"{base_url}/{name}.html" for name in pages], settings)
    print_summary(summary)
    warehouse = _warehouse(settings)
    print("\nIn the warehouse:")
    print_rows(*query(warehouse, DEMO_COUNTS), output_format="table")
    print("\nThe newest events, with who did it, where and when:")
    print_rows(*query(warehouse, DEMO_EVENTS), output_format="table")
    print(f'\nNext, try:\n  {_command_name()} sql "{EXAMPLE_QUERY}" --warehouse {warehouse}\n')
    print_rows(*query(warehouse, EXAMPLE_QUERY), output_format="table")
    return 0


def _start_prefect_early() -> None:
    """Prefect's temporary server (unless one is configured) starts before the flows and the models load,
    which it then overlaps."""
    from newsflow.orchestration.temporary_server import launch_temporary_server

    launch_temporary_server()


def _command_name() -> str:
    """`newsflow` when it is on PATH, else the path of this installation's script (the README's install
    puts it in .venv/bin, which is not on PATH): the printed command works exactly as printed."""
    if shutil.which("newsflow"):
        return "newsflow"
    script = Path(sys.prefix) / "bin" / "newsflow"
    return str(script) if script.exists() else f"{sys.executable} -m newsflow.cli"


def cmd_sql(args: argparse.Namespace) -> int:
    settings = _settings(args)
    columns, rows = query(_warehouse(settings), args.query)
    print_rows(columns, rows, output_format=args.format)
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from newsflow import report

    warehouse = _with_views(_warehouse(_settings(args)))
    output = Path(args.output) if args.output else None
    path, data = report.write_report(warehouse, output, args.days)  # days None: report.WINDOW_DAYS
    print(
        f"report written to {path}: {data.counts['event_count']:,} events, {len(data.points):,} places on the map,"
        f" {data.counts['quote_count']:,} quotes (one HTML file; it needs no network)"
    )
    return 0


def cmd_analyze(args: argparse.Namespace) -> int:
    settings = _settings(args)
    _check_warehouse(settings)
    _start_prefect_early()
    from newsflow.orchestration.flows import run_analyze

    summary = run_analyze(settings)
    print(
        f"\nAnalysis {summary['run_id']} -> {summary['warehouse']}\n"
        f"  articles: {summary['article_count']}   mentions: {summary['mention_count']}"
        f"   events: {summary['event_count']}\n"
        f"  time per stage: {_stage_line(summary)}; flow total {summary['wall_seconds']:.2f}s"
    )
    return 0


def cmd_views(args: argparse.Namespace) -> int:
    from newsflow import store, views

    settings = _settings(args)
    root = store.init_warehouse(settings.warehouse, settings.storage.options)
    with store.warehouse_lock(root, settings.run.lock_timeout_s, _say_waiting):
        path = views.build_views(root)
    print(f"views rebuilt in {path}")
    return 0


def cmd_compact(args: argparse.Namespace) -> int:
    from newsflow import compaction, store, views

    settings = _settings(args)
    root = store.init_warehouse(settings.warehouse, settings.storage.options)
    with store.warehouse_lock(root, settings.run.lock_timeout_s, _say_waiting):
        summary = compaction.compact(root, max_segments_per_month=args.max_segments_per_month, refresh=args.refresh)
        views.build_views(root)
    written = ", ".join(f"{family} {count}" for family, count in summary.written.items() if count) or "none"
    print(f"compacted {summary.batch_count} new batches; segments written: {written}")
    return 0


def _say_waiting(path) -> None:
    print(f"another run is using this warehouse ({path}): waiting for it to finish", file=sys.stderr)


def cmd_serve(args: argparse.Namespace) -> int:
    settings = _settings(args)
    _check_warehouse(settings)
    from newsflow.orchestration.deployments import serve_deployments
    from newsflow.warehouse import as_warehouse

    # Runs started by serve inherit its environment: a run triggered with partial parameters (a CLI
    # `--param request=...` replaces the whole request) still writes the served warehouse, with its config.
    os.environ["NEWSFLOW_WAREHOUSE"] = as_warehouse(settings.warehouse).url
    if args.config:
        os.environ["NEWSFLOW_CONFIG"] = str(Path(args.config).resolve())

    serve_deployments(settings)
    return 0


def _with_views(warehouse):
    """The warehouse, its views database there (built for a remote warehouse read from a new machine);
    an error in one line when it has none."""
    from newsflow.views import build_views, database_path
    from newsflow.warehouse import as_warehouse

    warehouse = as_warehouse(warehouse)
    path = database_path(warehouse)
    if not path.exists() and not warehouse.is_local:
        build_views(warehouse, compact=False)  # a reader writes nothing there
    if not path.exists():
        raise ValueError(f"no warehouse database at {path}: run `newsflow run` or `newsflow demo` first")
    return warehouse


def query(warehouse, sql: str) -> tuple[list[str], list[tuple]]:
    """Run one read-only query over the warehouse views."""
    import duckdb

    from newsflow.views import analyst_query

    warehouse = _with_views(warehouse)
    try:
        return analyst_query(warehouse, sql)
    except duckdb.PermissionException as exc:  # a file outside the warehouse, an extension: one line says it
        raise ValueError(f"refused: {str(exc).splitlines()[0]}") from exc
    except duckdb.Error as exc:
        raise ValueError(f"query failed: {exc}") from exc


def print_rows(columns: list[str], rows: list[tuple], output_format: str = "table") -> None:
    if output_format == "csv":
        writer = csv.writer(sys.stdout)
        writer.writerow(columns)
        writer.writerows(rows)
    elif output_format == "json":
        print(
            json.dumps(
                [dict(zip(columns, row, strict=True)) for row in rows], default=str, ensure_ascii=False, indent=1
            )
        )
    else:
        print(format_table(columns, rows))


def format_table(columns: list[str], rows: list[tuple], max_width: int = 60) -> str:
    cells = [[_cell(value, max_width) for value in row] for row in rows]
    widths = [max([len(name)] + [len(row[i]) for row in cells]) for i, name in enumerate(columns)]
    line = "+".join("-" * (width + 2) for width in widths)
    render = lambda values: " | ".join(value.ljust(width) for value, width in zip(values, widths, strict=True))  # noqa: E731
    return "\n".join([render(columns), line, *(render(row) for row in cells), f"({len(rows)} rows)"])


def print_summary(summary: dict[str, Any]) -> None:
    print(f"\nRun {summary['run_id']} -> {summary['warehouse']}")
    print(f"  inputs: {summary['input_count']}   articles stored: {summary['article_count']}")
    print("  by status: " + ", ".join(f"{status} {count}" for status, count in summary["status_counts"].items()))
    print(f"  time per stage: {_stage_line(summary)}; flow total {summary['wall_seconds']:.2f}s")
    if summary.get("report_path"):
        print(f"  report: {summary['report_path']} (open it in a browser)")
    if summary.get("dropped_sitemap_count"):
        print(f"  sitemaps not read (past discover.max_sitemaps): {summary['dropped_sitemap_count']}")
    for failure in summary["failures"][:20]:
        print(f"  - {failure['status']}: {failure['input_url']} ({failure['error']})")
    if len(summary["failures"]) > 20:
        print(f'  ... and {len(summary["failures"]) - 20} more: newsflow sql "select * from fetch_log where not is_ok"')


def _stage_line(summary: dict[str, Any]) -> str:
    return ", ".join(f"{stage} {seconds:.2f}s" for stage, seconds in summary["stage_seconds"].items())


def _cell(value: Any, max_width: int) -> str:
    text = "NULL" if value is None else str(value).replace("\n", " ")
    return text if len(text) <= max_width else text[: max_width - 1] + "…"


def _settings(args: argparse.Namespace, **forced: Any) -> Settings:
    overrides: dict[str, Any] = {"warehouse": args.warehouse}
    if getattr(args, "allow_private_hosts", False):
        forced.setdefault("fetch", {})["allow_private_hosts"] = True
    return load_settings(args.config, **overrides, **forced)


def _check_warehouse(settings: Settings) -> None:
    """Fail in a second, with the path, rather than after Prefect has started (or with every page an
    extract_error): the warehouse is writable, and the NLP model and tables exist and parse."""
    from newsflow.settings import check_nlp_settings
    from newsflow.store import init_warehouse

    init_warehouse(settings.warehouse, settings.storage.options)
    check_nlp_settings(settings.nlp)


def _warehouse(settings: Settings):
    from newsflow.warehouse import as_warehouse

    return as_warehouse(settings.warehouse, settings.storage.options)


def _read_urls_file(path: str | None) -> list[str]:
    if not path:
        return []
    if path != "-" and not Path(path).is_file():
        raise ValueError(f"no such URL file: {path}")
    text = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


RUN_EXAMPLES = """examples:
  newsflow run https://www.example.com/news/some-story
  newsflow run --urls-file urls.txt --warehouse /data/news
  newsflow run --feed https://www.example.com/rss.xml --sitemap https://www.example.org/news-sitemap.xml
  newsflow run --site https://www.example.net/
  newsflow run --warc CC-NEWS-20251224.warc.gz
  newsflow run --config my-newsflow.toml https://www.example.com/news/some-story"""


def _views_and_grains() -> str:
    """The views, each with the grain its SQL file states on its first line."""
    from newsflow import views

    lines = ["views and their grain (one row per ...):"]
    for name in views.view_names():
        folder = views.SQL_DIR / "staging" if name.startswith("stg_") else views.SQL_DIR
        grain = (folder / f"{name}.sql").read_text(encoding="utf-8").splitlines()[0].removeprefix("-- one row per ")
        lines.append(f"  {name:20} {grain.split(':', 1)[0]}")
    lines.append(
        "table macros: fetch_attempts(), runs(), committed_batches(), committed_rows('table') (the raw batches),"
        " state_rows('table') (the current state)"
    )
    return "\n".join(lines)


def compaction_default() -> int:
    from newsflow.compaction import MAX_SEGMENTS_PER_MONTH

    return MAX_SEGMENTS_PER_MONTH


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="newsflow", description="News URLs in, an analyst-ready warehouse out.")
    commands = parser.add_subparsers(dest="command", required=True)

    def command(name: str, handler, help_text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text)
        sub.add_argument("--warehouse", help="warehouse directory (default: $NEWSFLOW_WAREHOUSE, else ./warehouse)")
        sub.add_argument("--config", help="a TOML file overriding config/newsflow.toml (default: $NEWSFLOW_CONFIG)")
        sub.set_defaults(handler=handler)
        return sub

    run = command("run", cmd_run, "fetch, extract and store articles (no Prefect server needed)")
    run.formatter_class = argparse.RawDescriptionHelpFormatter
    run.epilog = RUN_EXAMPLES
    run.add_argument("urls", nargs="*", metavar="URL")
    run.add_argument("--urls-file", metavar="FILE", help="one URL a line ('-' for standard input; # comments)")
    run.add_argument(
        "--feed", action="append", default=[], metavar="URL", help="an RSS/Atom feed: its articles are fetched"
    )
    run.add_argument(
        "--sitemap",
        action="append",
        default=[],
        metavar="URL",
        help="a sitemap or sitemap index: its pages are fetched",
    )
    run.add_argument(
        "--site",
        action="append",
        default=[],
        metavar="URL",
        help="a site's home page: the feeds it announces and the sitemaps its robots.txt names are read",
    )
    run.add_argument("--warc", action="append", default=[], metavar="FILE", help="a local WARC file (no fetching)")
    run.add_argument("--allow-private-hosts", action="store_true", help="allow private and loopback addresses")
    command("demo", cmd_demo, "run the flow on the bundled sample pages, served on loopback (offline)")
    sql = command("sql", cmd_sql, "run a read-only SQL query over the warehouse views")
    sql.formatter_class = argparse.RawDescriptionHelpFormatter
    sql.epilog = _views_and_grains()
    sql.add_argument("query", metavar="SQL")
    sql.add_argument("--format", choices=["table", "csv", "json"], default="table")
    command(
        "analyze", cmd_analyze, "find entities, places, events and quotes again in every stored article (no refetch)"
    )
    command("entities", cmd_analyze, "the same as analyze")
    report = command(
        "report", cmd_report, "write an HTML report: a map of events, events per day, top actors, places, speakers"
    )
    report.add_argument("--output", metavar="FILE", help="where to write it (default: WAREHOUSE/report.html)")
    report.add_argument(
        "--days",
        type=int,
        help="the articles first fetched in the last DAYS days before the newest fetch (0: all; default 30)",
    )
    command("views", cmd_views, "rebuild WAREHOUSE/newsflow.duckdb from sql/ (e.g. after moving the warehouse)")
    compact = command(
        "compact", cmd_compact, "fold committed batches into the current state and merge each month's segments"
    )
    compact.add_argument(
        "--max-segments-per-month",
        type=int,
        default=compaction_default(),
        help="merge a month's segments once it has more than this many (a month that is over: more than one)",
    )
    compact.add_argument(
        "--refresh",
        action="store_true",
        help="rebuild every segment from its rows (events take the points the registry has since found)",
    )
    command("serve", cmd_serve, "register and serve the Prefect deployments (nightly-ingest, ingest-urls, reprocess)")
    return parser


if __name__ == "__main__":
    sys.exit(main())
