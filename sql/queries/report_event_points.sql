-- one row per (location, latitude, longitude): a map's placed events there (of articles first fetched since $since), their commonest type, the most first. Read by report.py.
select
    location,
    latitude,
    longitude,
    any_value(geo_precision) as geo_precision,
    count(distinct event_group_id) as event_count,
    mode(event_type) as main_event_type,
    string_agg(distinct event_type, ', ' order by event_type) as event_types,
    max(event_date) as last_event_date
from events
where latitude is not null and longitude is not null and first_fetched_at >= $since
group by location, latitude, longitude
order by event_count desc, location
