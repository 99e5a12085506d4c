-- current
-- desired
CREATE TYPE floatrange AS RANGE (SUBTYPE = float8);
CREATE TABLE t (id integer, spans floatmultirange, ranges floatrange[], many datemultirange);
