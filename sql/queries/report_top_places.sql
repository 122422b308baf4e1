-- one row per place_key (the place's entity, else its name in lower case): the $limit places of the most events in articles first fetched since $since. Read by report.py.
select
    coalesce(place_entity_id, lower(location)) as place_key,
    mode(location) as location,
    any_value(geo_precision) as geo_precision,
    count(distinct event_group_id) as event_count,
    count(distinct article_id) as article_count
from events
where location is not null and first_fetched_at >= $since
group by place_key
order by event_count desc, article_count desc, location
limit $limit
