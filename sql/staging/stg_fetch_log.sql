-- one row per (input_url, input_kind): each input's most recent fetch (a run's own outcome first, an ok one before a failed one), committed batches only; every attempt of every run is in fetch_attempts()
create or replace view stg_fetch_log as
select * from state_rows('fetch_log')
