-- moved: public.t from app
-- current
CREATE SCHEMA app;
CREATE TABLE app.t (id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY, v text);
-- desired
CREATE TABLE t (id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY, v text);
