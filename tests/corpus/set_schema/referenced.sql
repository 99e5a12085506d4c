-- moved: app.parent from public
-- current
CREATE SCHEMA app;
CREATE TABLE parent (id bigint PRIMARY KEY);
CREATE TABLE child (id bigint PRIMARY KEY, parent_id bigint REFERENCES parent (id));
-- desired
CREATE SCHEMA app;
CREATE TABLE app.parent (id bigint PRIMARY KEY);
CREATE TABLE child (id bigint PRIMARY KEY, parent_id bigint REFERENCES app.parent (id));
