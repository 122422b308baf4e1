-- one row per (article_id, sentence_index): the sentences of each article's latest analysis, committed batches only
create or replace view stg_sentences as
select * from state_rows('sentences')
