-- one row per event_group_id: the $limit newest events of articles first fetched since $since (one row each, its first place), with their article. Read by report.py.
with firsts as (
    select * from events
    where first_fetched_at >= $since
    qualify row_number() over (partition by event_group_id order by event_id) = 1
)

select
    firsts.event_group_id,
    firsts.event_date,
    firsts.event_type,
    firsts.actor,
    firsts.trigger,
    firsts.target,
    firsts.location,
    firsts.attributed_to,
    firsts.confidence,
    firsts.sentence,
    articles.title,
    articles.url
from firsts
join articles on articles.article_id = firsts.article_id
order by firsts.event_date desc nulls last, firsts.confidence desc, firsts.event_group_id
limit $limit
