-- one row per (article_id, start_char, end_char, entity_id, label, content_hash, nlp_version): a mention per analysis, committed batches only; re-analysing the same text the same way updates its rows instead of adding
create or replace view stg_mentions as
with source as (
    select * from committed_rows('mentions')
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
