-- one row per batch_id whose batches row (the commit marker, written last) exists: rows of any other batch were cut short by a killed run and are ignored by every staging view
create or replace macro committed_batches() as table
select distinct batch_id, run_id, flow, committed_at
from read_parquet(warehouse_root() || '/batches/*/*.parquet', union_by_name = true)
