-- current
CREATE EXTENSION btree_gist;CREATE TABLE r (id int, room int, during tstzrange, cancelled boolean DEFAULT false);
-- desired
CREATE EXTENSION btree_gist;CREATE TABLE r (id int, room int, during tstzrange, cancelled boolean DEFAULT false, CONSTRAINT r_room EXCLUDE USING gist (room WITH =, during WITH &&));
