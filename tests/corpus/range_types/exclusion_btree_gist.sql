-- current
CREATE EXTENSION btree_gist;
-- desired
CREATE EXTENSION btree_gist;
CREATE TYPE floatrange AS RANGE (SUBTYPE = float8, SUBTYPE_DIFF = float8mi);
CREATE TABLE booking (room integer NOT NULL, span floatrange NOT NULL DEFAULT '[0,1)', CONSTRAINT booking_no_overlap EXCLUDE USING gist (room WITH =, span WITH &&));
