-- current
CREATE TABLE t (id integer, n integer);
CREATE VIEW v AS SELECT id, n FROM t;
CREATE TABLE o (id integer);
ALTER TABLE o ENABLE ROW LEVEL SECURITY;
CREATE POLICY o_seen ON o USING (EXISTS (SELECT 1 FROM v WHERE v.id = o.id));
-- desired
CREATE TABLE t (id integer, n bigint);
CREATE VIEW v AS SELECT id, n FROM t;
CREATE TABLE o (id integer);
ALTER TABLE o ENABLE ROW LEVEL SECURITY;
CREATE POLICY o_seen ON o USING (EXISTS (SELECT 1 FROM v WHERE v.id = o.id));
