"""The fetch stage against a real loopback web server: each fault ends as its own clear status."""

import ipaddress

import pytest

from newsflow import fetch
from tests.conftest import CP1251_TEXT, make_settings


def fetch_one(url: str, settings) -> fetch.FetchResult:
    [result] = fetch.fetch_all([url], settings.fetch)
    return result


def test_good_page_is_fetched_and_decoded(site, settings):
    result = fetch_one(f"{site}/seed", settings)
    assert result.status == "ok", result.error
    assert result.http_status == 200
    assert "They’re giving up" in result.html
    assert result.bytes > 5000 and result.charset == "utf-8"


def test_missing_page_is_http_404(site, settings):
    result = fetch_one(f"{site}/no-such-page", settings)
    assert (result.status, result.http_status, result.attempt_count) == ("http_404", 404, 1)


def test_server_error_then_success_is_retried(site, settings):
    result = fetch_one(f"{site}/flaky", settings)
    assert result.status == "ok"
    assert result.attempt_count == 2
    assert site.hits["/flaky"] == 2


def test_429_waits_for_retry_after(site, settings):
    result = fetch_one(f"{site}/rate-limited", settings)
    assert result.status == "ok"
    assert result.attempt_count == 2
    assert result.elapsed_ms >= 1000  # Retry-After: 1


def test_retry_after_beyond_the_limit_gives_up_at_once(site, settings):
    result = fetch_one(f"{site}/rate-limited-long", settings)
    assert (result.status, result.attempt_count) == ("http_429", 1)
    assert "3600 s" in result.error


def test_response_slower_than_the_timeout_is_timeout(site, settings):
    result = fetch_one(f"{site}/slow", settings)
    assert result.status == "timeout"
    assert result.attempt_count == 1 + settings.fetch.max_retries


def test_redirect_loop_is_reported(site, settings):
    result = fetch_one(f"{site}/loop-a", settings)
    assert result.status == "redirect_loop"
    assert "/loop-a" in result.error


def test_redirect_is_followed_to_its_final_url(site, settings):
    result = fetch_one(f"{site}/moved", settings)
    assert result.status == "ok"
    assert result.final_url == f"{site}/seed"


def test_redirect_to_a_non_http_scheme_is_refused(site, settings):
    result = fetch_one(f"{site}/to-file", settings)
    assert result.status == "invalid_url"
    assert "file:///etc/passwd" in result.error


def test_pdf_is_not_html(site, settings):
    result = fetch_one(f"{site}/report.pdf", settings)
    assert result.status == "not_html"
    assert "application/pdf" in result.error


def test_body_over_the_size_limit_is_too_large(site, settings):
    result = fetch_one(f"{site}/huge", settings)
    assert result.status == "too_large"
    assert result.html is None


def test_refused_connection_is_connection_error(refused_url, settings):
    result = fetch_one(refused_url, settings)
    assert result.status == "connection_error"
    assert result.attempt_count == 1 + settings.fetch.max_retries


def test_windows_1251_page_without_charset_is_decoded(site, settings):
    result = fetch_one(f"{site}/cp1251", settings)
    assert result.status == "ok"
    assert result.charset in ("cp1251", "windows-1251")
    assert CP1251_TEXT in result.html


def test_robots_txt_disallow_is_honoured(site, settings):
    result = fetch_one(f"{site}/private/page", settings)
    assert result.status == "robots_disallowed"
    assert site.hits["/private/page"] == 0


def test_robots_txt_can_be_switched_off(site, tmp_path):
    settings = make_settings(tmp_path, obey_robots_txt=False)
    assert fetch_one(f"{site}/private/page", settings).status == "ok"


def test_loopback_is_refused_without_allow_private_hosts(site, tmp_path):
    settings = make_settings(tmp_path, allow_private_hosts=False)
    result = fetch_one(f"{site}/seed", settings)
    assert result.status == "private_host"
    assert "--allow-private-hosts" in result.error
    assert site.hits["/seed"] == 0


@pytest.mark.parametrize(
    "address, private",
    [
        ("10.1.2.3", True),
        ("169.254.169.254", True),
        ("::1", True),
        ("::ffff:127.0.0.1", True),
        ("100.64.0.1", True),
        ("8.8.8.8", False),
        ("2606:4700:4700::1111", False),
    ],
)
def test_private_addresses_are_recognized(address, private):
    assert fetch._is_private(ipaddress.ip_address(address)) is private


def test_inputs_are_normalized_and_duplicates_decided_without_network():
    to_fetch, decided = fetch.plan_inputs(
        [
            "HTTP://Example.COM/story?utm_source=x&id=3#top",
            "http://example.com/story?id=3&fbclid=abc",
            "http://example.com/story?id=3",
            "htp:/not a url",
            "",
        ]
    )
    assert to_fetch == [("HTTP://Example.COM/story?utm_source=x&id=3#top", "http://example.com/story?id=3")]
    assert [result.status for result in decided] == ["duplicate", "duplicate", "invalid_url", "invalid_url"]


def test_every_input_gets_exactly_one_result_in_order(site, settings, refused_url):
    urls = [f"{site}/seed", f"{site}/no-such-page", refused_url, f"{site}/report.pdf"]
    results = fetch.fetch_all(urls, settings.fetch)
    assert [result.input_url for result in results] == urls
    assert [result.status for result in results] == ["ok", "http_404", "connection_error", "not_html"]
