"""Shared test parts: a real web server on loopback serving fixture pages and fault endpoints, a
temporary warehouse, test settings with short timeouts, and one Prefect test harness per session."""

from __future__ import annotations

import os

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")

import gzip  # noqa: E402
import socket  # noqa: E402
import sys  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
import zlib  # noqa: E402
from collections import Counter  # noqa: E402
from contextlib import contextmanager  # noqa: E402
from functools import cache  # noqa: E402
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from newsflow.demo import demo_pages  # noqa: E402
from newsflow.settings import Settings, load_settings  # noqa: E402

SEED_PAGE = "kupyansk-article"
CORPUS_PAGES = ["7916ecca969ffdd8", "5a822960e9a2cb1e", "db6b0816c612296c"]
MAX_BYTES = 300_000  # test limit: every fixture page is below it, /huge is above it


def fixture_page(name: str) -> bytes:
    """A bundled sample page (flows/demo_pages): the seed article or a real benchmark page."""
    return demo_pages()[name]


def article_page(number: int) -> bytes:
    """A small article with text of its own, for runs that need many distinct pages."""
    sentences = " ".join(
        f"Officials in district {number} said on Tuesday that repairs to bridge {number} would take {number + 2} weeks."
        for _ in range(3)
    )
    return (
        f"<html><head><title>Bridge {number} closed for repairs</title></head><body><article>"
        f"<h1>Bridge {number} closed for repairs</h1><p>{sentences}</p>"
        f"<p>Residents of district {number} were told to use the ferry service until the work ends.</p>"
        "</article></body></html>"
    ).encode("utf-8")


CP1251_TEXT = (
    "Городской совет Харькова в четверг утвердил план восстановления школ, пострадавших от обстрелов. "
    "По словам мэра, работы начнутся весной и продлятся до конца учебного года. "
    "Депутаты также выделили средства на ремонт трёх больниц и двух мостов через реку Лопань. "
    "Жители смогут следить за ходом работ на сайте городского совета."
)


def cp1251_page() -> bytes:
    """A Russian page in windows-1251, with neither a charset header nor a <meta> charset."""
    body = f"<article><p>{CP1251_TEXT}</p><p>{CP1251_TEXT}</p></article>"
    html = f"<html><head><title>Совет утвердил план</title></head><body>{body}</body></html>"
    return html.encode("cp1251")


RSS_FEED = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Local news</title><link>/</link>
<item><title>Bridge 11</title><link>/article/11?utm_source=rss</link></item>
<item><title>Bridge 12</title><guid isPermaLink="true">PLACEHOLDER/article/12</guid></item>
<item><title>The seed</title><link>/seed</link></item>
</channel></rss>"""
ATOM_FEED = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom news</title>
<entry><title>Bridge 13</title><link rel="self" href="/feeds/entry-13"/><link href="/article/13"/></entry>
</feed>"""
HOME_PAGE = b"""<html><head><title>Local news</title>
<link rel="alternate" type="application/rss+xml" title="Latest" href="/feed.xml">
</head><body><h1>Local news</h1><a href="/article/11">Bridge 11</a></body></html>"""
SITEMAP_INDEX = b"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>/sitemap-news.xml.gz</loc></sitemap><sitemap><loc>/sitemap-gone.xml</loc></sitemap>
</sitemapindex>"""
NEWS_SITEMAP = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>/article/14</loc><news:news><news:title>Bridge 14</news:title></news:news></url>
<url><loc>/article/15</loc></url>
</urlset>"""


class FaultSite(BaseHTTPRequestHandler):
    """Pages and faults, by path. `hits` counts requests per path on this server; `in_flight` tracks
    the /delayed/ pages being served at once."""

    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    hits: Counter

    def do_GET(self) -> None:  # noqa: N802
        path = self.path.split("?")[0]
        self.hits[path] += 1
        route = ROUTES.get(path) or _prefix_route(path)
        if route is None:
            return self._send(404, b"not found", "text/plain")
        route(self, path)

    def _send(
        self, status: int, body: bytes, content_type: str = "text/html; charset=utf-8", headers: dict | None = None
    ):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up first: /slow does that on purpose
            pass

    def base_url(self) -> bytes:
        return f"http://127.0.0.1:{self.server.server_address[1]}".encode()

    def log_message(self, format, *args):  # noqa: A002
        pass


def _page(name: str):
    return lambda handler, path: handler._send(200, fixture_page(name))


def _flaky(handler: FaultSite, path: str) -> None:
    if handler.hits[path] == 1:
        return handler._send(500, b"try again", "text/plain")
    handler._send(200, fixture_page(CORPUS_PAGES[0]))


def _rate_limited(handler: FaultSite, path: str) -> None:
    if handler.hits[path] == 1:
        return handler._send(429, b"slow down", "text/plain", {"Retry-After": "1"})
    handler._send(200, fixture_page(CORPUS_PAGES[1]))


def _slow(handler: FaultSite, path: str) -> None:
    time.sleep(3.5)  # beyond the test settings' read and total timeouts
    handler._send(200, fixture_page(SEED_PAGE))


def _delayed_article(handler: FaultSite, path: str) -> None:
    with handler.in_flight.serving(path):
        time.sleep(0.3)
        handler._send(200, article_page(int(path.rsplit("/", 1)[1])))


class InFlight:
    """Requests being served at once, the most at any moment, and when each path was first requested."""

    def __init__(self):
        self.now = self.peak = 0
        self.first_requested: dict[str, float] = {}
        self._lock = threading.Lock()

    @contextmanager
    def serving(self, path: str):
        with self._lock:
            self.now += 1
            self.peak = max(self.peak, self.now)
            self.first_requested.setdefault(path, time.monotonic())
        try:
            yield
        finally:
            with self._lock:
                self.now -= 1


@cache
def _bomb(coding: str) -> bytes:
    body = b"<html><body>" + b"\0" * 50_000_000
    if coding == "deflate":
        return zlib.compress(body, 9)
    for _ in coding.split(","):
        body = gzip.compress(body, compresslevel=9, mtime=0)
    return body


def _redirect(target: str):
    return lambda handler, path: handler._send(302, b"", "text/plain", {"Location": target})


def _prefix_route(path: str):
    for prefix, route in PREFIX_ROUTES.items():
        if path.startswith(prefix):
            return route
    return None


ROUTES = {
    "/robots.txt": lambda h, p: h._send(
        200, b"User-agent: *\nDisallow: /private/\nSitemap: /sitemap-index.xml\n", "text/plain"
    ),
    "/": lambda h, p: h._send(200, HOME_PAGE),
    "/seed": _page(SEED_PAGE),
    **{f"/corpus/{name}": _page(name) for name in CORPUS_PAGES},
    "/copy-of-corpus-0": _page(CORPUS_PAGES[0]),
    "/flaky": _flaky,
    "/rate-limited": _rate_limited,
    "/rate-limited-long": lambda h, p: h._send(429, b"come back tomorrow", "text/plain", {"Retry-After": "3600"}),
    # Decompression bombs: 50 MB of zeros in some 50 KB of gzip, twice gzipped, or deflated
    "/bomb-gzip": lambda h, p: h._send(200, _bomb("gzip"), "text/html", {"Content-Encoding": "gzip"}),
    "/bomb-gzip-gzip": lambda h, p: h._send(200, _bomb("gzip, gzip"), "text/html", {"Content-Encoding": "gzip, gzip"}),
    "/bomb-deflate": lambda h, p: h._send(200, _bomb("deflate"), "text/html", {"Content-Encoding": "deflate"}),
    # Retry-After values that are not delays: a superscript digit, a date past what datetime holds
    "/retry-superscript": lambda h, p: h._send(503, b"busy", "text/plain", {"Retry-After": "²"}),
    "/retry-far-future": lambda h, p: h._send(
        503, b"busy", "text/plain", {"Retry-After": "Wed, 21 Oct 99999999999 07:28:00 GMT"}
    ),
    "/slow": _slow,
    "/loop-a": _redirect("/loop-b"),
    "/loop-b": _redirect("/loop-a"),
    "/moved": _redirect("/seed"),
    "/to-file": _redirect("file:///etc/passwd"),
    "/report.pdf": lambda h, p: h._send(200, b"%PDF-1.4\n" + b"0" * 2000, "application/pdf"),
    "/huge": lambda h, p: h._send(200, b"<html><body>" + b"<p>filler text</p>" * 25_000 + b"</body></html>"),
    "/empty": lambda h, p: h._send(
        200, b"<html><head><title>Nothing here</title></head><body><nav>Home</nav></body></html>"
    ),
    "/cp1251": lambda h, p: h._send(200, cp1251_page(), "text/html"),
    "/private/page": _page(SEED_PAGE),
    "/feed.xml": lambda h, p: h._send(200, RSS_FEED.replace(b"PLACEHOLDER", h.base_url()), "application/rss+xml"),
    "/atom.xml": lambda h, p: h._send(200, ATOM_FEED, "application/atom+xml"),
    "/sitemap-index.xml": lambda h, p: h._send(200, SITEMAP_INDEX, "application/xml"),
    "/sitemap-loop.xml": lambda h, p: h._send(
        200,
        b'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        b"<sitemap><loc>/sitemap-loop.xml</loc></sitemap></sitemapindex>",
        "application/xml",
    ),
    "/sitemap-news.xml.gz": lambda h, p: h._send(200, gzip.compress(NEWS_SITEMAP), "application/x-gzip"),
}
PREFIX_ROUTES = {
    "/article/": lambda h, p: h._send(200, article_page(int(p.rsplit("/", 1)[1]))),
    "/article-copy/": lambda h, p: h._send(200, article_page(int(p.rsplit("/", 1)[1]))),
    "/delayed/": _delayed_article,
}


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128

    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], ConnectionError):  # clients that give up early are part of the tests
            super().handle_error(request, client_address)


@contextmanager
def serve_fault_site():
    """Base URL of a fresh fault site on 127.0.0.1; `.hits` counts requests per path."""
    handler = type("Handler", (FaultSite,), {"hits": Counter(), "in_flight": InFlight()})
    server = _Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = SiteURL(f"http://127.0.0.1:{server.server_address[1]}")
    base.hits, base.in_flight = handler.hits, handler.in_flight
    try:
        yield base
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def site():
    with serve_fault_site() as base:
        yield base


@pytest.fixture(scope="module")
def module_site():
    with serve_fault_site() as base:
        yield base


class SiteURL(str):
    hits: Counter
    in_flight: InFlight


@pytest.fixture
def refused_url() -> str:
    """A loopback URL where nothing listens."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/nothing-here"


def make_settings(warehouse: Path, **fetch_overrides) -> Settings:
    fetch = {
        "allow_private_hosts": True,
        "connect_timeout_s": 1.0,
        "read_timeout_s": 1.0,  # generous: a busy CI machine must not turn good pages into timeouts
        "total_timeout_s": 3.0,
        "max_retries": 2,
        "backoff_base_s": 0.05,
        "max_retry_after_s": 5.0,
        "max_bytes": MAX_BYTES,
        **fetch_overrides,
    }
    return load_settings(warehouse=str(warehouse), fetch=fetch)


@pytest.fixture
def settings(tmp_path) -> Settings:
    return make_settings(tmp_path / "warehouse")


@pytest.fixture(scope="session")
def prefect_api():
    """One real Prefect API (the test harness) for the whole session; yields its URL."""
    from prefect.settings import PREFECT_API_URL
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=60):
        yield PREFECT_API_URL.value()


@pytest.fixture(scope="session")
def gazetteer():
    """The converted GeoNames gazetteer (built once per machine, as the flow builds it)."""
    from newsflow.resolve import ensure_gazetteer
    from newsflow.settings import NlpSettings

    return ensure_gazetteer(NlpSettings().gazetteer_dir)


@pytest.fixture(scope="session")
def demo_warehouse(prefect_api, tmp_path_factory):
    """A warehouse of the demo pages, ingested by the real flow once per session (read-only for tests)."""
    from newsflow.demo import demo_pages, serve_pages
    from newsflow.orchestration.flows import ingest

    settings = make_settings(tmp_path_factory.mktemp("demo") / "warehouse")
    with serve_pages(demo_pages()) as base_url:
        summary = ingest([f"{base_url}/{name}.html" for name in demo_pages()], settings.model_dump(mode="json"))
    assert summary["article_count"] == len(demo_pages())
    return settings.warehouse
