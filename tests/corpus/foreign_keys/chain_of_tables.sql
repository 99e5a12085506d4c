-- current
-- desired
CREATE TABLE a (id int PRIMARY KEY); CREATE TABLE b (id int PRIMARY KEY, a_id int NOT NULL REFERENCES a); CREATE TABLE c (id int PRIMARY KEY, b_id int NOT NULL REFERENCES b); CREATE TABLE d (c_id int REFERENCES c, a_id int REFERENCES a);
