-- current
CREATE TABLE t (id int PRIMARY KEY, a text, b int, c int, d timestamptz, j jsonb);CREATE INDEX t_x ON t (b);
-- desired
CREATE TABLE t (id int PRIMARY KEY, a text, b int, c int, d timestamptz, j jsonb);CREATE UNIQUE INDEX t_x ON t (b);
