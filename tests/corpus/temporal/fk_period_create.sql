-- requires: 180000
-- current
CREATE EXTENSION btree_gist;
-- desired
CREATE EXTENSION btree_gist;
CREATE TABLE room (id int, during tstzrange, PRIMARY KEY (id, during WITHOUT OVERLAPS));
CREATE TABLE booking (id int PRIMARY KEY, room_id int, during tstzrange,
  FOREIGN KEY (room_id, PERIOD during) REFERENCES room (id, PERIOD during));
