-- one row per article_id of the articles view whose text has every word of words (whole words, any case, any order), read from the word index: select title, url from search_articles('ceasefire talks'); add "where text ilike '%ceasefire talks%'" for the exact phrase
create or replace macro search_articles(words) as table
select *
from articles
where article_id in (
    select article_id
    from stg_article_terms
    where term in (select unnest(search_terms(words)))
    group by article_id
    having count(distinct term) = len(search_terms(words))
)
