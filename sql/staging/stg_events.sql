-- one row per (event_id, nlp_version): an event at one of its places, per analysis, committed batches only; re-analysing the same text the same way updates its rows instead of adding
create or replace view stg_events as
with source as (
    select * from committed_rows('events')
),

final as (
    select *
    from source
    qualify row_number() over (partition by event_id, nlp_version order by run_id desc, batch_id desc) = 1
)

select * from final
