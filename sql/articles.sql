-- one row per article_id: the latest version of each article, with exact duplicates (same text at another URL) pointing at the first one seen
create or replace view articles as
with versions as (
    select * from stg_articles
),

first_seen as (
    select article_id, min(fetched_at) as first_fetched_at
    from versions
    group by article_id
),

latest as (
    select *
    from versions
    qualify row_number() over (partition by article_id order by fetched_at desc, run_id desc) = 1
),

final as (
    select
        latest.article_id,
        latest.url,
        latest.canonical_url,
        latest.final_url,
        latest.domain,
        latest.site_name,
        latest.title,
        latest.authors,
        latest.published_at,
        latest.language,
        latest.nlp_status,
        latest.description,
        latest.categories,
        latest.tags,
        latest.text,
        latest.word_count,
        latest.content_hash,
        nullif(
            first_value(latest.article_id) over (
                partition by latest.content_hash
                order by first_seen.first_fetched_at, latest.article_id
            ),
            latest.article_id
        ) as duplicate_of,
        latest.html_sha256,
        latest.extractor_version,
        first_seen.first_fetched_at,
        latest.fetched_at,
        latest.run_id
    from latest
    join first_seen using (article_id)
)

select * from final
