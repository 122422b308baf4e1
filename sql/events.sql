-- one row per event_id: an event an article asserts or reports (from its latest analysis), with an actor a reader could name and a confidence at least the model's threshold, one row per place when it names several (event_group_id groups them; count distinct event_group_id, not rows, and sum quantity per group); every candidate is in event_mentions
create or replace view events as
with shown as (
    select * exclude (is_event)
    from event_mentions
    where is_event
)

select * from shown
