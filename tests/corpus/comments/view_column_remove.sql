-- current
CREATE TABLE t (id int, name text);
CREATE VIEW v AS SELECT id, name AS label FROM t;
COMMENT ON VIEW v IS 'stays';
COMMENT ON COLUMN v.label IS 'goes';
-- desired
CREATE TABLE t (id int, name text);
CREATE VIEW v AS SELECT id, name AS label FROM t;
COMMENT ON VIEW v IS 'stays';
