-- current
CREATE FUNCTION same(a integer, b integer) RETURNS boolean LANGUAGE sql IMMUTABLE AS 'SELECT a = b';
CREATE FUNCTION same2(a integer, b integer) RETURNS boolean LANGUAGE sql IMMUTABLE AS 'SELECT a = b';
CREATE OPERATOR === (LEFTARG = integer, RIGHTARG = integer, FUNCTION = same);
CREATE TABLE t (id integer, a integer, b integer);
CREATE INDEX t_same ON t ((a === b));
CREATE INDEX t_where ON t (id) WHERE a === b;
-- desired
CREATE FUNCTION same(a integer, b integer) RETURNS boolean LANGUAGE sql IMMUTABLE AS 'SELECT a = b';
CREATE FUNCTION same2(a integer, b integer) RETURNS boolean LANGUAGE sql IMMUTABLE AS 'SELECT a = b';
CREATE OPERATOR === (LEFTARG = integer, RIGHTARG = integer, FUNCTION = same2);
CREATE TABLE t (id integer, a integer, b integer);
CREATE INDEX t_same ON t ((a === b));
CREATE INDEX t_where ON t (id) WHERE a === b;
