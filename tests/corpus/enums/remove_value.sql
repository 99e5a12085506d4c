-- current
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');CREATE TABLE t (m mood);
-- desired
CREATE TYPE mood AS ENUM ('sad', 'happy'); CREATE TABLE t (m mood);
