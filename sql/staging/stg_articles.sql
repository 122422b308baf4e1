-- one row per article version (article_id, run_id, batch_id): every extraction of every committed batch
create or replace view stg_articles as
with source as (
    select *
    from read_parquet(warehouse_root() || '/articles/*/*.parquet', union_by_name = true)
),

committed_batches as (
    -- a batch's fetch_log file is written last; without it the batch was cut short
    select distinct batch_id from stg_fetch_log
),

final as (
    select source.*
    from source
    semi join committed_batches using (batch_id)
)

select * from final
