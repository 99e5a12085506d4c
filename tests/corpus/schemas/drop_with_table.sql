-- current
CREATE SCHEMA app; CREATE TABLE app.users (id int PRIMARY KEY);
-- desired
