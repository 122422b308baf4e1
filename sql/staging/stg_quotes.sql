-- one row per (quote_id, nlp_version): a quote per analysis, committed batches only
create or replace view stg_quotes as
with source as (
    select * from committed_rows('quotes')
),

final as (
    select *
    from source
    qualify row_number() over (partition by quote_id, nlp_version order by run_id desc, batch_id desc) = 1
)

select * from final
