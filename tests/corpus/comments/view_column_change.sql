-- current
CREATE TABLE t (id int, name text);
CREATE VIEW v AS SELECT id, name AS label FROM t;
COMMENT ON COLUMN v.id IS 'the key';
COMMENT ON COLUMN v.label IS 'old words';
-- desired
CREATE TABLE t (id int, name text);
CREATE VIEW v AS SELECT id, name AS label FROM t;
COMMENT ON COLUMN v.id IS 'the key';
COMMENT ON COLUMN v.label IS 'new words';
