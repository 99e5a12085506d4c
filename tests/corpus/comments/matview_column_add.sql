-- current
CREATE MATERIALIZED VIEW m AS SELECT 1 AS one, 2 AS "Two Words";
-- desired
CREATE MATERIALIZED VIEW m AS SELECT 1 AS one, 2 AS "Two Words";
COMMENT ON COLUMN m."Two Words" IS 'cached';
