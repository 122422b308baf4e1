"""Where a warehouse lives: a local directory or an object store URL, and how to reach it.

Shared by store.py (which writes it) and views.py (which reads it).
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class Warehouse:
    """Where the warehouse lives: an absolute local directory, or a URL fsspec opens (s3://bucket/prefix)
    with `options` (e.g. endpoint_url for an S3-compatible server; credentials best come from the
    usual AWS environment variables). Picklable: worker processes and Dask workers open their own
    filesystem from it."""

    url: str
    options: dict[str, Any] = field(default_factory=dict)

    @property
    def is_local(self) -> bool:
        return "://" not in self.url

    @property
    def local_path(self) -> Path:
        """The directory itself for a local warehouse; for a remote one, the local directory that holds
        its view database and run lock (views only, no data: rebuilt from the warehouse at will)."""
        if self.is_local:
            return Path(self.url)
        digest = hashlib.sha256(self.url.encode("utf-8")).hexdigest()[:16]
        cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
        return cache / "newsflow" / "warehouses" / digest

    def fs(self):
        """The fsspec filesystem of a remote warehouse, for writing. Listings are not cached: other
        processes add files."""
        return _filesystem(self.protocol, use_listings_cache=False, **self.options)

    def snapshot_fs(self):
        """A filesystem of its own for one reader (a DuckDB connection): it lists each folder once, so
        the many views over one table cost one listing, and it sees the files as they were then."""
        options = {"use_listings_cache": True, "listings_expiry_time": None, **self.options}
        return _filesystem(self.protocol, skip_instance_cache=True, **options)

    @property
    def protocol(self) -> str:
        return self.url.split("://", 1)[0]

    def join(self, *parts: str) -> str:
        return "/".join([self.url, *parts])

    def __str__(self) -> str:
        return self.url


def _filesystem(protocol: str, **options):
    """fsspec's filesystem, or an error that names the extra to install."""
    import fsspec

    try:
        return fsspec.filesystem(protocol, **options)
    except ImportError as exc:
        extra = "s3" if protocol in ("s3", "s3a") else None
        hint = f"pip install 'newsflow[{extra}]'" if extra else f"install fsspec's backend for {protocol}://"
        raise ImportError(f"a warehouse at {protocol}:// needs {hint} ({exc})") from exc


def as_warehouse(root: Warehouse | Path | str, options: dict[str, Any] | None = None) -> Warehouse:
    """A local path is made absolute, so the warehouse opens from any working directory."""
    if isinstance(root, Warehouse):
        return root
    text = str(root)
    if "://" in text and not text.startswith("file://"):
        return Warehouse(text.rstrip("/"), dict(options or {}))
    return Warehouse(str(Path(text.removeprefix("file://")).resolve()))
