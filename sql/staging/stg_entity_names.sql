-- one row per (entity_id, name_key): the append-only registry of the names each entity is known by, committed batches only
create or replace view stg_entity_names as
with source as (
    select *
    from read_parquet(warehouse_root() || '/entity_names/*/*.parquet', union_by_name = true)
    semi join committed_batches() using (batch_id)
),

final as (
    select *
    from source
    qualify row_number() over (partition by entity_id, name_key order by run_id, batch_id) = 1
)

select * from final
