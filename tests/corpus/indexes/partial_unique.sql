-- current
CREATE TABLE t (id int PRIMARY KEY, a text, b int, c int, d timestamptz, j jsonb);
-- desired
CREATE TABLE t (id int PRIMARY KEY, a text, b int, c int, d timestamptz, j jsonb);CREATE UNIQUE INDEX t_uq_live ON t (lower(a)) WHERE b > 0;
