-- current
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');CREATE TABLE t (ms mood[]);
-- desired
CREATE TYPE mood AS ENUM ('ok', 'happy'); CREATE TABLE t (ms mood[]);
