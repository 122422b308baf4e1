-- one row per (term, article_id): the word index of the current articles, sorted by term within each segment so that a lookup reads only the row groups holding its words (query search_articles() instead)
create or replace view stg_article_terms as
select * from state_rows('article_terms')
