-- one row per (input_url, input_kind) that the new batches fetched
select distinct input_url, input_kind from incoming_fetch_log where status <> 'already_stored'
