-- one row per (article_id, start_char, end_char, entity_id): an entity mention from each article's latest analysis; substr(articles.text, start_char + 1, end_char - start_char) = text
create or replace view mentions as
with final as (
    select
        article_id,
        entity_id,
        text,
        name,
        label,
        model_label,
        source,
        sentence_index,
        start_char,
        end_char,
        nlp_version,
        run_id
    from stg_mentions
)

select * from final
