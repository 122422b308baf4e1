-- one row per (article_id, sentence_index): the sentences of the latest analysis of each of the segment's articles (a re-analysis the same way replaces its rows)
with candidates as (
    select * from previous_sentences
    union all by name
    select * from incoming_sentences
),

final as (
    select c.*
    from candidates c
    semi join new_articles a using (article_id, content_hash, nlp_version)
    qualify row_number() over (
        partition by article_id, sentence_index, start_char, end_char, content_hash, nlp_version
        order by run_id desc, batch_id desc
    ) = 1
)

select * from final
