-- current
CREATE TABLE old_name (id int);
-- desired
CREATE TABLE new_name (id int);
