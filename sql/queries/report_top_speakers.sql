-- one row per speaker_key (speaker_entity_id, or the speaker's name when unresolved): the $limit most-quoted speakers in articles first fetched since $since. Read by report.py.
select
    coalesce(speaker_entity_id, speaker) as speaker_key,
    any_value(speaker) as speaker,
    count(*) as quote_count,
    count(distinct article_id) as article_count
from quotes
where speaker is not null and first_fetched_at >= $since
group by speaker_key
order by quote_count desc, article_count desc, speaker
limit $limit
