-- current
CREATE TYPE mood AS ENUM ('happy', 'sad');
CREATE DOMAIN feeling AS mood;
CREATE TABLE t (f feeling);
-- desired
CREATE TYPE mood AS ENUM ('happy', 'sad', 'meh');
CREATE DOMAIN feeling AS mood;
CREATE TABLE t (f feeling);
