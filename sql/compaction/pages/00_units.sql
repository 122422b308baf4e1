-- one row per url that the new batches stored an article for, or settled without one
select distinct url
from incoming_fetch_log
where url is not null and ((status = 'ok' and article_id is not null) or status in (select unnest($settled)))
