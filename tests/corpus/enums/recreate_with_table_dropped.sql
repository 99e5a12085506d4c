-- current
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy'); CREATE TABLE t (m mood); CREATE TABLE u (m mood);
-- desired
CREATE TYPE mood AS ENUM ('ok', 'sad'); CREATE TABLE t (m mood);
