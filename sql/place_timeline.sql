-- one row per (place_entity_id, event_date): what happened at each place, day by day
create or replace view place_timeline as
with final as (
    select
        place_entity_id,
        any_value(place) as place,
        event_date,
        cast(sum(event_count) as bigint) as event_count,
        list_sort(list_distinct(flatten(list(event_types)))) as event_types,
        list_sort(list_distinct(flatten(list(actors)))) as actors,
        cast(sum(article_count) as bigint) as article_count
    from stg_place_days
    group by place_entity_id, event_date
)

select * from final
