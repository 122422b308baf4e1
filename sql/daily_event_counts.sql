-- one row per (event_date, location, place_entity_id, event_type): how many events, and how many articles report them
create or replace view daily_event_counts as
with final as (
    select
        event_date,
        location,
        place_entity_id,
        any_value(latitude) as latitude,
        any_value(longitude) as longitude,
        event_type,
        cast(sum(event_count) as bigint) as event_count,
        cast(sum(article_count) as bigint) as article_count,
        cast(sum(quantity_sum) as bigint) as quantity_sum,
        cast(sum(killed_sum) as bigint) as killed_sum
    from stg_event_day_counts
    group by event_date, location, place_entity_id, event_type
)

select * from final
