-- current
-- desired
CREATE EXTENSION citext VERSION '1.6';
CREATE TABLE person (id int PRIMARY KEY, email citext);
