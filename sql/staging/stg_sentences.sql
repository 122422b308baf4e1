-- one row per (article_id, sentence_index, start_char, end_char, content_hash, nlp_version): a sentence per analysis, committed batches only
create or replace view stg_sentences as
with source as (
    select * from committed_rows('sentences')
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
