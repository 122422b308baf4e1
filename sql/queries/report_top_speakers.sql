-- one row per speaker_key: the $limit most-quoted speakers (top_speakers). Read by report.py.
select speaker_key, speaker, quote_count, article_count
from top_speakers
order by quote_count desc, article_count desc, speaker
limit $limit
