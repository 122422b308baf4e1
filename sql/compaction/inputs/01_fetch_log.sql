-- one row per (input_url, input_kind): an input's most recent fetch (a run's own outcome first, an ok one before a failed one); inputs a run found already stored are not fetches
with attempts as (
    select * exclude (is_ok) from previous_fetch_log
    union all by name
    select * from incoming_fetch_log where status <> 'already_stored'
),

final as (
    select *, status = 'ok' as is_ok
    from attempts
    qualify row_number() over (
        partition by input_url, input_kind
        order by run_id desc, status = 'ok' desc, fetched_at desc
    ) = 1
)

select * from final
