-- current
CREATE TABLE a (id int); CREATE TABLE b (id int);
-- desired
CREATE TABLE a (id int);
