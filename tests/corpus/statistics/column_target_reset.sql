-- current
CREATE TABLE t (a int, b text);
ALTER TABLE t ALTER COLUMN a SET STATISTICS 1000;
-- desired
CREATE TABLE t (a int, b text);
