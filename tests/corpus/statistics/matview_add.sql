-- current
CREATE TABLE t (a int, b int, c text);
CREATE MATERIALIZED VIEW mv AS SELECT a, b, c FROM t;
-- desired
CREATE TABLE t (a int, b int, c text);
CREATE MATERIALIZED VIEW mv AS SELECT a, b, c FROM t;
CREATE STATISTICS "mv ""st"";" (mcv) ON b, a FROM mv;
ALTER STATISTICS "mv ""st"";" SET STATISTICS 321;
COMMENT ON STATISTICS "mv ""st"";" IS 'it''s $$; -- ünï';
CREATE STATISTICS mv_expr ON (lower(c)) FROM mv;
