-- one row per quote_id: the quotes of the latest analysis of each of the segment's articles, with when their article was first fetched
with candidates as (
    select * exclude (first_fetched_at) from previous_quotes
    union all by name
    select * from incoming_quotes
),

final as (
    select c.*, a.first_fetched_at
    from candidates c
    join new_articles a using (article_id, content_hash, nlp_version)
    qualify row_number() over (partition by c.quote_id, c.nlp_version order by c.run_id desc, c.batch_id desc) = 1
)

select * from final
