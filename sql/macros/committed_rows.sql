-- one row per row of the table named table_name whose batch was committed (its batches row, written last, exists): the one place the staging views read Parquet through, so the rows of a batch a killed run cut short are left out everywhere
create or replace macro committed_rows(table_name) as table
select *
from read_parquet(warehouse_root() || '/' || table_name || '/*/*.parquet', union_by_name = true)
semi join committed_batches() using (batch_id)
