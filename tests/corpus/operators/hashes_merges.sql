-- current
CREATE FUNCTION int_same(integer, integer) RETURNS boolean LANGUAGE sql IMMUTABLE AS 'SELECT $1 = $2';
CREATE FUNCTION int_differ(integer, integer) RETURNS boolean LANGUAGE sql IMMUTABLE AS 'SELECT $1 <> $2';
CREATE OPERATOR === (FUNCTION = int_same, LEFTARG = integer, RIGHTARG = integer);
-- desired
CREATE FUNCTION int_same(integer, integer) RETURNS boolean LANGUAGE sql IMMUTABLE AS 'SELECT $1 = $2';
CREATE FUNCTION int_differ(integer, integer) RETURNS boolean LANGUAGE sql IMMUTABLE AS 'SELECT $1 <> $2';
CREATE OPERATOR === (FUNCTION = int_same, LEFTARG = integer, RIGHTARG = integer, HASHES, MERGES);
