-- one row per event_id: an event asserted by an article (from its latest analysis), one row per place when it names several (event_group_id groups them; count distinct event_group_id, not rows, and sum quantity per group)
create or replace view events as
with current_events as (
    select e.*
    from stg_events e
    semi join latest_analyses l using (article_id, content_hash, nlp_version)
),

final as (
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
        p.latitude,
        p.longitude,
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
        e.sentence_index,
        s.text as sentence,
        e.nlp_version,
        e.run_id
    from current_events e
    left join places p on p.entity_id = e.place_entity_id
    left join sentences s using (article_id, sentence_index)
)

select * from final
