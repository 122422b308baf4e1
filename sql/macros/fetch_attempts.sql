-- one row per input URL per run (input_url, run_id): every fetch newsflow made, for auditing; a table macro, not a view, because it grows with every run: select * from fetch_attempts()
create or replace macro fetch_attempts() as table
with source as (
    select * from committed_rows('fetch_log')
),

final as (
    select *, status = 'ok' as is_ok
    from source
)

select * from final
