-- current
CREATE COLLATION bytes (locale = 'C');
CREATE TABLE t (id bigint PRIMARY KEY);
-- desired
CREATE COLLATION bytes (locale = 'C');
CREATE TABLE t (id bigint PRIMARY KEY, code varchar(10) COLLATE bytes);
