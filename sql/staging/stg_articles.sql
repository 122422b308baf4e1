-- one row per article version (article_id, content_hash, extractor_version, title, published_at): committed batches only; re-extracting the same page the same way updates its row instead of adding one
create or replace view stg_articles as
with source as (
    select *
    from read_parquet(warehouse_root() || '/articles/*/*.parquet', union_by_name = true)
),

committed as (
    select source.*
    from source
    semi join committed_batches() using (batch_id)
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
