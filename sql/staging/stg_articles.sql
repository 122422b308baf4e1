-- one row per (article_id, content_hash, extractor_version, title, published_at): an article version, committed batches only; re-extracting the same page the same way updates its row instead of adding one
create or replace view stg_articles as
with committed as (
    select * from committed_rows('articles')
),

final as (
    select *
    from committed
    qualify row_number() over (
        partition by article_id, content_hash, extractor_version, title, published_at
        order by fetched_at desc, run_id desc
    ) = 1
)

select * from final
