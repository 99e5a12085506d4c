-- current
CREATE TABLE t (a int, b text, n numeric);
-- desired
CREATE TABLE t (a int, b text, n numeric);
ALTER TABLE t ALTER COLUMN b SET STORAGE EXTERNAL;
ALTER TABLE t ALTER COLUMN n SET STORAGE EXTENDED;
