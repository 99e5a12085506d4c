-- current
CREATE TYPE mood AS ENUM ('happy', 'sad', 'meh');
CREATE DOMAIN feeling AS mood;
CREATE TABLE t (id integer, f feeling);
CREATE VIEW happy_ones AS SELECT id FROM t WHERE f::mood = 'happy';
-- desired
CREATE TYPE mood AS ENUM ('happy', 'sad');
CREATE DOMAIN feeling AS mood;
CREATE TABLE t (id integer, f feeling);
CREATE VIEW happy_ones AS SELECT id FROM t WHERE f::mood = 'happy';
