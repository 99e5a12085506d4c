-- current
CREATE EXTENSION cube;
CREATE TABLE t (id int PRIMARY KEY);
-- desired
CREATE EXTENSION cube;
CREATE TABLE t (id int PRIMARY KEY, c cube, n numeric(7,2)[]);
