-- current
CREATE SCHEMA s; CREATE EXTENSION citext; CREATE TYPE e AS ENUM ('a'); CREATE DOMAIN d AS int; CREATE TYPE c AS (x int);
CREATE SEQUENCE s.q; CREATE TABLE s.t (id int PRIMARY KEY, v e, w d, x c, y citext); CREATE VIEW s.v AS SELECT id FROM s.t;
-- desired
