-- one row per (input_url, input_kind, status, http_status, final_url, html_sha256, article_id): an input and its outcome; a re-run with the same outcome updates its row instead of adding one; inputs a run found already stored (not fetched) and every attempt are in fetch_attempts()
create or replace view stg_fetch_log as
with source as (
    select * from committed_rows('fetch_log')
    where status <> 'already_stored'
),

renamed as (
    select
        run_id,
        batch_id,
        input_url,
        input_kind,
        source_url,
        url,
        final_url,
        status,
        status = 'ok' as is_ok,
        http_status,
        error,
        bytes,
        elapsed_ms,
        attempt_count,
        content_type,
        charset,
        html_sha256,
        article_id,
        fetched_at
    from source
),

final as (
    select *
    from renamed
    qualify row_number() over (
        partition by input_url, input_kind, status, http_status, final_url, html_sha256, article_id
        order by fetched_at desc, run_id desc
    ) = 1
)

select * from final
