-- one row per article_id that the new batches bring rows for
select article_id from incoming_articles
union
select article_id from incoming_sentences
union
select article_id from incoming_mentions
union
select article_id from incoming_events
union
select article_id from incoming_quotes
