-- one row per url of $urls: its latest fetch within the last $days days that gave an article, or that
-- settled the page as one without (an empty or other-language page; fetching it again each night would
-- change nothing), with the versions that analysed it. Read by inputs/planning.py for the run's own URLs
-- only, from the current state (stg_page_fetches), so its cost follows the run's inputs, not history.
select f.url, f.final_url, f.http_status, f.content_type, f.charset, f.bytes, f.html_sha256,
    f.fetched_at, f.article_id, f.status, a.extractor_version, a.nlp_status, a.nlp_version
from stg_page_fetches f
left join stg_articles a on a.article_id = f.article_id
where (f.status <> 'ok' or a.article_id is not null)
    and f.url in (select unnest($urls))
    and f.fetched_at >= now() - to_seconds(cast($days * 86400 as bigint))
