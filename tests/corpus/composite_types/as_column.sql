-- current
CREATE TYPE money2 AS (amount numeric(12,2), currency char(3)); CREATE TABLE t (id int);
-- desired
CREATE TYPE money2 AS (amount numeric(12,2), currency char(3)); CREATE TABLE t (id int, price money2);
