-- one row per (input_url, input_kind): an input (the same URL given as a page and as a feed is two inputs), its most recent fetch; every attempt of every run is in fetch_attempts()
create or replace view fetch_log as
with attempts as (
    select * from stg_fetch_log
),

final as (
    select *
    from attempts
    qualify row_number() over (
        partition by input_url, input_kind
        order by run_id desc, is_ok desc, fetched_at desc
    ) = 1
)

select * from final
