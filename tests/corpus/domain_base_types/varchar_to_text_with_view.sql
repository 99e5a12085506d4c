-- current
CREATE DOMAIN label AS varchar(20) NOT NULL;
CREATE TABLE t (id integer, l label);
CREATE VIEW labels AS SELECT l FROM t;
-- desired
CREATE DOMAIN label AS text NOT NULL;
CREATE TABLE t (id integer, l label);
CREATE VIEW labels AS SELECT l FROM t;
