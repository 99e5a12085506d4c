-- requires: 170000
-- current
CREATE FUNCTION twice(x integer) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT x * 2';
CREATE TABLE m (k integer, b integer GENERATED ALWAYS AS (twice(k)) STORED, c text) PARTITION BY LIST (k);
CREATE TABLE m_1 PARTITION OF m FOR VALUES IN (1);
-- desired
CREATE FUNCTION twice(n integer) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT n * 2';
CREATE TABLE m (k integer, b integer GENERATED ALWAYS AS (twice(k)) STORED, c text) PARTITION BY LIST (k);
CREATE TABLE m_1 PARTITION OF m FOR VALUES IN (1);
