-- one row per (term, article_id): the distinct words of each of the segment's articles (search_terms), the word index search_articles() reads instead of scanning every text; words over 40 characters are left out
with words as (
    select article_id, unnest(search_terms(text)) as term
    from new_articles
),

final as (
    select term, article_id
    from words
    where length(term) <= 40
)

select * from final
