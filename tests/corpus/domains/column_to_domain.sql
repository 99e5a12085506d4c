-- current
CREATE TABLE t (e text);
-- desired
CREATE DOMAIN email AS text CHECK (VALUE LIKE '%@%'); CREATE TABLE t (e email);
