-- moved: app.t from public
-- current
CREATE SCHEMA app;
CREATE TABLE t (id bigint PRIMARY KEY, name text NOT NULL);
-- desired
CREATE SCHEMA app;
CREATE TABLE app.t (id bigint PRIMARY KEY, name text NOT NULL);
