-- one row per (entity_id, name_key): the append-only registry of the names each entity is known by, committed batches only
create or replace view stg_entity_names as
select * from state_rows('entity_names')
