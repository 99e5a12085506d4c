-- current
CREATE TABLE t (id integer PRIMARY KEY, email text);
-- desired
CREATE TABLE t (id integer PRIMARY KEY, email text);
CREATE INDEX t_lower_email ON t (lower(email)) WHERE email IS NOT NULL;
ALTER INDEX t_lower_email ALTER COLUMN 1 SET STATISTICS 1000;
CREATE MATERIALIZED VIEW mv AS SELECT id, email FROM t;
CREATE INDEX mv_lower ON mv (upper(email));
ALTER INDEX mv_lower ALTER COLUMN 1 SET STATISTICS 50;
