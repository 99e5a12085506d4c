-- current
CREATE TABLE t (id int PRIMARY KEY, a text, b int, c int, d timestamptz, j jsonb);CREATE INDEX t_a_old ON t (a);
-- desired
CREATE TABLE t (id int PRIMARY KEY, a text, b int, c int, d timestamptz, j jsonb);CREATE INDEX t_a_new ON t (a);
