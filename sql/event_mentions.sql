-- one row per event_id: every event candidate of each article's latest analysis, with its modality, the kinds of its actor and target, its confidence and whether the events view shows it (is_event), one row per place when it names several: for audit and for your own threshold
create or replace view event_mentions as
with final as (
    select
        e.event_id,
        e.event_group_id,
        e.article_id,
        e.event_type,
        e.trigger,
        e.actor,
        e.actor_entity_id,
        e.target,
        e.target_entity_id,
        e.location,
        e.location_source,
        e.place_entity_id,
        e.latitude,
        e.longitude,
        e.geo_precision,
        e.place_count,
        e.event_date,
        e.date_precision,
        e.date_source,
        e.date_text,
        e.quantity,
        e.killed,
        e.injured,
        e.arrested,
        e.mode,
        e.attributed_to,
        e.attributed_entity_id,
        e.negated,
        e.modality,
        e.actor_kind,
        e.target_kind,
        e.domain,
        e.in_quote,
        e.mention_count,
        e.confidence,
        e.is_event,
        e.sentence_index,
        e.sentence,
        e.nlp_version,
        e.run_id
    from stg_events e
)

select * from final
