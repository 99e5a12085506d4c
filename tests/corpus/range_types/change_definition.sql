-- current
CREATE TYPE floatrange AS RANGE (SUBTYPE = float8);
-- desired
CREATE TYPE floatrange AS RANGE (SUBTYPE = float8, SUBTYPE_DIFF = float8mi);
