-- current
-- desired
CREATE TYPE color AS ENUM ('red', 'green'); CREATE TABLE t (cs color[] NOT NULL DEFAULT '{}');
