-- one row per input URL (input_url): its most recent fetch, in the run that last saw it; every run's rows are in stg_fetch_log
create or replace view fetch_log as
with attempts as (
    select * from stg_fetch_log
),

final as (
    select *
    from attempts
    qualify row_number() over (
        partition by input_url
        order by run_id desc, is_ok desc, fetched_at desc
    ) = 1
)

select * from final
