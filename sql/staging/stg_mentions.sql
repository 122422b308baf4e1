-- one row per mention per analysis (article_id, start_char, end_char, entity_id, content_hash, nlp_version), committed batches only; re-analysing the same text the same way updates its rows instead of adding
create or replace view stg_mentions as
with source as (
    select *
    from read_parquet(warehouse_root() || '/mentions/*/*.parquet', union_by_name = true)
    semi join committed_batches() using (batch_id)
),

final as (
    select *
    from source
    qualify row_number() over (
        partition by article_id, start_char, end_char, entity_id, label, content_hash, nlp_version
        order by run_id desc, batch_id desc
    ) = 1
)

select * from final
