-- one row per entity mention in an article (article_id, start_char, end_char): from each article's latest analysis; substr(articles.text, start_char + 1, end_char - start_char) = text
create or replace view mentions as
with analyses as (
    select article_id, content_hash, nlp_version, max(batch_id) as batch_id
    from stg_mentions
    group by article_id, content_hash, nlp_version
),

latest_analysis as (
    select * from analyses
    qualify row_number() over (partition by article_id order by batch_id desc) = 1
),

final as (
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
    join latest_analysis l using (article_id, content_hash, nlp_version)
    semi join articles a on a.article_id = m.article_id and a.content_hash = m.content_hash
)

select * from final
