-- current
CREATE TABLE r (id int, room int, during tstzrange, cancelled boolean DEFAULT false);
-- desired
CREATE TABLE r (id int, room int, during tstzrange, cancelled boolean DEFAULT false, CONSTRAINT r_x EXCLUDE USING gist (during WITH &&) DEFERRABLE INITIALLY DEFERRED);
