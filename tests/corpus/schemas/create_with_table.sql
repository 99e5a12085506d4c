-- current
-- desired
CREATE SCHEMA app; CREATE TABLE app.users (id int PRIMARY KEY);
