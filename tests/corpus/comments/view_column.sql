-- current
CREATE TABLE t (id int, name text);
CREATE VIEW v AS SELECT id, name AS label FROM t;
-- desired
CREATE TABLE t (id int, name text);
CREATE VIEW v AS SELECT id, name AS label FROM t;
COMMENT ON COLUMN v.label IS 'what people see';
