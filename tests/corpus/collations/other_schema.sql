-- current
CREATE SCHEMA app;
-- desired
CREATE SCHEMA app;
CREATE COLLATION app."Odd ""Name" (locale = 'C');
CREATE TABLE app.t (v text COLLATE app."Odd ""Name");
