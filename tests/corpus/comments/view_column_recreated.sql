-- current
CREATE TABLE t (id int, name text);
CREATE VIEW v AS SELECT id, name AS label FROM t;
COMMENT ON COLUMN v.label IS 'before';
COMMENT ON COLUMN v.id IS 'kept';
-- desired
CREATE TABLE t (id int, name text);
CREATE VIEW v AS SELECT id, upper(name) AS label FROM t;
COMMENT ON COLUMN v.label IS 'after';
COMMENT ON COLUMN v.id IS 'kept';
