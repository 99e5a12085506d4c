-- current
CREATE SCHEMA app;
CREATE TABLE app.t ("A b" int, b int);
-- desired
CREATE SCHEMA app;
CREATE TABLE app.t ("A b" int, b int);
CREATE STATISTICS app."Odd ""name" ON "A b", b FROM app.t;
