-- one row per run_id: what each run was given and what came of it; a table macro, not a view, because it grows with every run: select * from runs()
create or replace macro runs() as table
with attempts as (
    select * from fetch_attempts()
),

final as (
    select
        run_id,
        min(fetched_at) as started_at,
        max(fetched_at) as finished_at,
        count(*) as input_count,
        count(*) filter (where is_ok) as ok_count,
        count(*) filter (where not is_ok) as failed_count,
        count(distinct article_id) as article_count,
        count(distinct batch_id) as batch_count
    from attempts
    group by run_id
)

select * from final
