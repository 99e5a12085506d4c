-- current
CREATE TYPE mood AS ENUM ('happy', 'sad', 'meh');
CREATE DOMAIN feeling AS mood;
CREATE TABLE t (fs feeling[]);
-- desired
CREATE TYPE mood AS ENUM ('sad', 'happy');
CREATE DOMAIN feeling AS mood;
CREATE TABLE t (fs feeling[]);
