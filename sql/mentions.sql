-- one row per (article_id, start_char, end_char, entity_id): an entity mention from each article's latest analysis; substr(articles.text, start_char + 1, end_char - start_char) = text
create or replace view mentions as
with final as (
    select
        m.article_id,
        m.entity_id,
        m.text,
        m.name,
        m.label,
        m.model_label,
        m.source,
        m.sentence_index,
        m.start_char,
        m.end_char,
        m.nlp_version,
        m.run_id
    from stg_mentions m
    semi join latest_analyses l using (article_id, content_hash, nlp_version)
)

select * from final
