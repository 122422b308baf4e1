-- one row per speaker_key: a speaker (speaker_entity_id, or the speaker's name when unresolved), the most-quoted first
create or replace view top_speakers as
with attributed as (
    select * from quotes where speaker is not null
),

final as (
    select
        coalesce(speaker_entity_id, speaker) as speaker_key,
        any_value(speaker) as speaker,
        any_value(speaker_entity_id) as speaker_entity_id,
        count(*) as quote_count,
        count(distinct article_id) as article_count
    from attributed
    group by 1
)

select * from final
