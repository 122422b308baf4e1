-- one row per (place_entity_id, event_date): the segment's shown events (not negated) at each placed location per day (place_timeline adds the segments up)
select
    place_entity_id,
    any_value(location) as place,
    event_date,
    count(distinct article_id) as article_count,
    count(distinct event_group_id) as event_count,
    list(distinct event_type order by event_type) as event_types,
    list(distinct actor order by actor) filter (where actor is not null) as actors
from new_events
where is_event and not negated and place_entity_id is not null
group by place_entity_id, event_date
