-- one row: the warehouse at a glance: all its articles, and of those first fetched since $since the articles, events, places on the map, quotes and span of publication. Read by report.py.
with recent_articles as (
    select published_at from articles where first_fetched_at >= $since
),

recent_events as (
    select event_group_id, place_entity_id, latitude from events where first_fetched_at >= $since
)

select
    (select count(*) from articles) as article_count,
    (select count(*) from recent_articles) as recent_article_count,
    (select count(distinct place_entity_id) from recent_events where latitude is not null) as placed_place_count,
    (select count(distinct event_group_id) from recent_events) as event_count,
    (select count(*) from quotes where first_fetched_at >= $since) as quote_count,
    (select min(published_at) from recent_articles) as first_published_at,
    (select max(published_at) from recent_articles) as last_published_at
