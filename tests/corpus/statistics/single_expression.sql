-- current
CREATE TABLE t (a int, b text);
-- desired
CREATE TABLE t (a int, b text);
CREATE STATISTICS s_one ON (lower(b) || a::text) FROM t;
