"""Feeds and sitemaps: parsing (safe XML) and runs that take their article URLs from them."""

import pytest

from newsflow.cli import query
from newsflow.discover import parse_feed_or_sitemap
from newsflow.orchestration.flows import ingest
from tests.conftest import ATOM_FEED, CORPUS_PAGES, NEWS_SITEMAP, RSS_FEED, SITEMAP_INDEX, make_settings

BASE = "http://127.0.0.1:8000"


def test_rss_items_give_links_or_permalink_guids():
    found = parse_feed_or_sitemap(RSS_FEED.replace(b"PLACEHOLDER", BASE.encode()), f"{BASE}/feed.xml")
    assert found.kind == "feed"
    assert found.page_urls == [f"{BASE}/article/11?utm_source=rss", f"{BASE}/article/12", f"{BASE}/seed"]


def test_atom_entries_give_their_alternate_link():
    found = parse_feed_or_sitemap(ATOM_FEED, f"{BASE}/atom.xml")
    assert (found.kind, found.page_urls) == ("feed", [f"{BASE}/article/13"])


def test_sitemap_index_points_to_sitemaps_and_news_sitemap_to_pages():
    index = parse_feed_or_sitemap(SITEMAP_INDEX, f"{BASE}/sitemap-index.xml")
    assert (index.kind, index.sitemap_urls) == (
        "sitemap_index",
        [f"{BASE}/sitemap-news.xml.gz", f"{BASE}/sitemap-gone.xml"],
    )
    news = parse_feed_or_sitemap(NEWS_SITEMAP, f"{BASE}/sitemap-news.xml.gz")
    assert (news.kind, news.page_urls) == ("sitemap", [f"{BASE}/article/14", f"{BASE}/article/15"])


def test_external_entities_are_never_resolved():
    document = b"""<?xml version="1.0"?><!DOCTYPE u [<!ENTITY secret SYSTEM "file:///etc/hostname">]>
    <urlset><url><loc>https://example.com/&secret;</loc></url></urlset>"""
    assert parse_feed_or_sitemap(document, "https://example.com/").page_urls == ["https://example.com/"]


@pytest.mark.parametrize("document", [b"<html><body>a page</body></html>", b"not xml at all", b""])
def test_documents_that_are_neither_feeds_nor_sitemaps_are_unknown(document):
    assert parse_feed_or_sitemap(document, BASE).kind == "unknown"


@pytest.mark.slow
def test_run_takes_articles_from_feeds_and_sitemaps(prefect_api, site, tmp_path):
    settings = make_settings(tmp_path / "warehouse")
    summary = ingest(
        [f"{site}/seed"],
        settings.model_dump(mode="json"),
        feeds=[f"{site}/feed.xml", f"{site}/atom.xml", f"{site}/empty"],
        sitemaps=[f"{site}/sitemap-index.xml"],
    )
    _, rows = query(settings.warehouse, "select input_kind, input_url, status, source_url from fetch_log")
    by_url = {input_url.removeprefix(site): (kind, status, source) for kind, input_url, status, source in rows}
    assert by_url["/feed.xml"] == ("feed", "ok", None)
    assert by_url["/empty"] == ("feed", "not_a_feed", None)
    assert by_url["/seed"] == ("page", "ok", None)  # given directly and listed by the feed: fetched once
    assert by_url["/sitemap-news.xml.gz"] == ("sitemap", "ok", f"{site}/sitemap-index.xml")
    assert by_url["/sitemap-gone.xml"][:2] == ("sitemap", "http_404")
    for number, source in [(11, "feed.xml"), (12, "feed.xml"), (13, "atom.xml"), (14, "sitemap-news.xml.gz")]:
        path = f"/article/{number}?utm_source=rss" if number == 11 else f"/article/{number}"
        assert by_url[path] == ("page", "ok", f"{site}/{source}")
    _, rows = query(settings.warehouse, "select count(*) from articles where title like 'Bridge%'")
    assert rows == [(5,)]
    assert summary["article_count"] == 6  # five bridges and the seed, fetched once though listed twice


@pytest.mark.slow
def test_a_site_is_read_through_the_feed_its_home_page_announces_and_its_robots_sitemaps(prefect_api, site, tmp_path):
    settings = make_settings(tmp_path / "warehouse")
    summary = ingest([], settings.model_dump(mode="json"), sites=[f"{site}/"])
    _, rows = query(settings.warehouse, "select input_kind, input_url, status, source_url from fetch_log")
    by_url = {
        input_url.removeprefix(site): (kind, status, (source or "").removeprefix(site))
        for kind, input_url, status, source in rows
    }
    assert by_url["/"] == ("site", "ok", "")
    assert by_url["/feed.xml"] == ("feed", "ok", "/")  # <link rel="alternate"> on the home page
    assert by_url["/sitemap-index.xml"] == ("sitemap", "ok", "/")  # the Sitemap line of robots.txt
    assert by_url["/article/14"] == ("page", "ok", "/sitemap-news.xml.gz")
    assert summary["article_count"] == 5  # the feed's three and the news sitemap's two


@pytest.mark.slow
def test_nightly_run_reads_the_enabled_sources_within_their_options(prefect_api, site, tmp_path, monkeypatch):
    from newsflow.orchestration.deployments import nightly_ingest

    sources = tmp_path / "sources.toml"
    sources.write_text(
        f"""
[[source]]
name = "local-feed"
kind = "feed"
urls = ["{site}/feed.xml"]
max_articles = 2
language = "en"

[[source]]
name = "local-sitemaps"
kind = "sitemap"
urls = ["{site}/sitemap-index.xml"]
allowed_domains = ["example.org"]

[[source]]
name = "kharkiv-desk"
kind = "urls"
urls = ["{site}/cp1251", "{site}/corpus/{CORPUS_PAGES[0]}"]
language = "ru"

[[source]]
name = "switched-off"
kind = "feed"
urls = ["{site}/atom.xml"]
enabled = false
"""
    )
    monkeypatch.setenv("NEWSFLOW_SCHEDULE__SOURCES_FILE", str(sources))
    monkeypatch.setenv("NEWSFLOW_FETCH__ALLOW_PRIVATE_HOSTS", "true")
    summary = nightly_ingest(str(tmp_path / "warehouse"))

    _, rows = query(tmp_path / "warehouse", "select input_url, status, error from fetch_log where input_kind = 'page'")
    statuses = {url.removeprefix(site): (status, error) for url, status, error in rows}
    assert set(statuses) == {"/article/11?utm_source=rss", "/article/12", "/cp1251", f"/corpus/{CORPUS_PAGES[0]}"}
    assert statuses["/article/11?utm_source=rss"][0] == statuses["/article/12"][0] == "ok"  # the feed's first two
    assert statuses["/cp1251"][0] == "ok"
    assert statuses[f"/corpus/{CORPUS_PAGES[0]}"] == (
        "other_language",
        "the article reads as en; its source expects ru",
    )
    assert site.hits["/sitemap-news.xml.gz"] == 1 and site.hits["/article/14"] == 0  # not on example.org
    assert site.hits["/atom.xml"] == 0  # disabled
    assert summary["article_count"] == 3
    assert query(tmp_path / "warehouse", "select language, count(*) from articles group by all order by all")[1] == [
        ("en", 2),
        ("ru", 1),
    ]


def write_warc(path, pages: dict[str, tuple[bytes, str]]) -> None:
    """A real WARC file (warcio's writer): one response record per URL, plus a request record."""
    from io import BytesIO

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        for url, (body, content_type) in pages.items():
            headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=BytesIO(body), http_headers=headers))
        writer.write_record(writer.create_warc_record("https://example.org/", "request", payload=BytesIO(b"GET /")))


def write_news_warc(path) -> None:
    """The seed and a corpus page as two news sites captured them, and a PDF."""
    from tests.conftest import SEED_PAGE, fixture_page

    pages = {
        "https://www.foxnews.com/world/kupyansk": (fixture_page(SEED_PAGE), "text/html; charset=utf-8"),
        "https://www.aljazeera.com/news/crash": (fixture_page(CORPUS_PAGES[0]), "text/html"),
        "https://example.org/report.pdf": (b"%PDF-1.4", "application/pdf"),
    }
    write_warc(path, pages)


@pytest.mark.slow
def test_warc_pages_are_stored_without_fetching(prefect_api, tmp_path):
    warc = tmp_path / "news.warc.gz"
    write_news_warc(warc)
    settings = make_settings(tmp_path / "warehouse", allow_private_hosts=False)
    summary = ingest([], settings.model_dump(mode="json"), warcs=[str(warc)])
    assert summary["status_counts"] == {"ok": 2}
    _, rows = query(settings.warehouse, "select input_kind, source_url, attempt_count from fetch_log order by url")
    assert rows == [("warc", str(warc), 0), ("warc", str(warc), 0)]
    assert query(settings.warehouse, "select count(*) from articles where title like 'Russian forces%'")[1] == [(1,)]
    again = ingest([], settings.model_dump(mode="json"), warcs=[str(warc)])
    assert again["status_counts"] == {"already_stored": 2}


@pytest.mark.slow
def test_a_warc_source_keeps_to_its_domains_and_language(prefect_api, tmp_path):
    warc = tmp_path / "news.warc.gz"
    write_news_warc(warc)
    settings = make_settings(tmp_path / "warehouse")
    limits = {str(warc): {"allowed_domains": ["foxnews.com"], "language": "de"}}
    summary = ingest([], settings.model_dump(mode="json"), limits=limits, warcs=[str(warc)])
    assert summary["status_counts"] == {"other_language": 1}  # only foxnews.com is kept; the seed is English
    _, rows = query(settings.warehouse, "select url, html_sha256 is not null from fetch_log")
    assert rows == [("https://www.foxnews.com/world/kupyansk", True)]  # its HTML is archived all the same
