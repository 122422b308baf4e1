-- one row per input URL per run (input_url, run_id), committed batches only: every fetch newsflow made
create or replace view stg_fetch_log as
with source as (
    select *
    from read_parquet(warehouse_root() || '/fetch_log/*/*.parquet', union_by_name = true)
),

final as (
    select
        run_id,
        batch_id,
        input_url,
        url,
        final_url,
        status,
        status = 'ok' as is_ok,
        http_status,
        error,
        bytes,
        elapsed_ms,
        attempt_count,
        content_type,
        charset,
        html_sha256,
        article_id,
        fetched_at
    from source
)

select * from final
