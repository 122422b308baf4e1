"""Hostile input, each case bounded in time: one bad input never stops the others; every input ends
as one result with a status a person understands. (Partial: see the README's fetch statuses.)"""

import time

import pytest

from newsflow import fetch
from newsflow.vocab import FetchStatus
from tests.conftest import CORPUS_PAGES, make_settings

BAD_URLS = [
    "http://a..ü.com/x",  # a host IDNA cannot encode
    f"http://{'a' * 70}.example.com/x",  # a label over 63 characters
    "http://example.com/" + "x" * 100_000,  # a 100 KB URL
    "http://example.com:80x/",  # a port that is not a number
    "http://example.com:99999/",  # a port out of range
]


@pytest.mark.parametrize("url", BAD_URLS)
def test_urls_nothing_can_fetch_are_invalid_url_before_any_request(url):
    targets, decided = fetch.plan_inputs([url])
    assert targets == [] and [(r.status, r.input_url) for r in decided] == [(FetchStatus.INVALID_URL, url)]


def test_retry_after_values_that_are_no_delays_end_as_the_servers_answer_beside_good_pages(site, tmp_path):
    settings = make_settings(tmp_path / "warehouse", max_retries=1)
    urls = [
        f"{site}/retry-superscript",
        f"{site}/retry-far-future",
        *(f"{site}/corpus/{name}" for name in CORPUS_PAGES),
    ]
    started = time.monotonic()
    results = fetch.fetch_all(urls, settings.fetch)
    assert time.monotonic() - started < 30
    assert [r.status for r in results] == ["http_503", "http_503", *["ok"] * len(CORPUS_PAGES)]


@pytest.mark.slow
def test_a_run_with_every_bad_input_stores_every_good_page(prefect_api, site, tmp_path):
    from newsflow.orchestration.flows import ingest

    settings = make_settings(tmp_path / "warehouse", max_retries=1)
    good = [f"{site}/corpus/{name}" for name in CORPUS_PAGES]
    summary = ingest([*BAD_URLS, f"{site}/retry-superscript", *good], settings.model_dump(mode="json"))
    assert summary["input_count"] == len(BAD_URLS) + 1 + len(good)
    assert summary["article_count"] == len(good)
    assert summary["status_counts"] == {"ok": len(good), "invalid_url": len(BAD_URLS), "http_503": 1}


@pytest.mark.parametrize(
    "path, status", [("/bomb-gzip", "too_large"), ("/bomb-deflate", "too_large"), ("/bomb-gzip-gzip", "bad_content")]
)
def test_decompression_bombs_stop_at_the_cap_fast_and_small(site, tmp_path, path, status):
    import resource

    settings = make_settings(tmp_path / "warehouse", max_retries=0)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux: the peak so far
    started = time.monotonic()
    [result] = fetch.fetch_all([f"{site}{path}"], settings.fetch)
    assert result.status == status and time.monotonic() - started < 1.0
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 200 * 1024  # under 200 MB more


def test_a_huge_article_is_analysed_up_to_the_budget_and_kept_whole(tmp_path):
    from newsflow import ids, pipeline, store
    from newsflow.records import FetchResult
    from newsflow.settings import Settings

    paragraphs = "".join(
        f"<p>Police arrested {n} protesters in district {n} of Minsk on Monday, officials said in statement {n}.</p>"
        for n in range(4000)
    )
    html = f"<html><head><title>Long</title></head><body><article>{paragraphs}</article></body></html>"
    root = store.init_warehouse(tmp_path / "warehouse")
    config = Settings(warehouse=str(root))
    config.nlp.max_chars = 20_000
    result = FetchResult("https://example.org/long", "https://example.org/long", final_url="https://example.org/long")
    result.html = html
    run = ids.run_id()
    tables = pipeline.process_batch(root, [result], config, pipeline.load_nlp_context(config), run, f"{run}-0001")
    [article] = tables["articles"]
    assert article["nlp_status"] == "truncated" and len(article["text"]) > 300_000
    assert tables["events"] and max(row["end_char"] for row in tables["sentences"]) <= 20_000


def test_credentials_in_a_url_are_sent_but_never_stored(tmp_path):
    from newsflow import ids, pipeline, store
    from newsflow.demo import demo_pages
    from newsflow.records import FetchResult
    from newsflow.settings import Settings

    secret_url = "http://user:secret@127.0.0.1:8000/seed"
    root = store.init_warehouse(tmp_path / "warehouse")
    config = Settings(warehouse=str(root))
    result = FetchResult(secret_url, secret_url, final_url=secret_url)
    result.html = demo_pages()["kupyansk-article"].decode()
    run = ids.run_id()
    tables = pipeline.process_batch(root, [result], config, None, run, f"{run}-0001")
    stored = repr(tables["fetch_log"]) + repr(tables["articles"])
    assert "secret" not in stored and "http://127.0.0.1:8000/seed" in stored


def test_an_empty_warehouse_path_is_refused():
    from newsflow.settings import ConfigError, load_settings

    with pytest.raises(ConfigError, match="warehouse"):
        load_settings(warehouse="")


def test_a_sitemap_index_listing_itself_is_read_once(site, settings):
    from newsflow.inputs import crawl
    from newsflow.vocab import InputKind

    discovery = crawl.crawl({InputKind.SITEMAP: [f"{site}/sitemap-loop.xml"]}, settings)
    assert site.hits["/sitemap-loop.xml"] == 1 and len(discovery.documents) == 1


def test_bad_warc_records_are_rows_of_their_own_and_the_file_goes_on(tmp_path):
    from io import BytesIO

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    from newsflow.inputs.warc import warc_pages
    from newsflow.settings import Settings
    from newsflow.store import init_warehouse
    from newsflow.views import build_views

    page = (
        b"<html><body><article><p>"
        + b"Police arrested six protesters in Minsk. " * 50
        + b"</p></article></body></html>"
    )
    path = tmp_path / "mixed.warc.gz"
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=True)

        def response(url, body, status="200 OK"):
            headers = StatusAndHeaders(status, [("Content-Type", "text/html")], protocol="HTTP/1.1")
            record = writer.create_warc_record(url, "response", payload=BytesIO(body), http_headers=headers)
            writer.write_record(record)

        response("https://example.com/too-large", page * 200)
        response("https://example.com/odd-status", page, status="2x0 OK")
        response("https://example.com/good", page)
    config = Settings(warehouse=str(tmp_path / "warehouse"))
    config.fetch.max_bytes = 50_000
    root = init_warehouse(tmp_path / "warehouse")
    build_views(root)
    pages, decided = warc_pages(root, [str(path)], config)
    assert [p.url for p in pages] == ["https://example.com/good"]
    assert {(r.input_url, r.status) for r in decided} == {
        ("https://example.com/too-large", "too_large"),
        ("https://example.com/odd-status", "bad_record"),
    }


def _resolver(answers: dict[str, str], asked: list[str]):
    """A test resolver (fetch_all's hook): each name to the address the test says, recording the names."""
    import socket

    async def resolve(host, port, type=0):  # noqa: A002 - getaddrinfo's own keyword
        asked.append(host)
        address = answers[host]
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, 0))]

    return resolve


def test_the_address_checked_is_the_address_connected_to(site, tmp_path):
    """A name no system resolver knows: it is fetched only if the request goes to the address its
    check resolved, never to a second lookup (which could answer differently)."""
    settings = make_settings(tmp_path / "warehouse")  # private hosts allowed: the site is on loopback
    port = site.split(":")[-1]
    asked: list[str] = []
    [result] = fetch.fetch_all(
        [f"http://pinned.test:{port}/seed"], settings.fetch, resolve=_resolver({"pinned.test": "127.0.0.1"}, asked)
    )
    assert result.status == "ok" and result.html and asked == ["pinned.test"]


def test_a_name_answering_a_private_address_is_refused_and_idna_is_uts46(tmp_path):
    settings = make_settings(tmp_path / "warehouse", allow_private_hosts=False)
    asked: list[str] = []
    answers = {"public.test": "127.0.0.1", "xn--fa-hia.test": "10.0.0.1"}
    results = fetch.fetch_all(
        ["http://public.test/", "http://faß.test/"], settings.fetch, resolve=_resolver(answers, asked)
    )
    assert [r.status for r in results] == ["private_host", "private_host"]
    assert sorted(asked) == ["public.test", "xn--fa-hia.test"]  # faß, not fass (IDNA 2003)


def test_sitemaps_past_the_budget_are_counted_not_dropped_silently(site, settings):
    from newsflow.inputs import crawl
    from newsflow.vocab import InputKind

    settings.discover.max_sitemaps = 1  # the index itself: its two children are past the budget
    discovery = crawl.crawl({InputKind.SITEMAP: [f"{site}/sitemap-index.xml"]}, settings)
    assert discovery.dropped_sitemap_count == 2
