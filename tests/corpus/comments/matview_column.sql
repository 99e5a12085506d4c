-- current
CREATE MATERIALIZED VIEW m AS SELECT 1 AS one, 2 AS two;
COMMENT ON COLUMN m.two IS 'changes';
COMMENT ON COLUMN m.one IS 'goes';
-- desired
CREATE MATERIALIZED VIEW m AS SELECT 1 AS one, 2 AS two;
COMMENT ON COLUMN m.two IS 'changed';
