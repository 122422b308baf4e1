-- one row per (event_date, event_type): events per day (of articles first fetched since $since), on the $days most recent days that have dated events. Read by report.py.
with dated as (
    select *, dense_rank() over (order by event_date desc) as day_rank
    from events
    where event_date is not null and first_fetched_at >= $since
)

select event_date, event_type, count(distinct event_group_id) as event_count
from dated
where day_rank <= $days
group by event_date, event_type
order by event_date, event_type
