-- one row per (article_id, start_char, end_char, entity_id, label): the entity mentions of each article's latest analysis, committed batches only
create or replace view stg_mentions as
select * from state_rows('mentions')
