-- one row per event and place per analysis (event_id), committed batches only; re-analysing the same text the same way updates its rows instead of adding
create or replace view stg_events as
with source as (
    select *
    from read_parquet(warehouse_root() || '/events/*/*.parquet', union_by_name = true)
    semi join committed_batches() using (batch_id)
),

final as (
    select *
    from source
    qualify row_number() over (partition by event_id, nlp_version order by run_id desc, batch_id desc) = 1
)

select * from final
