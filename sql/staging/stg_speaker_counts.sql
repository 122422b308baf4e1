-- one row per (segment_id, speaker_key): one segment's attributed quotes per speaker (sum over segments: every article is in one)
create or replace view stg_speaker_counts as
select * from state_rows('speaker_counts')
