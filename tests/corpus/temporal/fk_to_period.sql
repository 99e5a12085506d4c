-- requires: 180000
-- current
CREATE EXTENSION btree_gist;
CREATE TABLE room (id int, during tstzrange, PRIMARY KEY (id, during));
CREATE TABLE booking (id int PRIMARY KEY, room_id int, during tstzrange,
  CONSTRAINT b_fk FOREIGN KEY (room_id, during) REFERENCES room (id, during));
-- desired
CREATE EXTENSION btree_gist;
CREATE TABLE room (id int, during tstzrange, PRIMARY KEY (id, during WITHOUT OVERLAPS));
CREATE TABLE booking (id int PRIMARY KEY, room_id int, during tstzrange,
  CONSTRAINT b_fk FOREIGN KEY (room_id, PERIOD during) REFERENCES room (id, PERIOD during));
