-- one row per (event_date, location, place_entity_id, event_type): the segment's shown events (not negated) counted per day and place (daily_event_counts adds the segments up)
select
    event_date,
    location,
    place_entity_id,
    any_value(latitude) as latitude,
    any_value(longitude) as longitude,
    event_type,
    count(distinct article_id) as article_count,
    count(distinct event_group_id) as event_count,
    cast(sum(quantity) as bigint) as quantity_sum,
    cast(sum(killed) as bigint) as killed_sum
from new_events
where is_event and not negated
group by event_date, location, place_entity_id, event_type
