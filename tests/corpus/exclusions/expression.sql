-- current
CREATE TABLE r (starts timestamptz, ends timestamptz);
-- desired
CREATE TABLE r (starts timestamptz, ends timestamptz, CONSTRAINT r_x EXCLUDE USING gist (tstzrange(starts, ends) WITH &&));
