-- one row per (segment_id, event_date, location, place_entity_id, event_type): one segment's shown events counted (sum over segments: every article is in one)
create or replace view stg_event_day_counts as
select * from state_rows('event_day_counts')
