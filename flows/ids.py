"""Every id newsflow mints: runs, batches, articles, entities, events and quotes.

Ids of things found in text are stable: the same input gives the same id on any run and machine
(a 16-hex-digit SHA-256 prefix), so re-running an analysis updates rows instead of adding them.
Run ids sort by start time and are unique across machines.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timezone


def run_id() -> str:
    return f"{datetime.now(timezone.utc):%Y%m%dT%H%M%SZ}-{secrets.token_hex(3)}"


def batch_id(run: str, number: int) -> str:
    return f"{run}-{number:04d}"


def article_id(canonical_url: str) -> str:
    """One article per canonical URL, whatever URL it was fetched by."""
    return _digest(canonical_url)


def entity_id(kind: str, value: str) -> str:
    """`kind`: curated (a name of config/aliases.toml), geonames (a GeoNames id), unplaced, or the
    entity type of a name first seen in a text."""
    return _digest(f"{kind}:{value}")


def landmark_id(name: str) -> int:
    """A place id for a landmark of the alias table (GeoNames ids are positive; these are negative)."""
    return -int(hashlib.sha256(f"landmark:{name}".encode("utf-8")).hexdigest()[:12], 16)


def event_group_id(article: str, content_hash: str, trigger_start: int) -> str:
    """The event, whatever its places."""
    return entity_id("event", f"{article}:{content_hash}:{trigger_start}")


def event_id(group: str, place_start: int | None) -> str:
    """One row of an event: the event at one of its places."""
    return entity_id("event", f"{group}:{'' if place_start is None else place_start}")


def quote_id(article: str, content_hash: str, start_char: int) -> str:
    return entity_id("quote", f"{article}:{content_hash}:{start_char}")


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
