-- current
-- desired
CREATE MATERIALIZED VIEW m AS SELECT 1 AS one; CREATE INDEX m_one ON m (one); COMMENT ON INDEX m_one IS 'idx';
