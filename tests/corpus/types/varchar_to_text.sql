-- current
CREATE TABLE t (v varchar(50));
-- desired
CREATE TABLE t (v text);
