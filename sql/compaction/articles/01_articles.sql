-- one row per article_id: the segment's articles, each its latest version (by fetched_at), with when it was first fetched, the article first seen with the same text (duplicate_of), and the latest analysis of its current text (nlp_version, analysis_batch_id)
with versions as (
    select * exclude (first_fetched_at, duplicate_of, nlp_version, analysis_batch_id), first_fetched_at
    from previous_articles
    union all by name
    select *, fetched_at as first_fetched_at
    from incoming_articles
),

first_seen as (
    select article_id, min(first_fetched_at) as first_fetched_at
    from versions
    group by article_id
),

latest as (
    select * exclude (first_fetched_at)
    from versions
    qualify row_number() over (partition by article_id order by fetched_at desc, run_id desc) = 1
),

analyses as (
    select article_id, content_hash, arg_max(nlp_version, batch_id) as nlp_version, max(batch_id) as analysis_batch_id
    from (
        select article_id, content_hash, nlp_version, batch_id from previous_sentences
        union all
        select article_id, content_hash, nlp_version, batch_id from incoming_sentences
    )
    group by article_id, content_hash
),

current as (
    select latest.*, first_seen.first_fetched_at, analyses.nlp_version, analyses.analysis_batch_id
    from latest
    join first_seen using (article_id)
    left join analyses using (article_id, content_hash)
),

firsts as (
    select content_hash, arg_min(article_id, (first_fetched_at, article_id)) as first_article_id
    from (
        select article_id, content_hash, first_fetched_at from current
        union all
        select article_id, content_hash, first_fetched_at from other_articles
        where content_hash in (select content_hash from current)
    )
    group by content_hash
),

final as (
    select current.*, nullif(firsts.first_article_id, current.article_id) as duplicate_of
    from current
    join firsts using (content_hash)
)

select * from final
