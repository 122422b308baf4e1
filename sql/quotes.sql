-- one row per quote_id: a direct quotation in an article (from its latest analysis), with its speaker
create or replace view quotes as
with final as (
    select
        q.quote_id,
        q.article_id,
        q.speaker,
        q.speaker_entity_id,
        q.quote,
        q.verb,
        q.sentence_index,
        q.start_char,
        q.end_char,
        q.nlp_version,
        q.run_id
    from stg_quotes q
    semi join latest_analyses l using (article_id, content_hash, nlp_version)
)

select * from final
