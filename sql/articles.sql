-- one row per article_id: the latest version of each article, with exact duplicates (same text at another URL) pointing at the first one seen
create or replace view articles as
with final as (
    select
        article_id,
        url,
        canonical_url,
        final_url,
        domain,
        site_name,
        title,
        authors,
        published_at,
        language,
        nlp_status,
        description,
        categories,
        tags,
        text,
        word_count,
        content_hash,
        duplicate_of,
        html_sha256,
        extractor_version,
        nlp_version,
        first_fetched_at,
        fetched_at,
        run_id
    from stg_articles
)

select * from final
