-- moved: views app.mv from public
-- current
CREATE SCHEMA app;
CREATE TABLE t (a int, b int);
CREATE MATERIALIZED VIEW mv AS SELECT a, b FROM t;
CREATE STATISTICS mv_ab (mcv) ON a, b FROM mv;
ALTER STATISTICS mv_ab SET STATISTICS 70;
COMMENT ON STATISTICS mv_ab IS 'moves along';
-- desired
CREATE SCHEMA app;
CREATE TABLE t (a int, b int);
CREATE MATERIALIZED VIEW app.mv AS SELECT a, b FROM t;
CREATE STATISTICS app.mv_ab (mcv) ON a, b FROM app.mv;
ALTER STATISTICS app.mv_ab SET STATISTICS 70;
COMMENT ON STATISTICS app.mv_ab IS 'moves along';
