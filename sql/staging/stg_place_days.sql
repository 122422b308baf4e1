-- one row per (segment_id, place_entity_id, event_date): one segment's shown events at a placed location (sum over segments: every article is in one)
create or replace view stg_place_days as
select * from state_rows('place_days')
