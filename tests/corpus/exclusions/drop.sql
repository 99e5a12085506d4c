-- current
CREATE TABLE r (id int, room int, during tstzrange, cancelled boolean DEFAULT false, CONSTRAINT r_no_overlap EXCLUDE USING gist (during WITH &&));
-- desired
CREATE TABLE r (id int, room int, during tstzrange, cancelled boolean DEFAULT false);
