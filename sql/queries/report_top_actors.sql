-- one row per actor_key (the actor's entity, else its name in lower case): the $limit actors of the most events in articles first fetched since $since. Read by report.py.
select
    coalesce(actor_entity_id, lower(actor)) as actor_key,
    mode(actor) as actor,
    count(distinct event_group_id) as event_count,
    count(distinct article_id) as article_count
from events
where actor is not null and first_fetched_at >= $since
group by actor_key
order by event_count desc, article_count desc, actor
limit $limit
