-- current
CREATE TABLE r (id int, room int, during tstzrange, cancelled boolean DEFAULT false, CONSTRAINT x1 EXCLUDE USING gist (during WITH &&));
-- desired
CREATE TABLE r (id int, room int, during tstzrange, cancelled boolean DEFAULT false, CONSTRAINT x2 EXCLUDE USING gist (during WITH &&));
