-- one row per url: its latest fetch that stored an article or settled the page as one without (empty, not text, another language), committed batches only
create or replace view stg_page_fetches as
select * from state_rows('page_fetches')
