"""The deployments: their entry flows, the ingest-urls form, and `serve`.

DEPLOYMENTS is the one definition of each deployment (name, entry flow, description, schedule);
`newsflow serve` registers them from it, and prefect.yaml (for `prefect deploy` with a work pool) is
tested equal to it (tests/test_deployments.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import prefect.settings
from prefect import flow, get_run_logger
from pydantic import BaseModel, Field

from newsflow.inputs.planning import SourceInputs, source_inputs
from newsflow.orchestration import reports
from newsflow.orchestration.flows import analyze, ingest
from newsflow.orchestration.runtime import with_task_runner
from newsflow.records import SourceLimits
from newsflow.settings import Settings, load_settings, load_sources
from newsflow.warehouse import as_warehouse


class IngestRequest(BaseModel):
    """What to ingest. The Prefect UI renders this as the ingest-urls deployment's form."""

    urls: list[str] = Field(
        default_factory=list, description="Article URLs, one per item, in any form people paste (http or https)"
    )
    sources: list[str] = Field(
        default_factory=list,
        description="Names of sources in config/sources.toml (the form offers those known when `newsflow serve`"
        " started; restart it after editing the file)",
    )
    feeds: list[str] = Field(default_factory=list, description="RSS, RDF or Atom feed URLs")
    sitemaps: list[str] = Field(default_factory=list, description="Sitemap, sitemap index or news sitemap URLs")
    sites: list[str] = Field(
        default_factory=list, description="Site home pages: the feeds and sitemaps they announce are read"
    )
    max_articles: int | None = Field(
        None,
        ge=1,
        le=100_000,
        description="At most this many articles from each feed, sitemap or site: a whole number from 1 to 100,000"
        " (empty: discover.max_urls_per_source of the configuration)",
    )
    warehouse: str | None = Field(
        None, description="Warehouse: a directory path or an s3:// URL (empty: the one `newsflow serve` was given)"
    )
    language: str | None = Field(
        None,
        pattern=r"^[a-z]{2}$",
        description="Keep only articles in this language: two lowercase letters, ISO 639-1 (en, fr, uk);"
        " others end as other_language (empty: every language)",
    )
    allow_private_hosts: bool = Field(
        False,
        description="Allow private and loopback addresses (intranet sources; off: such hosts end as private_host)",
    )


@flow(name="ingest-urls")
def ingest_urls(request: IngestRequest) -> dict[str, Any]:
    """Ad-hoc run from the Prefect UI or API: URLs, named sources, feeds and sitemaps."""
    overrides: dict[str, Any] = {"warehouse": request.warehouse}
    if request.allow_private_hosts:
        overrides["fetch"] = {"allow_private_hosts": True}
    config = load_settings(**overrides)
    chosen = set(request.sources)
    sources = [source for source in load_sources(config.schedule.sources_file) if source.name in chosen]
    missing = chosen - {source.name for source in sources}
    if missing:
        raise ValueError(f"unknown source(s) {sorted(missing)}: see {config.schedule.sources_file}")
    inputs = source_inputs(sources, config.discover.max_urls_per_source)
    form_limits = SourceLimits(max_articles=request.max_articles, language=request.language)
    for url in [*request.urls, *request.feeds, *request.sitemaps, *request.sites]:
        inputs.limits.setdefault(url, form_limits)
    given = SourceInputs(request.urls, request.feeds, request.sitemaps, request.sites)
    return _ingest_inputs(config, given, inputs)


@flow(name="nightly-ingest")
def nightly_ingest(warehouse: str | None = None) -> dict[str, Any]:
    """The scheduled run: every enabled source of config/sources.toml."""
    config = load_settings(warehouse=warehouse)
    sources = [source for source in load_sources(config.schedule.sources_file) if source.enabled]
    logger = get_run_logger()
    if not sources:
        logger.warning("nothing to do: no enabled source in %s", config.schedule.sources_file)
        return {"warehouse": config.warehouse, "input_count": 0, "article_count": 0, "status_counts": {}}
    logger.info("nightly run over %d enabled source(s): %s", len(sources), [s.name for s in sources])
    return _ingest_inputs(config, SourceInputs(), source_inputs(sources, config.discover.max_urls_per_source))


@flow(name="reprocess")
def reprocess(warehouse: str | None = None) -> dict[str, Any]:
    """The reprocess deployment: `analyze` over the stored articles, on the configured task runner."""
    config = load_settings(warehouse=warehouse)
    return with_task_runner(analyze, config)(config.model_dump(mode="json"))


def _ingest_inputs(config: Settings, given: SourceInputs, sources: SourceInputs) -> dict[str, Any]:
    """`ingest` over inputs given directly and inputs of named sources, on the configured task runner; the
    run's report goes on this run's page too, the one a user lands on from the deployment."""
    summary = with_task_runner(ingest, config)(
        [*given.urls, *sources.urls],
        config.model_dump(mode="json"),
        feeds=[*given.feeds, *sources.feeds],
        sitemaps=[*given.sitemaps, *sources.sitemaps],
        limits={url: limit.model_dump() for url, limit in sources.limits.items()},
        warcs=sources.warcs,
        sites=[*given.sites, *sources.sites],
    )
    reports.publish_report(summary, as_warehouse(summary["warehouse"]))
    return summary


@dataclass(frozen=True)
class Deployment:
    name: str
    flow: Any
    description: str
    scheduled: bool = False  # on the schedule.cron schedule
    takes_request: bool = False  # parameters: the ingest-urls form, else the warehouse alone


DEPLOYMENTS = (
    Deployment(
        "nightly-ingest", nightly_ingest, "Every enabled source of config/sources.toml, on a schedule.", scheduled=True
    ),
    Deployment(
        "ingest-urls",
        ingest_urls,
        "Ingest the URLs, sources, feeds and sitemaps given in the form.",
        takes_request=True,
    ),
    Deployment("reprocess", reprocess, "Entities, events and quotes again over stored articles, without refetching."),
)
ENTRYPOINT_MODULE = "flows/orchestration/deployments.py"  # as prefect.yaml names it, from the repository root


def serve_deployments(config: Settings) -> None:
    """Register and serve the deployments with the Prefect API in PREFECT_API_URL (blocks)."""
    from prefect import serve
    from prefect.schedules import Cron

    if not prefect.settings.PREFECT_API_URL.value():
        raise ValueError(
            "PREFECT_API_URL is not set: start a server (prefect server start) and export"
            " PREFECT_API_URL=http://127.0.0.1:4200/api"
        )
    warehouse = {"warehouse": as_warehouse(config.warehouse).url}
    schedule = [Cron(config.schedule.cron, timezone=config.schedule.timezone)]
    source_names = [source.name for source in load_sources(config.schedule.sources_file)]
    runners = []
    for deployment in DEPLOYMENTS:
        runner = deployment.flow.to_deployment(
            name=deployment.name,
            description=deployment.description,
            schedules=schedule if deployment.scheduled else None,
            parameters={"request": IngestRequest(**warehouse).model_dump()} if deployment.takes_request else warehouse,
        )
        if deployment.takes_request:
            only_known_sources(runner._parameter_openapi_schema.definitions, source_names)
        runners.append(runner)
    serve(*runners)


def only_known_sources(definitions: dict[str, Any], names: list[str]) -> None:
    """The form's sources field admits only the names of config/sources.toml: the server refuses a run
    naming another before creating it (the UI offers the names as a list)."""
    items = definitions[IngestRequest.__name__]["properties"]["sources"]["items"]
    items["enum"] = names
