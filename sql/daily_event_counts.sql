-- one row per (event_date, location, place_entity_id, event_type): how many events, and how many articles report them
create or replace view daily_event_counts as
with located as (
    select * from events where not negated
),

final as (
    select
        event_date,
        location,
        place_entity_id,
        any_value(latitude) as latitude,
        any_value(longitude) as longitude,
        event_type,
        count(distinct event_group_id) as event_count,
        count(distinct article_id) as article_count,
        cast(sum(quantity) as bigint) as quantity_sum,
        cast(sum(killed) as bigint) as killed_sum
    from located
    group by event_date, location, place_entity_id, event_type
)

select * from final
