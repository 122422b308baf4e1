-- one row per quote_id: the quotes of the latest analysis of each of the segment's articles
with candidates as (
    select * from previous_quotes
    union all by name
    select * from incoming_quotes
),

final as (
    select c.*
    from candidates c
    semi join new_articles a using (article_id, content_hash, nlp_version)
    qualify row_number() over (partition by quote_id, nlp_version order by run_id desc, batch_id desc) = 1
)

select * from final
