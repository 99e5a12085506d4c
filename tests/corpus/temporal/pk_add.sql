-- requires: 180000
-- current
CREATE EXTENSION btree_gist;
CREATE TABLE room (id int NOT NULL, during tstzrange NOT NULL);
-- desired
CREATE EXTENSION btree_gist;
CREATE TABLE room (id int NOT NULL, during tstzrange NOT NULL, PRIMARY KEY (id, during WITHOUT OVERLAPS));
