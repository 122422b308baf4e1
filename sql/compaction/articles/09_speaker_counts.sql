-- one row per speaker_key (speaker_entity_id, or the speaker's name when unresolved): the segment's attributed quotes per speaker (top_speakers adds the segments up)
select
    coalesce(speaker_entity_id, speaker) as speaker_key,
    any_value(speaker) as speaker,
    any_value(speaker_entity_id) as speaker_entity_id,
    count(*) as quote_count,
    count(distinct article_id) as article_count
from new_quotes
where speaker is not null
group by 1
