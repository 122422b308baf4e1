-- one row per speaker_key: a speaker (speaker_entity_id, or the speaker's name when unresolved), the most-quoted first
create or replace view top_speakers as
with final as (
    select
        speaker_key,
        any_value(speaker) as speaker,
        any_value(speaker_entity_id) as speaker_entity_id,
        cast(sum(quote_count) as bigint) as quote_count,
        cast(sum(article_count) as bigint) as article_count
    from stg_speaker_counts
    group by speaker_key
)

select * from final
