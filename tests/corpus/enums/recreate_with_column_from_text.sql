-- current
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy'); CREATE TABLE t (m mood, n text);
-- desired
CREATE TYPE mood AS ENUM ('ok', 'sad'); CREATE TABLE t (m mood, n mood);
