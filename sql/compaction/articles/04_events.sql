-- one row per event_id: the event candidates of the latest analysis of each of the segment's articles, with their place's point (from the entity registry as it stands), their sentence's text and their article's publication and first fetch, so that the events views join nothing
with candidates as (
    select * exclude (latitude, longitude, geo_precision, sentence, published_at, first_fetched_at) from previous_events
    union all by name
    select * from incoming_events
),

current as (
    select c.* replace (coalesce(c.mention_count, 1) as mention_count, coalesce(c.is_event, true) as is_event)
    from candidates c
    semi join new_articles a using (article_id, content_hash, nlp_version)
    qualify row_number() over (partition by event_id, nlp_version order by run_id desc, batch_id desc) = 1
),

final as (
    select
        current.*,
        p.latitude,
        p.longitude,
        p.geo_precision,
        substr(a.text, s.start_char + 1, s.end_char - s.start_char) as sentence,
        a.published_at,
        a.first_fetched_at
    from current
    left join registry_places p on p.entity_id = current.place_entity_id
    left join new_sentences s using (article_id, sentence_index)
    left join new_articles a using (article_id)
)

select * from final
