-- current
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy'); CREATE TABLE t (a int, m mood, n mood);
-- desired
CREATE TYPE mood AS ENUM ('ok', 'sad'); CREATE TABLE t (a int, m mood);
