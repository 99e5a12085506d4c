-- current
CREATE EXTENSION hstore VERSION '1.5';
CREATE TABLE t (id int PRIMARY KEY);
-- desired
CREATE EXTENSION hstore VERSION '1.5';
CREATE TABLE t (id int PRIMARY KEY, attrs hstore);
