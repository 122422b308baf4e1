-- one row per (entity_id, name_key) that the new batches register
select distinct entity_id, name_key from incoming_entity_names
