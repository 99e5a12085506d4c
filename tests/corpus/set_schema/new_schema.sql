-- moved: app.t from public
-- current
CREATE TABLE t (id bigint PRIMARY KEY, name text UNIQUE);
CREATE INDEX t_name_idx ON t (lower(name));
-- desired
CREATE SCHEMA app;
CREATE TABLE app.t (id bigint PRIMARY KEY, name text UNIQUE);
CREATE INDEX t_name_idx ON app.t (lower(name));
