-- 003_drop_fact_value_index: nothing reads device_facts by (kind, value), and keeping that
-- index up to date was a quarter of the cost of every new fact in a large ingest. The
-- unique key (device_id, kind, value, source) still serves every read and every upsert.

DROP INDEX IF EXISTS device_facts_by_kind_value;
