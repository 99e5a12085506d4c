-- current
CREATE FUNCTION int_same(integer, integer) RETURNS boolean LANGUAGE sql IMMUTABLE AS 'SELECT $1 = $2';
CREATE FUNCTION int_differ(integer, integer) RETURNS boolean LANGUAGE sql IMMUTABLE AS 'SELECT $1 <> $2';
-- desired
CREATE FUNCTION int_same(integer, integer) RETURNS boolean LANGUAGE sql IMMUTABLE AS 'SELECT $1 = $2';
CREATE FUNCTION int_differ(integer, integer) RETURNS boolean LANGUAGE sql IMMUTABLE AS 'SELECT $1 <> $2';
CREATE OPERATOR === (FUNCTION = int_same, LEFTARG = integer, RIGHTARG = integer, COMMUTATOR = ===, NEGATOR = !==,
                     RESTRICT = eqsel, JOIN = eqjoinsel, HASHES, MERGES);
CREATE OPERATOR !== (FUNCTION = int_differ, LEFTARG = integer, RIGHTARG = integer, COMMUTATOR = !==, NEGATOR = ===,
                     RESTRICT = neqsel, JOIN = neqjoinsel);
