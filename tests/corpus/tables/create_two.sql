-- current
-- desired
CREATE TABLE a (id int PRIMARY KEY); CREATE TABLE b (id int PRIMARY KEY, note varchar(50));
