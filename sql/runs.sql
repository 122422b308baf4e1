-- one row per run_id: what each run was given and what came of it
create or replace view runs as
with attempts as (
    select * from stg_fetch_log
),

versions as (
    select run_id, count(*) as article_count
    from stg_articles
    group by run_id
),

per_run as (
    select
        run_id,
        min(fetched_at) as started_at,
        max(fetched_at) as finished_at,
        count(*) as input_count,
        count(*) filter (where is_ok) as ok_count,
        count(*) filter (where not is_ok) as failed_count,
        count(distinct batch_id) as batch_count
    from attempts
    group by run_id
),

final as (
    select per_run.*, coalesce(versions.article_count, 0) as article_count
    from per_run
    left join versions using (run_id)
)

select * from final
