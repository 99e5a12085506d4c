-- moved: app.t from public
-- current
CREATE SCHEMA app;
CREATE TABLE t (id bigint PRIMARY KEY, name text);
CREATE VIEW names AS SELECT name FROM t;
-- desired
CREATE SCHEMA app;
CREATE TABLE app.t (id bigint PRIMARY KEY, name text);
CREATE VIEW names AS SELECT name FROM app.t;
