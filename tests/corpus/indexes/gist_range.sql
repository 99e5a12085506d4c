-- current
CREATE TABLE t (id int PRIMARY KEY, a text, b int, c int, d timestamptz, j jsonb);
-- desired
CREATE TABLE t (id int PRIMARY KEY, a text, b int, c int, d timestamptz, j jsonb);CREATE INDEX t_range ON t USING gist (int4range(b, c));
