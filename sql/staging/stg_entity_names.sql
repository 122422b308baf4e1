-- one row per (entity_id, name_key): the append-only registry of the names each entity is known by, committed batches only
create or replace view stg_entity_names as
with source as (
    select * from committed_rows('entity_names')
),

final as (
    select *
    from source
    qualify row_number() over (partition by entity_id, name_key order by run_id, batch_id) = 1
)

select * from final
