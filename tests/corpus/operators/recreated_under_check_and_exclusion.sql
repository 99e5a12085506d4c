-- current
CREATE FUNCTION same(a integer, b integer) RETURNS boolean LANGUAGE sql IMMUTABLE AS 'SELECT a = b';
CREATE FUNCTION same2(a integer, b integer) RETURNS boolean LANGUAGE sql IMMUTABLE AS 'SELECT a = b';
CREATE OPERATOR === (LEFTARG = integer, RIGHTARG = integer, FUNCTION = same);
CREATE TABLE t (id integer, a integer, b integer CONSTRAINT t_same CHECK (a === b),
  CONSTRAINT t_ex EXCLUDE USING btree (id WITH =) WHERE (a === b));
-- desired
CREATE FUNCTION same(a integer, b integer) RETURNS boolean LANGUAGE sql IMMUTABLE AS 'SELECT a = b';
CREATE FUNCTION same2(a integer, b integer) RETURNS boolean LANGUAGE sql IMMUTABLE AS 'SELECT a = b';
CREATE OPERATOR === (LEFTARG = integer, RIGHTARG = integer, FUNCTION = same2);
CREATE TABLE t (id integer, a integer, b integer CONSTRAINT t_same CHECK (a === b),
  CONSTRAINT t_ex EXCLUDE USING btree (id WITH =) WHERE (a === b));
