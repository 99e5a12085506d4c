-- current
-- desired
CREATE TYPE floatrange AS RANGE (SUBTYPE = float8, SUBTYPE_DIFF = float8mi);
CREATE TABLE slot (id integer PRIMARY KEY, span floatrange NOT NULL DEFAULT '[0,1)'::floatrange);
