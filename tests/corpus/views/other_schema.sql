-- current
CREATE SCHEMA r;CREATE TABLE t (id int PRIMARY KEY, a text, b int);
-- desired
CREATE SCHEMA r;CREATE TABLE t (id int PRIMARY KEY, a text, b int);CREATE VIEW r.v AS SELECT id FROM public.t;
