-- current
CREATE EXTENSION btree_gist;
CREATE TABLE ev (room int, during tstzrange);
-- desired
CREATE EXTENSION btree_gist;
CREATE TABLE ev (room int, during tstzrange);
CREATE INDEX ev_room_during ON ev USING gist (room, during);
