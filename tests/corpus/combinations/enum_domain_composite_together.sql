-- current
-- desired
CREATE TYPE unit AS ENUM ('g', 'kg');
CREATE DOMAIN amount AS numeric CHECK (VALUE > 0);
CREATE TYPE quantity AS (value amount, unit unit);
CREATE TABLE ingredient (name text PRIMARY KEY, q quantity, alts quantity[]);
