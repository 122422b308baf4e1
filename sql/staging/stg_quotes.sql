-- one row per quote per analysis (quote_id), committed batches only
create or replace view stg_quotes as
with source as (
    select *
    from read_parquet(warehouse_root() || '/quotes/*/*.parquet', union_by_name = true)
    semi join committed_batches() using (batch_id)
),

final as (
    select *
    from source
    qualify row_number() over (partition by quote_id, nlp_version order by run_id desc, batch_id desc) = 1
)

select * from final
