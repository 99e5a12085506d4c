-- current
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');CREATE TABLE t (m mood);
-- desired
CREATE TABLE t (m text);
