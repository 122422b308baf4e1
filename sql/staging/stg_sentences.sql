-- one row per sentence per analysis (article_id, sentence_index, content_hash, nlp_version), committed batches only
create or replace view stg_sentences as
with source as (
    select *
    from read_parquet(warehouse_root() || '/sentences/*/*.parquet', union_by_name = true)
    semi join committed_batches() using (batch_id)
),

final as (
    select *
    from source
    qualify row_number() over (
        partition by article_id, sentence_index, start_char, end_char, content_hash, nlp_version
        order by run_id desc, batch_id desc
    ) = 1
)

select * from final
