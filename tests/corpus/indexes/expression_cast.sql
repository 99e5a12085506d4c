-- current
CREATE TABLE t (id int PRIMARY KEY, a text, b int, c int, d timestamptz, j jsonb);
-- desired
CREATE TABLE t (id int PRIMARY KEY, a text, b int, c int, d timestamptz, j jsonb);CREATE INDEX t_d_date ON t (((d AT TIME ZONE 'UTC')::date));
