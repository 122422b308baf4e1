-- one row per (segment_id, entity_id): how often one segment's articles mention an entity (sum over segments: every article is in one)
create or replace view stg_entity_counts as
select * from state_rows('entity_counts')
