-- one row per url: its latest fetch that stored an article, or that settled the page as one without ($settled: empty, not text, another language), as incremental planning asks of it
with fetches as (
    select * from previous_page_fetches
    union all by name
    select *
    from incoming_fetch_log
    where url is not null and ((status = 'ok' and article_id is not null) or status in (select unnest($settled)))
),

final as (
    select *
    from fetches
    qualify row_number() over (partition by url order by fetched_at desc, run_id desc) = 1
)

select * from final
