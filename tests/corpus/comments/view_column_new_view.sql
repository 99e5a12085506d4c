-- current
CREATE TABLE t (id int, name text);
-- desired
CREATE TABLE t (id int, name text);
CREATE VIEW v AS SELECT id, name AS label FROM t;
COMMENT ON COLUMN v.id IS 'the key';
COMMENT ON COLUMN v.label IS 'made with the view';
