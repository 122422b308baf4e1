"""The pyarrow schema of every warehouse table, one constant each.

Every table carries run_id and batch_id: a batch's `batches` row is written last and is its commit
marker (see store.py), so the staging views can ignore files of a batch that a killed run left
half-written.
"""

import pyarrow as pa

UTC_TIMESTAMP = pa.timestamp("us", tz="UTC")

FETCH_LOG = pa.schema(
    [
        pa.field("run_id", pa.string(), nullable=False),
        pa.field("batch_id", pa.string(), nullable=False),
        pa.field("input_url", pa.string(), nullable=False),  # as given by the user, or as a feed listed it
        pa.field("input_kind", pa.string(), nullable=False),  # vocab.InputKind: page, feed, sitemap, site, warc
        pa.field("source_url", pa.string()),  # the feed, sitemap, site or WARC file that listed this URL
        pa.field("url", pa.string()),  # normalized; null when the input is not a URL
        pa.field("final_url", pa.string()),  # after redirects
        pa.field("status", pa.string(), nullable=False),  # vocab.FetchStatus, or http_<code>
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
        pa.field("nlp_status", pa.string()),  # analysed, truncated, other_language, disabled
        pa.field("fetched_at", UTC_TIMESTAMP, nullable=False),
        pa.field("run_id", pa.string(), nullable=False),
        pa.field("batch_id", pa.string(), nullable=False),
    ]
)

SENTENCES = pa.schema(
    [
        pa.field("article_id", pa.string(), nullable=False),
        pa.field("sentence_index", pa.int32(), nullable=False),
        pa.field("start_char", pa.int32(), nullable=False),  # offsets into articles.text
        pa.field("end_char", pa.int32(), nullable=False),
        pa.field("content_hash", pa.string(), nullable=False),  # the text version analysed
        pa.field("nlp_version", pa.string(), nullable=False),
        pa.field("run_id", pa.string(), nullable=False),
        pa.field("batch_id", pa.string(), nullable=False),
    ]
)

MENTIONS = pa.schema(
    [
        pa.field("article_id", pa.string(), nullable=False),
        pa.field("entity_id", pa.string(), nullable=False),
        pa.field("text", pa.string(), nullable=False),  # exactly text[start_char:end_char]
        pa.field("name", pa.string(), nullable=False),  # the name it stands for in this article
        pa.field("label", pa.string(), nullable=False),  # PERSON, ORG, PLACE, GROUP
        pa.field("model_label", pa.string()),  # spaCy's label, or null when only rules found it
        pa.field("source", pa.string(), nullable=False),  # model, alias, rule, gazetteer, dateline, repeat
        pa.field("sentence_index", pa.int32(), nullable=False),
        pa.field("start_char", pa.int32(), nullable=False),
        pa.field("end_char", pa.int32(), nullable=False),
        pa.field("content_hash", pa.string(), nullable=False),
        pa.field("nlp_version", pa.string(), nullable=False),
        pa.field("run_id", pa.string(), nullable=False),
        pa.field("batch_id", pa.string(), nullable=False),
    ]
)

# Append-only registry: one row per name key an entity was first known by. Ids never change.
ENTITY_NAMES = pa.schema(
    [
        pa.field("entity_id", pa.string(), nullable=False),
        pa.field("type", pa.string(), nullable=False),
        pa.field("name", pa.string(), nullable=False),  # the entity's canonical name
        pa.field("name_key", pa.string(), nullable=False),  # a key (transliterated, folded) it matches
        pa.field("match", pa.string(), nullable=False),  # curated, gazetteer, exact, fuzzy, new
        pa.field("geonames_id", pa.int64()),
        pa.field("country_code", pa.string()),
        pa.field("admin1", pa.string()),
        pa.field("latitude", pa.float64()),
        pa.field("longitude", pa.float64()),
        pa.field("geo_precision", pa.string()),  # town, region, country (places.GEO_PRECISION); null: unplaced
        pa.field("run_id", pa.string(), nullable=False),
        pa.field("batch_id", pa.string(), nullable=False),
    ]
)

EVENTS = pa.schema(
    [
        pa.field("event_id", pa.string(), nullable=False),  # one row per event and place
        pa.field("event_group_id", pa.string(), nullable=False),  # the event, whatever its places
        pa.field("article_id", pa.string(), nullable=False),
        pa.field("event_type", pa.string(), nullable=False),  # PLOVER
        pa.field("trigger", pa.string(), nullable=False),
        pa.field("trigger_start", pa.int32(), nullable=False),
        pa.field("actor", pa.string()),
        pa.field("actor_entity_id", pa.string()),
        pa.field("target", pa.string()),
        pa.field("target_entity_id", pa.string()),
        pa.field("location", pa.string()),
        pa.field("location_source", pa.string()),  # sentence, seat or article
        # the place whose point the event has: the location's, or for a street, the article's town
        pa.field("place_entity_id", pa.string()),
        pa.field("place_count", pa.int32(), nullable=False),  # rows this event has, one per place
        pa.field("event_date", pa.date32()),
        pa.field("date_precision", pa.string()),  # day, week, month, year
        pa.field("date_source", pa.string()),  # sentence, context (later that day), none (no day anchor)
        pa.field("date_text", pa.string()),
        pa.field("quantity", pa.int32()),
        pa.field("killed", pa.int32()),
        pa.field("injured", pa.int32()),
        pa.field("arrested", pa.int32()),
        pa.field("mode", pa.string()),
        pa.field("attributed_to", pa.string()),
        pa.field("attributed_entity_id", pa.string()),
        pa.field("negated", pa.bool_(), nullable=False),
        pa.field("modality", pa.string()),  # asserted, reported, negated, hypothetical, future, historical
        pa.field("actor_kind", pa.string()),  # entity, group, pronoun (resolved); null: no nameable actor
        pa.field("target_kind", pa.string()),
        pa.field("domain", pa.string()),  # the article's: politics (with conflict and crime), sports, ...
        pa.field("in_quote", pa.bool_()),
        pa.field("mention_count", pa.int32()),  # mentions of the happening in the article, merged here
        pa.field("confidence", pa.float64()),  # 0-1, the confidence model of config/event_types.toml
        pa.field("is_event", pa.bool_()),  # shown by the events view (else only in event_mentions)
        pa.field("sentence_index", pa.int32(), nullable=False),
        pa.field("content_hash", pa.string(), nullable=False),
        pa.field("nlp_version", pa.string(), nullable=False),
        pa.field("run_id", pa.string(), nullable=False),
        pa.field("batch_id", pa.string(), nullable=False),
    ]
)

QUOTES = pa.schema(
    [
        pa.field("quote_id", pa.string(), nullable=False),
        pa.field("article_id", pa.string(), nullable=False),
        pa.field("quote", pa.string(), nullable=False),
        pa.field("speaker", pa.string()),
        pa.field("speaker_entity_id", pa.string()),
        pa.field("verb", pa.string()),
        pa.field("sentence_index", pa.int32(), nullable=False),
        pa.field("start_char", pa.int32(), nullable=False),
        pa.field("end_char", pa.int32(), nullable=False),
        pa.field("content_hash", pa.string(), nullable=False),
        pa.field("nlp_version", pa.string(), nullable=False),
        pa.field("run_id", pa.string(), nullable=False),
        pa.field("batch_id", pa.string(), nullable=False),
    ]
)

GAZETTEER = pa.schema(
    [
        pa.field("geonames_id", pa.int64(), nullable=False),
        pa.field("name", pa.string(), nullable=False),
        pa.field("feature", pa.string(), nullable=False),  # city, region, country or continent
        pa.field("country_code", pa.string()),
        pa.field("admin1", pa.string()),  # GeoNames admin1 code, e.g. 07 for Kharkiv Oblast
        pa.field("latitude", pa.float64()),
        pa.field("longitude", pa.float64()),
        pa.field("population", pa.int64()),
    ]
)

GAZETTEER_NAMES = pa.schema(
    [pa.field("name_key", pa.string(), nullable=False), pa.field("geonames_id", pa.int64(), nullable=False)]
)

BATCHES = pa.schema(
    [
        pa.field("batch_id", pa.string(), nullable=False),
        pa.field("run_id", pa.string(), nullable=False),
        pa.field("flow", pa.string(), nullable=False),  # ingest or analyze
        pa.field("committed_at", UTC_TIMESTAMP, nullable=False),
    ]
)

TABLES = {
    "batches": BATCHES,
    "fetch_log": FETCH_LOG,
    "articles": ARTICLES,
    "sentences": SENTENCES,
    "mentions": MENTIONS,
    "entity_names": ENTITY_NAMES,
    "events": EVENTS,
    "quotes": QUOTES,
}


# --- the current state (compaction.py): each table deduplicated as it is written, one file per segment ---


def _with(schema: pa.Schema, *fields: pa.Field) -> pa.Schema:
    return pa.schema([*schema, *fields])


_COUNTS = [pa.field("article_count", pa.int64()), pa.field("event_count", pa.int64())]

STATE_TABLES = {
    # family articles: every row of an article's current version and of its latest analysis
    "articles": _with(
        ARTICLES,
        pa.field("first_fetched_at", UTC_TIMESTAMP),
        pa.field("duplicate_of", pa.string()),  # the article first seen with the same text
        pa.field("nlp_version", pa.string()),  # of the latest analysis of its current text; null: none
        pa.field("analysis_batch_id", pa.string()),
    ),
    "sentences": SENTENCES,
    "mentions": MENTIONS,
    "events": _with(
        EVENTS,
        pa.field("latitude", pa.float64()),
        pa.field("longitude", pa.float64()),
        pa.field("geo_precision", pa.string()),
        pa.field("sentence", pa.string()),
        pa.field("published_at", UTC_TIMESTAMP),  # the article's
        pa.field("first_fetched_at", UTC_TIMESTAMP),  # the article's: the report's window
    ),
    "quotes": _with(QUOTES, pa.field("first_fetched_at", UTC_TIMESTAMP)),
    # ...and its articles' contributions to the marts that count across articles: a segment's articles
    # are no other segment's, so the marts add these up instead of re-reading every mention
    "entity_counts": pa.schema(
        [
            pa.field("segment_id", pa.string()),
            pa.field("entity_id", pa.string()),
            pa.field("mention_count", pa.int64()),
            pa.field("article_count", pa.int64()),
            pa.field("mention_texts", pa.list_(pa.string())),
            pa.field("mention_names", pa.list_(pa.string())),
        ]
    ),
    "event_day_counts": pa.schema(
        [
            pa.field("segment_id", pa.string()),
            pa.field("event_date", pa.date32()),
            pa.field("location", pa.string()),
            pa.field("place_entity_id", pa.string()),
            pa.field("latitude", pa.float64()),
            pa.field("longitude", pa.float64()),
            pa.field("event_type", pa.string()),
            *_COUNTS,
            pa.field("quantity_sum", pa.int64()),
            pa.field("killed_sum", pa.int64()),
        ]
    ),
    "place_days": pa.schema(
        [
            pa.field("segment_id", pa.string()),
            pa.field("place_entity_id", pa.string()),
            pa.field("place", pa.string()),
            pa.field("event_date", pa.date32()),
            *_COUNTS,
            pa.field("event_types", pa.list_(pa.string())),
            pa.field("actors", pa.list_(pa.string())),
        ]
    ),
    "speaker_counts": pa.schema(
        [
            pa.field("segment_id", pa.string()),
            pa.field("speaker_key", pa.string()),
            pa.field("speaker", pa.string()),
            pa.field("speaker_entity_id", pa.string()),
            pa.field("quote_count", pa.int64()),
            pa.field("article_count", pa.int64()),
        ]
    ),
    "article_terms": pa.schema([pa.field("term", pa.string()), pa.field("article_id", pa.string())]),
    # family inputs: each input's most recent fetch
    "fetch_log": _with(FETCH_LOG, pa.field("is_ok", pa.bool_())),
    # family pages: each URL's latest fetch that stored an article or settled the page without one
    "page_fetches": FETCH_LOG,
    # family entity_names: the registry, each (entity_id, name_key) once, with the key's consonant skeleton
    # (names.consonant_skeleton): a run looks up only the names its batch could match
    "entity_names": _with(ENTITY_NAMES, pa.field("name_skeleton", pa.string())),
}
