-- one row per event_id: the event candidates of each article's latest analysis, with their place's point and their sentence, committed batches only
create or replace view stg_events as
select * from state_rows('events')
