"""The pyarrow schema of every warehouse table, one constant each.

Every table carries run_id and batch_id: a batch's fetch_log file is written last and is the
batch's commit marker (see store.py), so the staging views can ignore files of a batch that a
killed run left half-written.
"""

import pyarrow as pa

UTC_TIMESTAMP = pa.timestamp("us", tz="UTC")

FETCH_LOG = pa.schema(
    [
        pa.field("run_id", pa.string(), nullable=False),
        pa.field("batch_id", pa.string(), nullable=False),
        pa.field("input_url", pa.string(), nullable=False),  # as given by the user, or as a feed listed it
        pa.field("input_kind", pa.string(), nullable=False),  # page, feed or sitemap
        pa.field("source_url", pa.string()),  # the feed or sitemap that listed this URL
        pa.field("url", pa.string()),  # normalized; null when the input is not a URL
        pa.field("final_url", pa.string()),  # after redirects
        pa.field("status", pa.string(), nullable=False),
        pa.field("http_status", pa.int32()),
        pa.field("error", pa.string()),
        pa.field("bytes", pa.int64()),
        pa.field("elapsed_ms", pa.int64()),
        pa.field("attempt_count", pa.int32()),
        pa.field("content_type", pa.string()),
        pa.field("charset", pa.string()),
        pa.field("html_sha256", pa.string()),  # key of the archived raw HTML
        pa.field("article_id", pa.string()),
        pa.field("fetched_at", UTC_TIMESTAMP, nullable=False),
    ]
)

ARTICLES = pa.schema(
    [
        pa.field("article_id", pa.string(), nullable=False),
        pa.field("url", pa.string(), nullable=False),
        pa.field("canonical_url", pa.string(), nullable=False),
        pa.field("final_url", pa.string()),
        pa.field("domain", pa.string()),
        pa.field("site_name", pa.string()),
        pa.field("title", pa.string()),
        pa.field("authors", pa.list_(pa.string())),
        pa.field("published_at", UTC_TIMESTAMP),
        pa.field("language", pa.string()),
        pa.field("description", pa.string()),
        pa.field("categories", pa.list_(pa.string())),
        pa.field("tags", pa.list_(pa.string())),
        pa.field("text", pa.string(), nullable=False),
        pa.field("word_count", pa.int32(), nullable=False),
        pa.field("content_hash", pa.string(), nullable=False),
        pa.field("html_sha256", pa.string()),
        pa.field("extractor_version", pa.string(), nullable=False),
        pa.field("fetched_at", UTC_TIMESTAMP, nullable=False),
        pa.field("run_id", pa.string(), nullable=False),
        pa.field("batch_id", pa.string(), nullable=False),
    ]
)

TABLES = {"fetch_log": FETCH_LOG, "articles": ARTICLES}
