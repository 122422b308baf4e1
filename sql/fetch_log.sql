-- one row per (input_url, input_kind): an input (the same URL given as a page and as a feed is two inputs), its most recent fetch; every attempt of every run is in fetch_attempts()
create or replace view fetch_log as
with final as (
    select * exclude (is_ok), is_ok
    from stg_fetch_log
)

select * from final
