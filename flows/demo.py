"""The bundled sample pages and a loopback web server for them (used by `newsflow demo` and the
benchmarks). The pages: the seed article (a Fox News war report, Kupyansk, 2025-12-26) and 20 real
news pages from Zyte's article-extraction benchmark (MIT, see demo_pages/LICENSE-*)."""

from __future__ import annotations

import gzip
import json
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache, partial
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

DEMO_PAGES_DIR = Path(__file__).parent / "demo_pages"


@cache
def demo_pages(pages_dir: Path = DEMO_PAGES_DIR) -> dict[str, bytes]:
    """Page name (file name without .html/.html.gz) to its HTML bytes."""
    pages = {}
    for path in sorted(pages_dir.iterdir()):
        if path.name.endswith(".html.gz"):
            pages[path.name.removesuffix(".html.gz")] = gzip.decompress(path.read_bytes())
        elif path.name.endswith(".html"):
            pages[path.name.removesuffix(".html")] = path.read_bytes()
    return pages


def demo_ground_truth(pages_dir: Path = DEMO_PAGES_DIR) -> dict[str, dict]:
    """Page name to {"url", "articleBody"}: the true article body of each sample page."""
    return json.loads((pages_dir / "ground-truth.json").read_text(encoding="utf-8"))


@contextmanager
def serve_pages(pages: dict[str, bytes]) -> Iterator[str]:
    """Serve `pages` at http://127.0.0.1:PORT/<name>.html; yield the base URL."""
    server = _LoopbackServer(("127.0.0.1", 0), partial(_PageHandler, pages))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


class _LoopbackServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128  # the default backlog of 5 drops concurrent connects: 1 s SYN retries

    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], ConnectionError):  # a client that hung up is not our error
            super().handle_error(request, client_address)


class _PageHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go out in two writes: avoid 40 ms delayed-ACK stalls

    def __init__(self, pages: dict[str, bytes], *args, **kwargs):
        self.pages = pages
        super().__init__(*args, **kwargs)

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        name = self.path.lstrip("/").split("?")[0].removesuffix(".html")
        body = self.pages.get(name)
        if body is None:
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - keep the demo's output clean
        pass
