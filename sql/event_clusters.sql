-- one row per cluster_id: one happening as many events tell it, across articles: events of one type whose places lie within 25 km of each other (or are the same place) and whose days are at most one day apart, with compatible actors (the same entity, or one of them unnamed), grouped transitively; with how many articles and source domains report it (GDELT's NumArticles, NumSources). Events without a day or a placed location are clusters of their own.
create or replace view event_clusters as
with recursive events_once as (
    select
        event_group_id,
        any_value(event_type) as event_type,
        any_value(article_id) as article_id,
        any_value(event_date) as event_date,
        any_value(actor) as actor,
        any_value(actor_entity_id) as actor_entity_id,
        arg_min(location, event_id) as location,
        arg_min(place_entity_id, event_id) as place_entity_id,
        arg_min(latitude, event_id) as latitude,
        arg_min(longitude, event_id) as longitude,
        any_value(mention_count) as mention_count
    from events
    group by event_group_id
),

linked as (
    select a.event_group_id, b.event_group_id as other_group_id
    from events_once a
    join events_once b
        on a.event_type = b.event_type
        and a.event_group_id <> b.event_group_id
        and abs(a.event_date - b.event_date) <= 1
        and (
            a.place_entity_id = b.place_entity_id
            or 2 * 6371 * asin(sqrt(
                pow(sin(radians(b.latitude - a.latitude) / 2), 2)
                + cos(radians(a.latitude)) * cos(radians(b.latitude)) * pow(sin(radians(b.longitude - a.longitude) / 2), 2)
            )) <= 25
        )
        and (
            a.actor_entity_id is null or b.actor_entity_id is null or a.actor_entity_id = b.actor_entity_id
        )
),

reached (event_group_id, cluster_id) as (
    select event_group_id, event_group_id from events_once
    union
    select linked.other_group_id, reached.cluster_id
    from reached
    join linked using (event_group_id)
),

membership as (
    select event_group_id, min(cluster_id) as cluster_id
    from reached
    group by event_group_id
),

final as (
    select
        membership.cluster_id,
        any_value(e.event_type) as event_type,
        min(e.event_date) as first_date,
        max(e.event_date) as last_date,
        mode(e.location) as location,
        mode(e.place_entity_id) as place_entity_id,
        avg(e.latitude) as latitude,
        avg(e.longitude) as longitude,
        list(distinct e.actor order by e.actor) filter (where e.actor is not null) as actors,
        count(*) as event_count,
        count(distinct e.article_id) as article_count,
        count(distinct a.domain) as source_count,
        cast(sum(e.mention_count) as bigint) as mention_count,
        list(e.event_group_id order by e.event_group_id) as event_group_ids
    from membership
    join events_once e using (event_group_id)
    left join articles a using (article_id)
    group by membership.cluster_id
)

select * from final
