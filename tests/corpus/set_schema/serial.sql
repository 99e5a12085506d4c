-- moved: app.t from public
-- current
CREATE SCHEMA app;
CREATE TABLE t (id serial PRIMARY KEY, v text);
-- desired
CREATE SCHEMA app;
CREATE TABLE app.t (id serial PRIMARY KEY, v text);
