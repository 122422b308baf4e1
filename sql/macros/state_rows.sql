-- one row per row of the current state of the table named table_name (compaction.py keeps it deduplicated as batches are committed): the one place the staging views read Parquet through
create or replace macro state_rows(table_name) as table
select *
from read_parquet(state_files(table_name), union_by_name = true)
