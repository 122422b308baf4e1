-- one row per (article_id, start_char, end_char, entity_id, label): the entity mentions of the latest analysis of each of the segment's articles
with candidates as (
    select * from previous_mentions
    union all by name
    select * from incoming_mentions
),

final as (
    select c.*
    from candidates c
    semi join new_articles a using (article_id, content_hash, nlp_version)
    qualify row_number() over (
        partition by article_id, start_char, end_char, entity_id, label, content_hash, nlp_version
        order by run_id desc, batch_id desc
    ) = 1
)

select * from final
