-- one row per article_id: the latest NLP analysis (batch_id, nlp_version) of the article's current text, which mentions, sentences, events and quotes show
create or replace view latest_analyses as
with analyses as (
    select article_id, content_hash, nlp_version, max(batch_id) as batch_id
    from stg_sentences
    group by article_id, content_hash, nlp_version
),

final as (
    select analyses.*
    from analyses
    semi join articles using (article_id, content_hash)
    qualify row_number() over (partition by analyses.article_id order by analyses.batch_id desc) = 1
)

select * from final
