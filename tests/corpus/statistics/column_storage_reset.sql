-- current
CREATE TABLE t (a int, b text, n numeric);
ALTER TABLE t ALTER COLUMN b SET STORAGE MAIN;
ALTER TABLE t ALTER COLUMN n SET STORAGE EXTERNAL;
-- desired
CREATE TABLE t (a int, b text, n numeric);
