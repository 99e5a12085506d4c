-- current
CREATE TABLE t (m text);
-- desired
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');CREATE TABLE t (m mood);
