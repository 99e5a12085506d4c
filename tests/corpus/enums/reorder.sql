-- current
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');CREATE TABLE t (m mood NOT NULL DEFAULT 'ok');
-- desired
CREATE TYPE mood AS ENUM ('happy', 'ok', 'sad'); CREATE TABLE t (m mood NOT NULL DEFAULT 'ok');
