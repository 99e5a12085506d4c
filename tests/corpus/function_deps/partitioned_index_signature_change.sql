-- current
CREATE FUNCTION bucket(x integer) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT x / 10';
CREATE TABLE m (k integer, v integer) PARTITION BY LIST (k);
CREATE TABLE m_1 PARTITION OF m FOR VALUES IN (1);
CREATE INDEX m_bucket ON m (bucket(v));
-- desired
CREATE FUNCTION bucket(n integer) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT n / 10';
CREATE TABLE m (k integer, v integer) PARTITION BY LIST (k);
CREATE TABLE m_1 PARTITION OF m FOR VALUES IN (1);
CREATE INDEX m_bucket ON m (bucket(v));
