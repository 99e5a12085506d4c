-- requires: 180000
-- current
CREATE EXTENSION btree_gist;
-- desired
CREATE EXTENSION btree_gist;
CREATE TABLE room (id int, during tstzrange, PRIMARY KEY (id, during WITHOUT OVERLAPS));
