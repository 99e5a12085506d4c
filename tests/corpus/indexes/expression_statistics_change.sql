-- current
CREATE TABLE t (id integer PRIMARY KEY, email text, created date);
CREATE INDEX t_key ON t (created, lower(email), (id % 10));
ALTER INDEX t_key ALTER COLUMN 2 SET STATISTICS 100;
-- desired
CREATE TABLE t (id integer PRIMARY KEY, email text, created date);
CREATE INDEX t_key ON t (created, lower(email), (id % 10));
ALTER INDEX t_key ALTER COLUMN 2 SET STATISTICS 0;
ALTER INDEX t_key ALTER COLUMN 3 SET STATISTICS 250;
