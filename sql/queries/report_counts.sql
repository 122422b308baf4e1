-- one row: the warehouse at a glance (articles, entities, placed places, events, quotes, the span of publication). Read by report.py.
select
    (select count(*) from articles) as article_count,
    (select count(*) from entities) as entity_count,
    (select count(*) from places where latitude is not null) as placed_place_count,
    (select count(distinct event_group_id) from events) as event_count,
    (select count(*) from quotes) as quote_count,
    (select min(published_at) from articles) as first_published_at,
    (select max(published_at) from articles) as last_published_at
