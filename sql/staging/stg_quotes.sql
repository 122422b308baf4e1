-- one row per quote_id: the quotes of each article's latest analysis, committed batches only
create or replace view stg_quotes as
select * from state_rows('quotes')
