-- current
CREATE TABLE t (id int PRIMARY KEY, a int CONSTRAINT a_pos CHECK (a > 0)); CREATE INDEX t_a ON t (a);
-- desired
CREATE TABLE t (id int PRIMARY KEY, a int CONSTRAINT a_pos CHECK (a > 0), b int); CREATE INDEX t_a ON t (a, b);
