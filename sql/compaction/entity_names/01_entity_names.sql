-- one row per (entity_id, name_key): the append-only registry of the names each entity is known by, each name as first registered
with names as (
    select * from previous_entity_names
    union all by name
    select * from incoming_entity_names
),

final as (
    select * replace (consonant_skeleton(name_key) as name_skeleton)
    from names
    qualify row_number() over (partition by entity_id, name_key order by run_id, batch_id) = 1
)

select * from final
