-- current
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');CREATE TABLE t (m mood DEFAULT 'ok');
-- desired
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy', 'great'); CREATE TABLE t (m mood DEFAULT 'ok');
