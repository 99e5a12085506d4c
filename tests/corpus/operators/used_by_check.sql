-- current
-- desired
CREATE FUNCTION int_same(integer, integer) RETURNS boolean LANGUAGE sql IMMUTABLE AS 'SELECT $1 = $2';
CREATE FUNCTION int_differ(integer, integer) RETURNS boolean LANGUAGE sql IMMUTABLE AS 'SELECT $1 <> $2';
CREATE OPERATOR === (FUNCTION = int_same, LEFTARG = integer, RIGHTARG = integer);
CREATE TABLE pairs (a integer, b integer, CHECK (NOT (a === b)));
