-- one row per quote_id: a direct quotation in an article (from its latest analysis), with its speaker
create or replace view quotes as
with final as (
    select
        quote_id,
        article_id,
        speaker,
        speaker_entity_id,
        quote,
        verb,
        sentence_index,
        start_char,
        end_char,
        first_fetched_at,
        nlp_version,
        run_id
    from stg_quotes
)

select * from final
