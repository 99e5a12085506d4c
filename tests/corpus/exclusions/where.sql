-- current
CREATE TABLE r (id int, room int, during tstzrange, cancelled boolean DEFAULT false);
-- desired
CREATE TABLE r (id int, room int, during tstzrange, cancelled boolean DEFAULT false, CONSTRAINT r_live EXCLUDE USING gist (during WITH &&) WHERE (NOT cancelled));
