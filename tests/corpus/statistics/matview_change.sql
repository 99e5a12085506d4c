-- current
CREATE TABLE t (a int, b int, c text);
CREATE MATERIALIZED VIEW mv AS SELECT a, b, c FROM t;
CREATE STATISTICS mv_kinds (ndistinct) ON a, b FROM mv;
CREATE STATISTICS mv_target ON a, c FROM mv;
ALTER STATISTICS mv_target SET STATISTICS 100;
COMMENT ON STATISTICS mv_target IS 'before';
CREATE STATISTICS mv_cols ON a, b FROM mv;
-- desired
CREATE TABLE t (a int, b int, c text);
CREATE MATERIALIZED VIEW mv AS SELECT a, b, c FROM t;
CREATE STATISTICS mv_kinds (mcv, dependencies) ON a, b FROM mv;
CREATE STATISTICS mv_target ON a, c FROM mv;
ALTER STATISTICS mv_target SET STATISTICS 900;
COMMENT ON STATISTICS mv_target IS 'after; ''quoted'' $$';
CREATE STATISTICS mv_cols ON b, c, (a + 1) FROM mv;
