-- one row per (article_id, sentence_index): the sentences of each article's latest analysis, with their text
create or replace view sentences as
with final as (
    select
        s.article_id,
        s.sentence_index,
        s.start_char,
        s.end_char,
        substr(a.text, s.start_char + 1, s.end_char - s.start_char) as text,
        s.nlp_version
    from stg_sentences s
    join stg_articles a using (article_id, content_hash)
)

select * from final
