-- current
CREATE TABLE t (a int, b int, c text);
CREATE MATERIALIZED VIEW mv AS SELECT a, b, c FROM t;
CREATE INDEX mv_a ON mv (a);
CREATE STATISTICS mv_ab (dependencies) ON a, b FROM mv;
ALTER STATISTICS mv_ab SET STATISTICS 50;
COMMENT ON STATISTICS mv_ab IS 'gone';
CREATE STATISTICS mv_ac ON a, (lower(c)) FROM mv;
-- desired
CREATE TABLE t (a int, b int, c text);
CREATE MATERIALIZED VIEW mv AS SELECT a, b, c FROM t;
CREATE INDEX mv_a ON mv (a);
