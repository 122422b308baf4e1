-- one row per url of $urls: its latest fetch within the last $days days that gave an article, or that
-- settled the page as one without ($settled: an empty or other-language page; fetching it again each
-- night would change nothing), with the versions that analysed it. Read by inputs/planning.py for the
-- run's own URLs only, so its cost follows the run's inputs, not the warehouse's size.
select f.url, f.final_url, f.http_status, f.content_type, f.charset, f.bytes, f.html_sha256,
    f.fetched_at, f.article_id, f.status, a.extractor_version, a.nlp_status, s.nlp_version
from stg_fetch_log f
left join articles a on a.article_id = f.article_id
left join (select distinct article_id, nlp_version from sentences) s on s.article_id = f.article_id
where ((f.is_ok and a.article_id is not null) or f.status in (select unnest($settled)))
    and f.url in (select unnest($urls))
    and f.fetched_at >= now() - to_seconds(cast($days * 86400 as bigint))
qualify row_number() over (partition by f.url order by f.fetched_at desc) = 1
