"""Fetching: the only network code.

Polite and safe by default: bounded concurrency overall and per host, timeouts, retries with
exponential backoff on 429/5xx/transient errors honouring Retry-After, redirects followed by hand
so that every hop is checked (private addresses, loop), robots.txt honoured (RFC 9309), a body
size cap, a content-type check and charset decoding that follows the HTML standard's order.
Every input ends as one FetchResult whose `status` is `ok` or an error code a person understands.
"""

from __future__ import annotations

import asyncio
import codecs
import email.utils
import ipaddress
import re
import socket
import time
import zlib
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager, nullcontext
from dataclasses import dataclass
from datetime import datetime, timezone
from urllib.parse import urljoin, urlsplit, urlunsplit
from urllib.robotparser import RobotFileParser

import charset_normalizer
import courlan
import httpx

from newsflow.records import FetchResult, Target
from newsflow.settings import FetchSettings
from newsflow.vocab import NETWORK_FAILURES, FetchStatus

RETRYABLE_HTTP = {429, 500, 502, 503, 504}
MAX_URL_CHARS = 8192  # longer "URLs" are refused as invalid_url: servers refuse them anyway
ROBOTS_MAX_BYTES = 512_000  # Google's limit is 500 KiB; larger files are cut there too
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_:.-]+)""", re.IGNORECASE)
# WHATWG: these labels mean windows-1252 in HTML, whatever the server believes.
_WHATWG_ALIASES = {
    "iso-8859-1": "cp1252",
    "latin-1": "cp1252",
    "latin1": "cp1252",
    "ascii": "cp1252",
    "us-ascii": "cp1252",
}


@dataclass
class _Failure(Exception):
    status: str
    error: str
    http_status: int | None = None
    retryable: bool = False
    retry_after_s: float | None = None
    final_url: str | None = None


def normalize_url(raw: str) -> str | None:
    """The form a URL is fetched and deduplicated by: courlan's scrubbing and normalization
    (lowercase scheme and host, default port and tracking parameters dropped), fragment removed.
    None when the input is not an http(s) URL."""
    candidate = (raw or "").strip()
    if len(candidate) > MAX_URL_CHARS:
        return None
    try:  # hosts that fail IDNA, ports out of range, ...: not a URL we can fetch
        is_valid, _ = courlan.validate_url(candidate)
        cleaned = courlan.clean_url(candidate) if is_valid else None
        if not cleaned:
            return None
        parts = urlsplit(cleaned)
        parts.port  # noqa: B018 - raises ValueError on a port that is not a number from 0 to 65535
        parts.hostname.encode("idna")  # raises UnicodeError on a host IDNA cannot encode
        return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", parts.query, ""))
    except (ValueError, UnicodeError, AttributeError):
        return None


def plan_inputs(raw_urls: list[str]) -> tuple[list[Target], list[FetchResult]]:
    """Split inputs into targets to fetch, first occurrence of each, and results decided without any
    network: invalid URLs and duplicates of an earlier input."""
    to_fetch: list[Target] = []
    decided: list[FetchResult] = []
    seen: set[str] = set()
    for raw in raw_urls:
        url = normalize_url(raw)
        if url is None:
            decided.append(FetchResult(raw, None, FetchStatus.INVALID_URL, error=f"not a valid http(s) URL: {raw!r}"))
        elif url in seen:
            decided.append(
                FetchResult(
                    raw, url, FetchStatus.DUPLICATE, error=f"same URL as an earlier input once normalized: {url}"
                )
            )
        else:
            seen.add(url)
            to_fetch.append(Target(raw, url))
    return to_fetch, decided


def fetch_all(
    targets: list[str | Target],
    settings: FetchSettings,
    on_result: Callable[[FetchResult], None] | None = None,
    robots: dict | None = None,
    host_slot: Callable[[str], AbstractAsyncContextManager] | None = None,
    resolve=None,
) -> list[FetchResult]:
    """Fetch every target, a normalized URL or an (input URL, normalized URL) pair, and return one
    result each, in input order.
    `on_result` is called with each result as soon as it is complete, so that the next stage can
    start on it while other pages are still downloading. `robots`: robots.txt rules already read
    (origin -> rules), shared across calls so that a run reads each site's robots.txt once.
    `host_slot(host)`: held around each request besides this call's own per-host limit, e.g. a
    slot of a limit shared with other runs. `resolve`: getaddrinfo's replacement (tests); each host is
    resolved once, checked, and its requests go to that checked address."""
    pairs = [(target, target) if isinstance(target, str) else target for target in targets]
    on_result = on_result or (lambda result: None)
    return asyncio.run(_fetch_all(pairs, settings, on_result, False, robots, host_slot, resolve))


def robots_sitemaps(robots: dict, url: str) -> list[str] | None:
    """The Sitemap lines of the robots.txt of `url`'s site, if a fetch with `robots` read it."""
    rules = robots.get(_origin(url))
    return rules.site_maps() if isinstance(rules, RobotFileParser) else None


def _origin(url: str) -> str:
    """The key of a site's robots.txt rules."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def fetch_documents(
    urls: list[str],
    settings: FetchSettings,
    robots: dict | None = None,
    host_slot: Callable[[str], AbstractAsyncContextManager] | None = None,
) -> list[FetchResult]:
    """Fetch feeds and sitemaps: any content type, gzip-compressed bodies unpacked (within
    fetch.max_bytes), bytes left undecoded for the XML parser; one result per URL, in order."""
    pairs = [(url, url) for url in urls]
    return asyncio.run(_fetch_all(pairs, settings, lambda result: None, True, robots, host_slot))


async def _fetch_all(
    pairs: list[tuple[str, str]],
    settings: FetchSettings,
    on_result: Callable[[FetchResult], None],
    documents: bool,
    robots: dict | None,
    host_slot: Callable[[str], AbstractAsyncContextManager] | None = None,
    resolve=None,
) -> list[FetchResult]:
    timeout = httpx.Timeout(
        connect=settings.connect_timeout_s, read=settings.read_timeout_s, write=settings.read_timeout_s, pool=None
    )
    limits = httpx.Limits(max_connections=settings.max_connections, max_keepalive_connections=settings.max_connections)
    headers = {
        "User-Agent": settings.user_agent,
        "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5",
        "Accept-Encoding": "gzip, deflate",  # the codings _read_capped decodes itself, within fetch.max_bytes
    }
    async with httpx.AsyncClient(headers=headers, timeout=timeout, limits=limits, follow_redirects=False) as client:
        fetcher = _Fetcher(client, settings, documents, robots, host_slot, resolve)

        async def fetch_one(input_url: str, url: str) -> FetchResult:
            result = await fetcher.fetch(input_url, url)
            on_result(result)
            return result

        return await asyncio.gather(*(fetch_one(input_url, url) for input_url, url in pairs))


class _Fetcher:
    def __init__(self, client, settings: FetchSettings, documents=False, robots=None, host_slot=None, resolve=None):
        self.client = client
        # How host names become addresses (loop.getaddrinfo; tests pass a resolver of their own). Each
        # host is resolved once, and the address checked is the address connected to.
        self.resolve = resolve or asyncio.get_running_loop().getaddrinfo
        self.addresses: dict[str, str] = {}  # host -> the checked address requests go to
        self.host_slot = host_slot or (lambda host: nullcontext())
        self.settings = settings
        self.documents = documents
        self.overall = asyncio.Semaphore(settings.max_connections)
        self.per_host: dict[str, asyncio.Semaphore] = {}
        self.address_checks: dict[str, asyncio.Task] = {}
        self.robots: dict[str, asyncio.Task] = {}
        self.known_robots = robots if robots is not None else {}  # origin -> rules read by earlier calls

    async def fetch(self, input_url: str, url: str) -> FetchResult:
        result = FetchResult(input_url, url)
        started = time.monotonic()
        while True:
            result.attempt_count += 1
            try:
                await self._attempt(url, result)
                break
            except _Failure as failure:
                delay = self._retry_delay(failure, result.attempt_count)
                if delay is None:
                    _record_failure(result, failure)
                    break
            except Exception as exc:  # noqa: BLE001 - one input's surprise must never stop the others
                _record_failure(result, _unexpected_failure(exc, url))
                break
            await asyncio.sleep(delay)
        result.elapsed_ms = round((time.monotonic() - started) * 1000)
        result.fetched_at = datetime.now(timezone.utc)
        return result

    def _retry_delay(self, failure: _Failure, attempt_count: int) -> float | None:
        if not failure.retryable or attempt_count > self.settings.max_retries:
            return None
        if failure.retry_after_s is not None:
            if failure.retry_after_s > self.settings.max_retry_after_s:
                failure.error += (
                    f"; the server asked to retry after {failure.retry_after_s:.0f} s,"
                    f" more than fetch.max_retry_after_s ({self.settings.max_retry_after_s:.0f} s)"
                )
                return None
            return failure.retry_after_s
        return min(self.settings.backoff_base_s * 2 ** (attempt_count - 1), self.settings.backoff_max_s)

    async def _attempt(self, url: str, result: FetchResult) -> None:
        response_url, response, body = await self._get(
            url, check_robots=self.settings.obey_robots_txt, accept_any_type=self.documents
        )
        result.final_url = response_url
        result.http_status = response.status_code
        result.content_type = response.headers.get("content-type")
        result.bytes = len(body)
        if self.documents:
            result.document = _gunzip_capped(body, self.settings.max_bytes, response_url)
        else:
            result.html, result.charset = decode_html(body, _header_charset(response))
        result.status, result.error = FetchStatus.OK, None

    async def _get(self, url: str, *, check_robots: bool, accept_any_type: bool = False, max_bytes: int | None = None):
        """GET with redirects followed by hand: each hop is checked before it is requested."""
        seen = {url}
        current = url
        for _ in range(self.settings.max_redirects + 1):
            await self._check_address(current)
            if check_robots:
                await self._check_robots(current)
            host = urlsplit(current).netloc
            semaphore = self.per_host.setdefault(host, asyncio.Semaphore(self.settings.max_connections_per_host))
            # The shared slot first: a run then holds a host's slots while its requests wait for
            # their turn here, instead of giving them back between one request and the next.
            async with self.host_slot(host), semaphore, self.overall:
                outcome = await self._request_in_time(current, accept_any_type, max_bytes or self.settings.max_bytes)
            if isinstance(outcome, str):  # a redirect target
                if outcome in seen:
                    raise _Failure(
                        FetchStatus.REDIRECT_LOOP,
                        f"redirect loop: {current} leads back to {outcome}",
                        final_url=current,
                    )
                seen.add(outcome)
                current = outcome
                continue
            return current, *outcome
        raise _Failure(
            FetchStatus.TOO_MANY_REDIRECTS, f"more than {self.settings.max_redirects} redirects", final_url=current
        )

    async def _request_in_time(self, url: str, accept_any_type: bool, max_bytes: int):
        """The total time limit counts from the request, not from the wait for a free connection."""
        try:
            return await asyncio.wait_for(self._request(url, accept_any_type, max_bytes), self.settings.total_timeout_s)
        except asyncio.TimeoutError as exc:
            raise _Failure(
                FetchStatus.TIMEOUT,
                f"no complete response within fetch.total_timeout_s ({self.settings.total_timeout_s:g} s)",
                retryable=True,
                final_url=url,
            ) from exc

    async def _request(self, url: str, accept_any_type: bool, max_bytes: int):
        pinned_url, headers, extensions = self._pinned(url)
        try:
            async with self.client.stream("GET", pinned_url, headers=headers, extensions=extensions) as response:
                if response.is_redirect and "location" in response.headers:
                    return _redirect_target(url, response.headers["location"])
                if response.status_code >= 400:
                    raise _http_failure(response, url)
                if not accept_any_type:
                    self._check_content_type(response, url)
                return response, await _read_capped(response, max_bytes, url)
        except httpx.TransportError as exc:
            raise _transport_failure(exc, url) from exc

    def _check_content_type(self, response: httpx.Response, url: str) -> None:
        declared = response.headers.get("content-type", "").split(";")[0].strip().lower()
        if declared and declared not in self.settings.accepted_content_types:
            raise _Failure(
                FetchStatus.NOT_HTML,
                f"content type {declared} is not a web page",
                http_status=response.status_code,
                final_url=url,
            )

    def _pinned(self, url: str) -> tuple[str, dict, dict]:
        """The request for `url` sent to the address its check resolved, with the original Host header and
        TLS server name: httpx resolving the name again could reach another address (a name whose lookups
        answer differently, or whose two IDNA spellings resolve apart)."""
        parts = urlsplit(url)
        address = self.addresses.get(parts.hostname or "")
        if address is None:
            return url, {}, {}
        ip_host = f"[{address}]" if ":" in address else address
        netloc = f"{ip_host}:{parts.port}" if parts.port else ip_host
        if "@" in parts.netloc:  # credentials go where the user gave them
            netloc = f"{parts.netloc.rsplit('@', 1)[0]}@{netloc}"
        pinned = urlunsplit((parts.scheme, netloc, parts.path, parts.query, ""))
        extensions = {"sni_hostname": parts.hostname} if parts.scheme == "https" else {}
        return pinned, {"Host": parts.netloc.rsplit("@", 1)[-1]}, extensions

    async def _check_address(self, url: str) -> None:
        host = urlsplit(url).hostname or ""
        if host not in self.address_checks:
            self.address_checks[host] = asyncio.ensure_future(self._resolve_and_check(host))
        problem = await self.address_checks[host]
        if problem:
            raise _Failure(*problem, final_url=url)

    async def _resolve_and_check(self, host: str) -> tuple[str, str] | None:
        try:
            infos = await self.resolve(_ascii_host(host), None, type=socket.SOCK_STREAM)
        except (socket.gaierror, UnicodeError) as exc:
            return FetchStatus.DNS_ERROR, f"host name {host} could not be resolved ({exc})"
        addresses = [ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos]
        if not addresses:
            return FetchStatus.DNS_ERROR, f"host name {host} resolves to no address"
        if not self.settings.allow_private_hosts:
            for address in addresses:
                if _is_private(address):
                    return (
                        FetchStatus.PRIVATE_HOST,
                        f"{host} resolves to the non-public address {address}: refused for safety;"
                        " pass --allow-private-hosts (config fetch.allow_private_hosts) to allow it",
                    )
        self.addresses[host] = str(addresses[0])
        return None

    async def _check_robots(self, url: str) -> None:
        origin = _origin(url)
        if origin in self.known_robots:
            rules = self.known_robots[origin]
        else:
            if origin not in self.robots:
                self.robots[origin] = asyncio.ensure_future(self._load_robots(origin))
            rules = await self.robots[origin]
            if not isinstance(rules, _Failure):
                self.known_robots[origin] = rules
        if isinstance(rules, _Failure):  # the site itself is unreachable: say so, and retry robots.txt next time
            self.robots.pop(origin, None)
            raise _Failure(
                rules.status, f"{rules.error} (while reading robots.txt)", retryable=rules.retryable, final_url=url
            )
        if isinstance(rules, str):
            raise _Failure(FetchStatus.ROBOTS_DISALLOWED, rules, final_url=url)
        if not rules.can_fetch(self.settings.user_agent, url):
            raise _Failure(
                FetchStatus.ROBOTS_DISALLOWED,
                f"{origin}/robots.txt disallows this URL for our user agent",
                final_url=url,
            )

    async def _load_robots(self, origin: str) -> RobotFileParser | str | _Failure:
        """RFC 9309: a 4xx robots.txt allows everything, a 5xx one disallows everything (a reason
        string). A network failure is returned as is: the page cannot be fetched either."""
        rules = RobotFileParser()
        try:
            _, response, body = await self._get(
                f"{origin}/robots.txt", check_robots=False, accept_any_type=True, max_bytes=ROBOTS_MAX_BYTES
            )
        except _Failure as failure:
            if failure.http_status and 400 <= failure.http_status < 500:
                rules.allow_all = True
                return rules
            if failure.status in NETWORK_FAILURES:
                return failure
            if failure.status == "too_large":
                body = b""
            else:
                return f"{origin}/robots.txt could not be read ({failure.error}); RFC 9309 says to assume disallowed"
        rules.parse(body.decode("utf-8", "replace").splitlines())
        return rules


def decode_html(body: bytes, header_charset: str | None) -> tuple[str, str]:
    """Decode in the HTML standard's order: BOM, HTTP charset, <meta> charset, then detection."""
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if body.startswith(bom):
            return body.decode(encoding, "replace"), encoding
    meta = _META_CHARSET.search(body[:4096])
    for declared in (header_charset, meta.group(1).decode("ascii", "ignore") if meta else None):
        encoding = _known_encoding(declared)
        if encoding:
            try:
                return body.decode(encoding), encoding
            except UnicodeDecodeError:
                continue
    try:
        return body.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    best = charset_normalizer.from_bytes(body).best()
    if best is not None:
        return str(best), best.encoding
    return body.decode("utf-8", "replace"), "utf-8"


def _known_encoding(label: str | None) -> str | None:
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    label = _WHATWG_ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _header_charset(response: httpx.Response) -> str | None:
    return charset_of(response.headers.get("content-type", ""))


def charset_of(content_type: str | None) -> str | None:
    """The charset a Content-Type header declares, if any."""
    match = re.search(r"charset\s*=\s*[\"']?([^;\"'\s]+)", content_type or "", re.IGNORECASE)
    return match.group(1) if match else None


def _ascii_host(host: str) -> str:
    """One IDNA for checking and requesting: UTS #46 (faß.de stays faß, as xn--fa-hia.de; IDNA 2003 would
    read fass.de, another host)."""
    import idna

    return host if host.isascii() else idna.encode(host, uts46=True).decode("ascii")


def _is_private(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    mapped = getattr(address, "ipv4_mapped", None)
    if mapped is not None:
        address = mapped
    return not address.is_global or address.is_multicast


def _redirect_target(url: str, location: str) -> str:
    target = urljoin(url, location.strip())
    if urlsplit(target).scheme not in ("http", "https"):
        raise _Failure(FetchStatus.INVALID_URL, f"redirect to a non-http(s) URL: {target}", final_url=url)
    return target


async def _read_capped(response: httpx.Response, max_bytes: int, url: str) -> bytes:
    """The body, decoded as it arrives and never beyond max_bytes, counted both on the wire and decoded:
    a few kilobytes of gzip that inflate to gigabytes stop at the cap (httpx would decode whole chunks
    first). One content coding at most, gzip or deflate: stacked codings are refused."""
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise _too_large(response, url, int(declared))
    decoder = _decoder(response, url)
    chunks, wire_size, size = [], 0, 0
    async for chunk in response.aiter_raw():
        wire_size += len(chunk)
        if wire_size > max_bytes:
            raise _too_large(response, url, wire_size)
        data = _decode_within(decoder, chunk, max_bytes + 1 - size, url) if decoder else chunk
        size += len(data)
        if size > max_bytes or (decoder is not None and decoder.unconsumed_tail):
            raise _too_large(response, url, size)
        chunks.append(data)
    return b"".join(chunks)


_DECODER_WBITS = {"gzip": 31, "x-gzip": 31, "deflate": 47}  # 47: zlib or gzip wrapper, whichever it is


def _decoder(response: httpx.Response, url: str):
    codings = [c.strip().lower() for c in response.headers.get("content-encoding", "").split(",")]
    codings = [c for c in codings if c and c != "identity"]
    if len(codings) > 1:
        raise _Failure(FetchStatus.BAD_CONTENT, f"stacked content codings refused: {', '.join(codings)}", final_url=url)
    if not codings:
        return None
    if codings[0] not in _DECODER_WBITS:
        raise _Failure(FetchStatus.BAD_CONTENT, f"content coding {codings[0]!r} not accepted", final_url=url)
    return zlib.decompressobj(wbits=_DECODER_WBITS[codings[0]])


def _decode_within(decoder, chunk: bytes, limit: int, url: str) -> bytes:
    try:
        return decoder.decompress(chunk, max(limit, 1))
    except zlib.error as exc:
        raise _Failure(FetchStatus.BAD_CONTENT, f"compressed body could not be unpacked: {exc}", final_url=url) from exc


def _gunzip_capped(body: bytes, max_bytes: int, url: str) -> bytes:
    """Sitemaps are often served as .xml.gz; unpack at most max_bytes (no decompression bombs)."""
    if not body.startswith(b"\x1f\x8b"):
        return body
    unpacker = zlib.decompressobj(wbits=31)
    try:
        data = unpacker.decompress(body, max_bytes + 1)
    except zlib.error as exc:
        raise _Failure(FetchStatus.BAD_CONTENT, f"gzip body could not be unpacked: {exc}", final_url=url) from exc
    if len(data) > max_bytes:
        raise _Failure(
            FetchStatus.TOO_LARGE, f"unpacked body exceeds fetch.max_bytes ({max_bytes:,} bytes)", final_url=url
        )
    return data


def _too_large(response: httpx.Response, url: str, size: int) -> _Failure:
    return _Failure(
        FetchStatus.TOO_LARGE,
        f"body of {size:,}+ bytes exceeds fetch.max_bytes",
        http_status=response.status_code,
        final_url=url,
    )


def _http_failure(response: httpx.Response, url: str) -> _Failure:
    code = response.status_code
    return _Failure(
        FetchStatus.http(code),
        f"the server answered HTTP {code} {response.reason_phrase}".rstrip(),
        http_status=code,
        retryable=code in RETRYABLE_HTTP,
        retry_after_s=_retry_after_seconds(response.headers.get("retry-after")),
        final_url=url,
    )


def _retry_after_seconds(value: str | None) -> float | None:
    if not value:
        return None
    value = value.strip()
    try:  # "²" is a digit to str.isdigit; a date in year 99999999999 overflows: neither is a delay
        if value.isascii() and value.isdigit():
            return float(value)
        when = email.utils.parsedate_to_datetime(value)
        if when.tzinfo is None:
            when = when.replace(tzinfo=timezone.utc)
        return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())
    except (TypeError, ValueError, OverflowError):
        return None


def _unexpected_failure(exc: Exception, url: str) -> _Failure:
    """What no other check caught, as the input's own status: a URL the HTTP client cannot use is an
    invalid_url, anything else a fetch_error, each with the exception in one line."""
    reason = f"{type(exc).__name__}: {str(exc)[:200]}"
    if isinstance(exc, httpx.InvalidURL | UnicodeError | ValueError):
        return _Failure(FetchStatus.INVALID_URL, f"the URL cannot be fetched: {reason}", final_url=url)
    return _Failure(FetchStatus.FETCH_ERROR, f"unexpected error while fetching: {reason}", final_url=url)


def _transport_failure(exc: httpx.TransportError, url: str) -> _Failure:
    message = str(exc) or type(exc).__name__
    if isinstance(exc, httpx.TimeoutException):
        return _Failure(FetchStatus.TIMEOUT, f"timed out ({type(exc).__name__})", retryable=True, final_url=url)
    if isinstance(exc, httpx.UnsupportedProtocol):
        return _Failure(FetchStatus.INVALID_URL, f"unsupported URL: {message}", final_url=url)
    if "CERTIFICATE" in message.upper() or "SSL" in message.upper():
        return _Failure(FetchStatus.TLS_ERROR, f"TLS failed: {message}", final_url=url)
    if isinstance(exc, (httpx.ConnectError, httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError)):
        return _Failure(FetchStatus.CONNECTION_ERROR, f"connection failed: {message}", retryable=True, final_url=url)
    return _Failure(FetchStatus.CONNECTION_ERROR, f"network error: {message}", retryable=True, final_url=url)


def _record_failure(result: FetchResult, failure: _Failure) -> None:
    result.status = failure.status
    result.error = failure.error
    result.http_status = failure.http_status or result.http_status
    result.final_url = failure.final_url or result.final_url
    result.html = None
