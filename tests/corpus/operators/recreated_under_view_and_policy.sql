-- current
DO $$ BEGIN CREATE ROLE "gc_read" NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE FUNCTION same(a integer, b integer) RETURNS boolean LANGUAGE sql IMMUTABLE AS 'SELECT a = b';
CREATE FUNCTION same2(a integer, b integer) RETURNS boolean LANGUAGE sql IMMUTABLE AS 'SELECT a = b';
CREATE OPERATOR === (LEFTARG = integer, RIGHTARG = integer, FUNCTION = same);
CREATE TABLE t (id integer, a integer, b integer);
ALTER TABLE t ENABLE ROW LEVEL SECURITY;
CREATE POLICY t_same ON t USING (a === b);
CREATE VIEW v AS SELECT id, a === b AS same FROM t;
GRANT SELECT ON v TO gc_read;
COMMENT ON VIEW v IS 'kept';
-- desired
DO $$ BEGIN CREATE ROLE "gc_read" NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE FUNCTION same(a integer, b integer) RETURNS boolean LANGUAGE sql IMMUTABLE AS 'SELECT a = b';
CREATE FUNCTION same2(a integer, b integer) RETURNS boolean LANGUAGE sql IMMUTABLE AS 'SELECT a = b';
CREATE OPERATOR === (LEFTARG = integer, RIGHTARG = integer, FUNCTION = same2);
CREATE TABLE t (id integer, a integer, b integer);
ALTER TABLE t ENABLE ROW LEVEL SECURITY;
CREATE POLICY t_same ON t USING (a === b);
CREATE VIEW v AS SELECT id, a === b AS same FROM t;
GRANT SELECT ON v TO gc_read;
COMMENT ON VIEW v IS 'kept';
