"""The ingest flow end to end, under a real Prefect API, into a real warehouse in a temp dir."""

from pathlib import Path

import pytest

from newsflow import views
from newsflow.cli import query
from newsflow.orchestration.flows import ingest
from tests.conftest import CORPUS_PAGES, CP1251_TEXT, make_settings

pytestmark = pytest.mark.slow


def expected_statuses(site: str, refused_url: str) -> dict[str, str]:
    """Every input of the mixed run, with the status its fetch_log row must carry."""
    return {
        f"{site}/seed": "ok",
        f"{site}/seed?utm_source=newsletter&utm_medium=email": "duplicate",
        **{f"{site}/corpus/{name}": "ok" for name in CORPUS_PAGES},
        f"{site}/moved": "ok",
        f"{site}/article/1": "ok",
        f"{site}/article-copy/1": "ok",
        f"{site}/cp1251": "ok",
        f"{site}/flaky": "ok",
        f"{site}/rate-limited": "ok",
        f"{site}/no-such-page": "http_404",
        f"{site}/slow": "timeout",
        f"{site}/loop-a": "redirect_loop",
        f"{site}/report.pdf": "not_html",
        f"{site}/huge": "too_large",
        f"{site}/empty": "empty_text",
        f"{site}/private/page": "robots_disallowed",
        "htp:/nonsense": "invalid_url",
        refused_url: "connection_error",
    }


def row_counts(warehouse) -> dict[str, int]:
    return {name: query(warehouse, f"select count(*) from {name}")[1][0][0] for name in views.view_names()}


@pytest.fixture(scope="module")
def mixed_run(prefect_api, module_site, tmp_path_factory):
    """One run over good pages and every fault, then a second run over the same inputs."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        refused_url = f"http://127.0.0.1:{probe.getsockname()[1]}/nothing-here"
    statuses = expected_statuses(module_site, refused_url)
    settings = make_settings(tmp_path_factory.mktemp("mixed") / "warehouse")
    summary = ingest(list(statuses), settings.model_dump(mode="json"))
    counts_after_first = row_counts(settings.warehouse)
    hits_after_first = dict(module_site.hits)
    second_summary = ingest(list(statuses), settings.model_dump(mode="json"))
    return {
        "site": module_site,
        "statuses": statuses,
        "warehouse": Path(settings.warehouse),
        "summary": summary,
        "second_summary": second_summary,
        "counts_after_first": counts_after_first,
        "hits_after_first": hits_after_first,
    }


def test_every_input_ends_as_one_fetch_log_row_with_its_status(mixed_run):
    _, rows = query(mixed_run["warehouse"], "select input_url, status, error from fetch_log")
    assert {input_url: status for input_url, status, _ in rows} == mixed_run["statuses"]
    assert len(rows) == len(mixed_run["statuses"])
    assert all(error for _, status, error in rows if status != "ok")


def test_summary_counts_statuses_and_times_each_stage(mixed_run):
    summary = mixed_run["summary"]
    assert summary["input_count"] == len(mixed_run["statuses"])
    assert summary["status_counts"]["ok"] == 10
    assert summary["article_count"] == 10
    assert {"fetch", "store", "views"} <= set(summary["stage_seconds"])
    assert {failure["status"] for failure in summary["failures"]} >= {"http_404", "timeout", "invalid_url"}


def test_seed_page_lands_with_title_date_and_text(mixed_run):
    _, rows = query(
        mixed_run["warehouse"],
        "select title, published_at, authors, language, text, canonical_url"
        " from articles where title like 'Russian forces%'",
    )
    [(title, published_at, authors, language, text, canonical_url)] = rows  # /seed and /moved are one article
    assert title == "Russian forces near collapse in Kupyansk as Moscow allies concede city lost: Report"
    assert published_at.isoformat().startswith("2025-12-26T14:00:00")
    assert (authors, language) == (["Fox News staff"], "en")
    assert "Some foreign mercenaries fighting for the Russians have even surrendered." in text
    assert canonical_url.startswith("https://www.foxnews.com/world/")


def test_real_corpus_pages_land_in_articles(mixed_run):
    _, rows = query(
        mixed_run["warehouse"],
        "select title from articles where domain in ('aljazeera.com', 'nbcnews.com', 'chron.com')",
    )
    assert sorted(title for (title,) in rows) == [
        "Esper accuses China of intimidating smaller Asian nations",
        "House Hitler was born in to become police station",
        "US service members killed in Afghanistan helicopter crash",
    ]


def test_windows_1251_page_is_decoded_and_detected_as_russian(mixed_run):
    _, rows = query(mixed_run["warehouse"], "select language, text from articles where url like '%/cp1251'")
    [(language, text)] = rows
    assert language == "ru"
    assert CP1251_TEXT in text


def test_same_text_at_two_urls_is_marked_duplicate_of_the_first(mixed_run):
    _, rows = query(
        mixed_run["warehouse"], "select url, article_id, duplicate_of from articles where url like '%/1' order by url"
    )
    (copy_url, copy_id, copy_of), (original_url, original_id, original_of) = rows
    assert copy_url.endswith("/article-copy/1") and original_url.endswith("/article/1")
    assert {copy_of, original_of} == {None, copy_id if original_of else original_id}


def test_raw_html_is_archived_once_per_content(mixed_run):
    _, rows = query(
        mixed_run["warehouse"], "select count(distinct html_sha256) from fetch_log where html_sha256 is not null"
    )
    archived = list((mixed_run["warehouse"] / "raw").glob("*/*.html.gz"))
    assert len(archived) == rows[0][0]


def test_second_run_over_the_same_inputs_adds_no_rows_to_any_view(mixed_run):
    assert row_counts(mixed_run["warehouse"]) == mixed_run["counts_after_first"]


def test_second_run_fetches_nothing_already_stored(mixed_run):
    first, second = mixed_run["summary"]["status_counts"], mixed_run["second_summary"]["status_counts"]
    settled = first["ok"] + first["empty_text"]  # an article, or a page with none: either way, nothing new
    retried = {status: count for status, count in first.items() if status not in ("ok", "empty_text")}
    assert second == {**retried, "already_stored": settled}
    site, before = mixed_run["site"], mixed_run["hits_after_first"]
    for path in ["/seed", "/cp1251", "/flaky", "/rate-limited", "/moved", f"/corpus/{CORPUS_PAGES[0]}", "/empty"]:
        assert site.hits[path] == before[path], path  # stored pages were not requested again
    assert site.hits["/no-such-page"] > before["/no-such-page"]  # failures are retried
    _, rows = query(mixed_run["warehouse"], "select status, count(*) from fetch_log group by all")
    assert dict(rows)["ok"] == first["ok"] and dict(rows)["empty_text"] == 1  # the fetches that settled them


def test_every_attempt_of_every_run_stays_auditable(mixed_run):
    _, rows = query(mixed_run["warehouse"], "select run_id, input_count, ok_count from runs() order by run_id")
    inputs = len(mixed_run["statuses"])
    assert [row[1:] for row in rows] == [(inputs, 10), (inputs, 0)]  # the second run found them stored
    assert query(mixed_run["warehouse"], "select count(*) from fetch_attempts()")[1] == [(2 * inputs,)]


def test_loopback_urls_are_refused_without_allow_private_hosts(prefect_api, site, tmp_path):
    settings = make_settings(tmp_path / "warehouse", allow_private_hosts=False)
    summary = ingest([f"{site}/seed", f"{site}/corpus/{CORPUS_PAGES[0]}"], settings.model_dump(mode="json"))
    assert summary["status_counts"] == {"private_host": 2}
    assert sum(site.hits.values()) == 0


def test_a_stored_page_is_re_extracted_from_the_archive_when_the_analysis_changed(prefect_api, site, tmp_path):
    settings = make_settings(tmp_path / "warehouse")
    settings.nlp.enabled = False
    ingest([f"{site}/seed"], settings.model_dump(mode="json"))
    assert query(settings.warehouse, "select count(*) from mentions")[1] == [(0,)]
    settings.nlp.enabled = True  # a new NLP version for the stored article
    summary = ingest([f"{site}/seed"], settings.model_dump(mode="json"))
    assert summary["status_counts"] == {"ok": 1} and site.hits["/seed"] == 1  # no second request
    assert query(settings.warehouse, "select attempt_count from fetch_attempts() order by run_id")[1] == [(1,), (0,)]
    assert query(settings.warehouse, "select count(*) > 40 from mentions")[1] == [(True,)]


def test_refetch_age_zero_fetches_again(prefect_api, site, tmp_path):
    settings = make_settings(tmp_path / "warehouse")
    settings.run.refetch_after_days = 0
    for _ in range(2):
        ingest([f"{site}/seed"], settings.model_dump(mode="json"))
    assert site.hits["/seed"] == 2


def test_a_run_reads_each_sites_robots_txt_once(prefect_api, site, tmp_path):
    settings = make_settings(tmp_path / "warehouse")
    settings.run.batch_size = 1
    ingest([f"{site}/article/{n}" for n in range(3)], settings.model_dump(mode="json"))
    assert site.hits["/robots.txt"] == 1


def test_a_first_batch_fetched_as_the_command_starts_is_taken_over_not_fetched_again(prefect_api, site, tmp_path):
    from newsflow.orchestration import early_fetch

    settings = make_settings(tmp_path / "warehouse")
    settings.run.batch_size = 2
    urls = [f"{site}/article/{n}" for n in range(3)]
    early_fetch.begin(urls, settings)  # as `newsflow run` does while Prefect's temporary server starts
    summary = ingest(urls, settings.model_dump(mode="json"))
    assert summary["status_counts"] == {"ok": 3}
    assert [site.hits[f"/article/{n}"] for n in range(3)] == [1, 1, 1]  # batch 1 early, batch 2 by the flow
    assert site.hits["/robots.txt"] == 1  # the rules read early serve the flow too
    stored = query(settings.warehouse, "select count(*) from articles")[1]
    assert stored == [(3,)]


def test_an_early_fetch_the_flows_plan_does_not_match_is_dropped(prefect_api, site, tmp_path):
    from newsflow.orchestration import early_fetch

    settings = make_settings(tmp_path / "warehouse")
    early_fetch.begin([f"{site}/article/7"], settings)
    summary = ingest([f"{site}/article/8"], settings.model_dump(mode="json"))
    assert summary["status_counts"] == {"ok": 1} and site.hits["/article/8"] == 1
    assert query(settings.warehouse, "select count(*) from articles where url like '%/article/7'")[1] == [(0,)]
