-- one row per (place_entity_id, event_date): what happened at each place, day by day
create or replace view place_timeline as
with located as (
    select * from events where place_entity_id is not null and not negated
),

final as (
    select
        place_entity_id,
        any_value(location) as place,
        event_date,
        count(distinct event_group_id) as event_count,
        list(distinct event_type order by event_type) as event_types,
        list(distinct actor order by actor) filter (where actor is not null) as actors,
        count(distinct article_id) as article_count
    from located
    group by place_entity_id, event_date
)

select * from final
