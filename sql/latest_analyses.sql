-- one row per article_id: the latest NLP analysis (batch_id, nlp_version) of the article's current text, which mentions, sentences, events and quotes show
create or replace view latest_analyses as
with final as (
    select article_id, content_hash, nlp_version, analysis_batch_id as batch_id
    from stg_articles
    where nlp_version is not null
)

select * from final
