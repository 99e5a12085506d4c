-- current
CREATE AGGREGATE total(integer) (SFUNC = int4pl, STYPE = integer);
COMMENT ON AGGREGATE total(integer) IS 'old';
-- desired
CREATE AGGREGATE total(integer) (SFUNC = int4pl, STYPE = integer);
COMMENT ON AGGREGATE total(integer) IS 'it''s new';
