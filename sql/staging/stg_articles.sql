-- one row per article_id: each article's current version (the latest fetched), with when it was first fetched, the article first seen with the same text (duplicate_of) and its latest analysis (nlp_version, analysis_batch_id); kept deduplicated by compaction.py from the committed batches
create or replace view stg_articles as
select * from state_rows('articles')
