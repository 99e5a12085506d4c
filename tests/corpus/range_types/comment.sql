-- current
CREATE TYPE floatrange AS RANGE (SUBTYPE = float8);
-- desired
CREATE TYPE floatrange AS RANGE (SUBTYPE = float8);
COMMENT ON TYPE floatrange IS 'float ranges, it''s true';
